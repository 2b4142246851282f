// @ts-check
/**
 * Proxy repositories (issue 14): the upstream project pages a proxy fetched, shared by every replica.
 * - wh_upstream_projects: one per proxy repository and project asked for, with the upstream's ETag, when it was
 *   fetched and until when it is used without revalidation; `missing` when the upstream answered 404.
 * - wh_upstream_files: the files that page listed, in the upstream's order, with their upstream URL. A file fetched
 *   through the proxy becomes an ordinary wh_files row of the proxy repository (so disable, delete, downloads and the
 *   blob ledger apply to it as to an upload); these rows are only what the upstream offers.
 * - wh_project_tracks: PEP 708 `tracks` URLs a hosted project declares, which let a virtual repository merge the
 *   upstream project of the same name with it.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('wh_upstream_projects', table => {
    table.increments('id');
    table.string('repository', 64).notNullable();
    table.string('name', 200).notNullable().comment('PEP 503 normalised');
    table.string('display_name', 200).notNullable();
    table.boolean('missing').notNullable().defaultTo(false);
    table.text('etag');
    table.text('versions').comment('JSON list, PEP 700');
    table.string('fetched_at', 32).notNullable();
    table.string('expires_at', 32).notNullable();
    table.unique(['repository', 'name']);
  });
  await knex.schema.createTable('wh_upstream_files', table => {
    table.increments('id');
    table
      .integer('project_id')
      .notNullable()
      .references('id')
      .inTable('wh_upstream_projects')
      .onDelete('CASCADE');
    table.string('repository', 64).notNullable();
    table.integer('position').notNullable();
    table.string('filename', 255).notNullable();
    table.text('url').notNullable().comment('absolute');
    table.string('sha256', 64).notNullable();
    table.string('requires_python', 256);
    table
      .text('yanked')
      .comment('null: not yanked; the reason, empty when none was given');
    table.bigInteger('size');
    table.string('upload_time', 32);
    table.string('metadata_sha256', 64).comment('PEP 658, when offered');
    table.index(['project_id', 'position']);
    table.index(['repository', 'sha256']);
  });
  await knex.schema.createTable('wh_project_tracks', table => {
    table.string('repository', 64).notNullable();
    table.string('project', 200).notNullable().comment('PEP 503 normalised');
    table.text('tracks').notNullable().comment('JSON list of URLs');
    table.string('updated_by', 256);
    table.string('updated_at', 32).notNullable();
    table.primary(['repository', 'project']);
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  for (const table of [
    'wh_project_tracks',
    'wh_upstream_files',
    'wh_upstream_projects',
  ])
    await knex.schema.dropTableIfExists(table);
};
