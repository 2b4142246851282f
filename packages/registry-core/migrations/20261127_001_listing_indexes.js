// @ts-check
/**
 * Indexes for the pages people and pip read most, measured by `npm run bench` (10,000 artifacts, 100,000 files):
 *
 * - the management API sorts artifacts by downloads, size, latest version, version count or last update, newest or
 *   largest first: an index per sort (repository, column descending, name) lets a page be read in order instead of
 *   sorting every artifact of the repository for each request;
 * - the simple index lists projects with at least one version that is neither deleted nor disabled: with those two
 *   columns in an index on the project id, that check no longer reads the version rows.
 */
const INDEXES = [
  [
    'wh_projects_sort_downloads',
    'wh_projects (repository, total_downloads desc, name)',
  ],
  ['wh_projects_sort_size', 'wh_projects (repository, total_size desc, name)'],
  [
    'wh_projects_sort_latest',
    'wh_projects (repository, latest_sort desc, name)',
  ],
  [
    'wh_projects_sort_versions',
    'wh_projects (repository, version_count desc, name)',
  ],
  [
    'wh_projects_sort_updated',
    'wh_projects (repository, updated_at desc, name)',
  ],
  [
    'wh_versions_installable',
    'wh_versions (project_id, deleted_at, disabled_at)',
  ],
];

/** @param {import('knex').Knex} knex */
exports.up = async function up(knex) {
  for (const [name, definition] of INDEXES)
    await knex.raw(`create index ${name} on ${definition}`);
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  for (const [name] of INDEXES) await knex.raw(`drop index ${name}`);
};
