import {
  compatWrapper,
  convertLegacyRouteRef,
  convertLegacyRouteRefs,
} from '@backstage/core-compat-api';
import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { isPypiAvailable } from './annotations';
import { pypiApiRef, PypiClient } from './api';
import { artifactRouteRef, repositoryRouteRef, rootRouteRef } from './routes';

/** The PypiApi, from discovery and fetch. */
export const pypiApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: pypiApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new PypiClient({ discoveryApi, fetchApi }),
    }),
});

/** The artifact browser, recycle bin and user guide at /pypi. */
export const pypiPage = PageBlueprint.make({
  params: {
    path: '/pypi',
    title: 'PyPI',
    routeRef: convertLegacyRouteRef(rootRouteRef),
    // The pages bring their own header.
    noHeader: true,
    loader: () =>
      import('./components/PypiPage/PypiPage').then(m =>
        compatWrapper(<m.PypiPage />),
      ),
  },
});

/** The entity tab for entities annotated with `wheelhouse.dev/pypi-package`. */
export const pypiEntityContent = EntityContentBlueprint.make({
  params: {
    path: '/pypi',
    title: 'PyPI',
    filter: isPypiAvailable,
    loader: () =>
      import('./components/Entity/EntityPypiContent').then(m =>
        compatWrapper(<m.EntityPypiContent />),
      ),
  },
});

/** The overview card for the same entities. */
export const pypiEntityCard = EntityCardBlueprint.make({
  name: 'package',
  params: {
    filter: isPypiAvailable,
    loader: () =>
      import('./components/Entity/EntityPypiCard').then(m =>
        compatWrapper(<m.EntityPypiCard />),
      ),
  },
});

/** The Wheelhouse PyPI plugin for Backstage's new frontend system. */
export default createFrontendPlugin({
  pluginId: 'pypi',
  title: 'PyPI',
  routes: convertLegacyRouteRefs({
    root: rootRouteRef,
    repository: repositoryRouteRef,
    artifact: artifactRouteRef,
  }),
  extensions: [pypiApi, pypiPage, pypiEntityContent, pypiEntityCard],
});

export { isPypiAvailable } from './annotations';
