// @ts-check
/**
 * The initial schema. Times are ISO-8601 UTC strings (they sort correctly as text on every database);
 * sizes and counters are bigints.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('wh_repositories', table => {
    table.string('name', 64).primary();
    table.text('description');
    table.boolean('anonymous_read').notNullable().defaultTo(false);
    table.string('created_at', 32).notNullable();
  });

  await knex.schema.createTable('wh_projects', table => {
    table.increments('id');
    table
      .string('repository', 64)
      .notNullable()
      .references('name')
      .inTable('wh_repositories');
    table.string('name', 200).notNullable().comment('PEP 503 normalised');
    table.string('display_name', 200).notNullable();
    table.string('created_at', 32).notNullable();
    table.string('updated_at', 32).notNullable();
    table.unique(['repository', 'name']);
  });

  await knex.schema.createTable('wh_versions', table => {
    table.increments('id');
    table
      .integer('project_id')
      .notNullable()
      .references('id')
      .inTable('wh_projects')
      .onDelete('CASCADE');
    table.string('version', 128).notNullable().comment('as first uploaded');
    table.string('canonical', 128).notNullable().comment('PEP 440 normalised');
    table.text('summary');
    table.string('requires_python', 256);
    table.text('core_metadata').comment('parsed core metadata, JSON');
    table.string('disabled_at', 32);
    table.string('disabled_by', 256);
    table.text('disabled_reason');
    table.string('deleted_at', 32);
    table.string('deleted_by', 256);
    table.text('deleted_reason');
    table.string('yanked_at', 32);
    table.text('yanked_reason');
    table.string('created_at', 32).notNullable();
    table.string('updated_at', 32).notNullable();
    table.unique(['project_id', 'canonical']);
  });

  await knex.schema.createTable('wh_files', table => {
    table.increments('id');
    table.string('repository', 64).notNullable();
    table
      .integer('version_id')
      .notNullable()
      .references('id')
      .inTable('wh_versions')
      .onDelete('CASCADE');
    table.string('filename', 255).notNullable();
    table.string('filetype', 16).notNullable();
    table.string('python_version', 64);
    table.string('requires_python', 256);
    table.bigInteger('size').notNullable();
    table.string('sha256', 64).notNullable();
    table.string('blake2_256', 64).notNullable();
    table.string('md5', 32).notNullable();
    table.string('metadata_sha256', 64);
    table.string('uploaded_by', 256);
    table.string('uploaded_at', 32).notNullable();
    table.bigInteger('downloads').notNullable().defaultTo(0);
    table.unique(['repository', 'filename']);
    table.index(['version_id']);
    table.index(['sha256']);
  });

  await knex.schema.createTable('wh_custom_metadata', table => {
    table
      .integer('version_id')
      .notNullable()
      .references('id')
      .inTable('wh_versions')
      .onDelete('CASCADE');
    table.string('key', 128).notNullable();
    table.text('value').notNullable();
    table.string('updated_by', 256);
    table.string('updated_at', 32).notNullable();
    table.primary(['version_id', 'key']);
  });

  await knex.schema.createTable('wh_tags', table => {
    table
      .integer('project_id')
      .notNullable()
      .references('id')
      .inTable('wh_projects')
      .onDelete('CASCADE');
    table.string('tag', 64).notNullable();
    table
      .integer('version_id')
      .notNullable()
      .references('id')
      .inTable('wh_versions')
      .onDelete('CASCADE');
    table.string('created_by', 256);
    table.string('created_at', 32).notNullable();
    table.primary(['project_id', 'tag']);
  });

  await knex.schema.createTable('wh_download_counts', table => {
    table
      .integer('file_id')
      .notNullable()
      .references('id')
      .inTable('wh_files')
      .onDelete('CASCADE');
    table.string('day', 10).notNullable();
    table.bigInteger('count').notNullable();
    table.primary(['file_id', 'day']);
  });

  await knex.schema.createTable('wh_tokens', table => {
    table.string('id', 32).primary();
    table.string('name', 128).notNullable();
    table
      .string('hash', 64)
      .notNullable()
      .unique()
      .comment('sha256 of the secret');
    table.string('scopes', 128).notNullable().comment('comma separated');
    table.text('repositories').comment('comma separated; null means all');
    table.string('owner', 256);
    table.string('created_at', 32).notNullable();
    table.string('expires_at', 32);
    table.string('last_used_at', 32);
    table.string('revoked_at', 32);
  });

  await knex.schema.createTable('wh_audit_events', table => {
    table.increments('id');
    table.string('repository', 64);
    table.string('project', 200);
    table.string('version', 128);
    table.string('action', 64).notNullable();
    table.string('actor', 256);
    table.text('reason');
    table.text('details').comment('JSON');
    table.string('created_at', 32).notNullable();
    table.index(['repository', 'project']);
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  for (const table of [
    'wh_audit_events',
    'wh_tokens',
    'wh_download_counts',
    'wh_tags',
    'wh_custom_metadata',
    'wh_files',
    'wh_versions',
    'wh_projects',
    'wh_repositories',
  ]) {
    await knex.schema.dropTableIfExists(table);
  }
};
