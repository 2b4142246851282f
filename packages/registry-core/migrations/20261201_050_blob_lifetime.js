// @ts-check
/**
 * Blob lifetime decided in the database, so that every replica and process agrees (issue 11):
 * - wh_blobs: one row per blob the registry stored or found in its storage; its row lock is what an upload taking a
 *   claim and the collector deleting the blob serialise on. `touched_at` starts the grace period.
 * - wh_blob_claims: an upload's claim on a blob from before it relies on the bytes until its file row is committed.
 * - wh_leases: which replica runs a global job (the collector) until when.
 * - wh_settings: this database's id, which the storage's owner marker names (one database per storage location).
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('wh_blobs', table => {
    table.string('sha256', 64).primary();
    table
      .string('touched_at', 32)
      .notNullable()
      .comment(
        'last time it was claimed, released or found; the grace period runs from here',
      );
  });
  await knex.schema.createTable('wh_blob_claims', table => {
    table.string('claim', 64).notNullable().comment('one per upload');
    table.string('sha256', 64).notNullable().index();
    table.string('created_at', 32).notNullable();
    table.primary(['claim', 'sha256']);
  });
  await knex.schema.createTable('wh_leases', table => {
    table.string('name', 64).primary();
    table.string('holder', 128).notNullable();
    table.string('expires_at', 32).notNullable();
  });
  await knex.schema.createTable('wh_settings', table => {
    table.string('key', 64).primary();
    table.text('value').notNullable();
  });
  // The collector asks whether any file still references a key, as content or as metadata.
  await knex.schema.alterTable('wh_files', table => {
    table.index(['metadata_sha256']);
  });
  const now = new Date().toISOString();
  await knex('wh_settings').insert({
    key: 'database_id',
    value: require('node:crypto').randomUUID(),
  });
  // Every blob a file row references is known from the start.
  const keys = new Set();
  for (const row of await knex('wh_files').select(
    'sha256',
    'metadata_sha256',
  )) {
    keys.add(row.sha256);
    if (row.metadata_sha256) keys.add(row.metadata_sha256);
  }
  const rows = [...keys].map(sha256 => ({ sha256, touched_at: now }));
  for (let index = 0; index < rows.length; index += 400)
    await knex('wh_blobs').insert(rows.slice(index, index + 400));
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  for (const table of [
    'wh_settings',
    'wh_leases',
    'wh_blob_claims',
    'wh_blobs',
  ])
    await knex.schema.dropTableIfExists(table);
  await knex.schema.alterTable('wh_files', table => {
    table.dropIndex(['metadata_sha256']);
  });
};
