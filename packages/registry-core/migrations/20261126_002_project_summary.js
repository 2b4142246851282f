// @ts-check
/**
 * Denormalised per-project figures, kept current by the store on every change, so that listing and sorting
 * thousands of artifacts is one indexed query instead of an aggregate over every file.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('wh_projects', table => {
    table
      .string('latest_version', 128)
      .comment('highest version not in the recycle bin');
    table
      .string('latest_sort', 400)
      .comment('PEP 440 order as a sortable string');
    table.integer('version_count').notNullable().defaultTo(0);
    table.bigInteger('total_size').notNullable().defaultTo(0);
    table.bigInteger('total_downloads').notNullable().defaultTo(0);
    table.index(['repository', 'version_count', 'name']);
  });
  if (knex.client.config.client === 'pg') {
    // The sort key is compared byte by byte; a locale collation would ignore its punctuation markers.
    await knex.raw(
      'alter table wh_projects alter column latest_sort type varchar(400) collate "C"',
    );
  }
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('wh_projects', table => {
    table.dropIndex(['repository', 'version_count', 'name']);
    table.dropColumns(
      'latest_version',
      'latest_sort',
      'version_count',
      'total_size',
      'total_downloads',
    );
  });
};
