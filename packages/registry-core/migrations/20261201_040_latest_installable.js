// @ts-check
/**
 * "Latest" became what pip installs by default: the newest final release that is neither disabled, yanked nor in the
 * recycle bin (a pre-release only when no such final exists), with the newest newer pre-release beside it. Adds that
 * column and recomputes both for the projects there are, with the rule the store applies on every change.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('wh_projects', table => {
    table
      .string('latest_prerelease', 128)
      .comment(
        'newest installable pre-release, when newer than latest_version',
      );
  });
  // The rule and the sort key from the PEP module the store uses (a dependency of this package); the mapping of a
  // row to a candidate is the store's (src/store/latestColumns.ts).
  const {
    latestVersions,
    versionSortKey,
  } = require('@wheelhouse/registry-client');
  const projects = await knex('wh_projects').select('id');
  for (const { id } of projects) {
    const rows = await knex('wh_versions')
      .where({ project_id: id })
      .whereNull('deleted_at')
      .select('version', 'canonical', 'disabled_at', 'yanked_at');
    const { latest, latestPrerelease } = latestVersions(
      rows.map(row => ({
        row,
        version: row.canonical,
        installable: !row.disabled_at && !row.yanked_at,
      })),
    );
    await knex('wh_projects')
      .where({ id })
      .update({
        latest_version: latest ? latest.row.version : null,
        latest_sort: latest ? versionSortKey(latest.row.canonical) : null,
        latest_prerelease: latestPrerelease
          ? latestPrerelease.row.version
          : null,
      });
  }
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('wh_projects', table => {
    table.dropColumn('latest_prerelease');
  });
};
