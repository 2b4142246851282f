// @ts-check
/**
 * Proxy repositories (issue 14): PEP 658 metadata a proxy fetched for an upstream file it has not stored, kept once
 * its sha256 matched the page's, so that every replica serves it without asking the upstream again. Keyed by that
 * sha256 (the bytes never change under it); rows go with the project's cache purge. A stored file's metadata is a
 * blob beside the file, as for uploads, not a row here.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('wh_upstream_metadata', table => {
    table.string('repository', 64).notNullable();
    table.string('sha256', 64).notNullable().comment('of content');
    table.string('project', 200).notNullable().comment('PEP 503 normalised');
    table.binary('content').notNullable();
    table.string('fetched_at', 32).notNullable();
    table.primary(['repository', 'sha256']);
    table.index(['repository', 'project']);
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTableIfExists('wh_upstream_metadata');
};
