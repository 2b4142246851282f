// @ts-check
/**
 * Trusted publishing (OpenID Connect): publishers, the tokens minted for them, the JWT ids already used, and the
 * verified provenance of files uploaded with a minted token. No management route writes wh_file_provenance.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('wh_trusted_publishers', table => {
    table.string('id', 32).primary();
    table
      .string('repository', 64)
      .notNullable()
      .references('name')
      .inTable('wh_repositories');
    table.string('project', 200).notNullable().comment('PEP 503 normalised');
    table
      .boolean('pending')
      .notNullable()
      .comment('the project did not exist when the publisher was added');
    table.string('provider', 16).notNullable().comment('github');
    table.string('repository_owner', 64).notNullable().comment('lower case');
    table.string('repository_owner_id', 32).notNullable();
    table.string('repository_name', 128).notNullable().comment('lower case');
    table.string('workflow', 255).notNullable().comment('file name');
    table.string('environment', 255).comment('lower case; null: any');
    table.string('ref_pattern', 255).comment('glob on the ref claim');
    table.string('source', 16).notNullable().comment('api or config');
    table.string('created_by', 256);
    table.string('created_at', 32).notNullable();
    table.index(['repository_owner', 'repository_name']);
    table.index(['repository', 'project']);
  });

  await knex.schema.createTable('wh_oidc_jtis', table => {
    table.string('jti', 256).primary();
    table.string('expires_at', 32).notNullable();
    table.index(['expires_at']);
  });

  await knex.schema.createTable('wh_oidc_minted_tokens', table => {
    table
      .string('token_id', 32)
      .primary()
      .references('id')
      .inTable('wh_tokens')
      .onDelete('CASCADE');
    table.string('issuer', 255).notNullable();
    table.text('claims').notNullable().comment('verified JWT claims, JSON');
    table.string('created_at', 32).notNullable();
  });

  await knex.schema.createTable('wh_oidc_token_grants', table => {
    table
      .string('token_id', 32)
      .notNullable()
      .references('token_id')
      .inTable('wh_oidc_minted_tokens')
      .onDelete('CASCADE');
    table.string('repository', 64).notNullable();
    table.string('project', 200).notNullable();
    table.string('publisher_id', 32).notNullable();
    table.boolean('pending').notNullable();
    table.primary(['token_id', 'repository', 'project']);
  });

  await knex.schema.createTable('wh_file_provenance', table => {
    table
      .integer('file_id')
      .primary()
      .references('id')
      .inTable('wh_files')
      .onDelete('CASCADE');
    table.string('publisher_id', 32).notNullable();
    table.string('issuer', 255).notNullable();
    table.string('repository', 255).notNullable().comment('owner/name');
    table.string('repository_id', 32);
    table.string('repository_owner_id', 32).notNullable();
    table.string('workflow_ref', 512);
    table.string('job_workflow_ref', 512).notNullable();
    table.string('sha', 64).notNullable();
    table.string('ref', 255);
    table.string('event_name', 64);
    table.string('environment', 255);
    table.string('run_id', 32);
    table.string('run_attempt', 16);
    table.string('runner_environment', 32);
    table.string('actor', 255);
    table.text('claims').notNullable().comment('every verified claim, JSON');
    table.string('verified_at', 32).notNullable();
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('wh_file_provenance');
  await knex.schema.dropTable('wh_oidc_token_grants');
  await knex.schema.dropTable('wh_oidc_minted_tokens');
  await knex.schema.dropTable('wh_oidc_jtis');
  await knex.schema.dropTable('wh_trusted_publishers');
};
