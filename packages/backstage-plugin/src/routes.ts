import { createRouteRef, createSubRouteRef } from '@backstage/core-plugin-api';

/** Where the app mounts PypiPage (e.g. /pypi). */
export const rootRouteRef = createRouteRef({ id: 'pypi' });

/** A repository's home: Artifacts, Recycle Bin and User Guide tabs. */
export const repositoryRouteRef = createSubRouteRef({
  id: 'pypi/repository',
  parent: rootRouteRef,
  path: '/:repository',
});

/** An artifact's details; the version is the `?version=` query parameter (the latest when absent). */
export const artifactRouteRef = createSubRouteRef({
  id: 'pypi/artifact',
  parent: rootRouteRef,
  path: '/:repository/packages/:name',
});

/** Tabs of the repository home, relative to repositoryRouteRef. */
export const REPOSITORY_TABS = {
  projects: '',
  recycleBin: 'recycle-bin',
  userGuide: 'user-guide',
  trustedPublishers: 'trusted-publishers',
} as const;
