import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { pypiApiRef, PypiClient } from './api';
import { artifactRouteRef, repositoryRouteRef, rootRouteRef } from './routes';

/** The Wheelhouse PyPI plugin for the legacy frontend system (`@backstage/core-plugin-api`). */
export const pypiPlugin = createPlugin({
  id: 'pypi',
  apis: [
    createApiFactory({
      api: pypiApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new PypiClient({ discoveryApi, fetchApi }),
    }),
  ],
  routes: {
    root: rootRouteRef,
    repository: repositoryRouteRef,
    artifact: artifactRouteRef,
  },
});

/** The artifact browser, recycle bin and user guide: `<Route path="/pypi" element={<PypiPage />} />`. */
export const PypiPage = pypiPlugin.provide(
  createRoutableExtension({
    name: 'PypiPage',
    component: () =>
      import('./components/PypiPage/PypiPage').then(m => m.PypiPage),
    mountPoint: rootRouteRef,
  }),
);

/** An entity page tab with the details of the entity's package (see isPypiAvailable). */
export const EntityPypiContent = pypiPlugin.provide(
  createComponentExtension({
    name: 'EntityPypiContent',
    component: {
      lazy: () =>
        import('./components/Entity/EntityPypiContent').then(
          m => m.EntityPypiContent,
        ),
    },
  }),
);

/** An overview card for the entity's package. */
export const EntityPypiCard = pypiPlugin.provide(
  createComponentExtension({
    name: 'EntityPypiCard',
    component: {
      lazy: () =>
        import('./components/Entity/EntityPypiCard').then(
          m => m.EntityPypiCard,
        ),
    },
  }),
);
