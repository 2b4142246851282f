import { ReactNode } from 'react';
import { SWRConfig } from 'swr';
import { Entity } from '@backstage/catalog-model';
import { alertApiRef, identityApiRef } from '@backstage/core-plugin-api';
import { toastApiRef } from '@backstage/frontend-plugin-api';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import {
  catalogApiRef,
  entityPresentationApiRef,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { InMemoryCatalogClient } from '@backstage/catalog-client/testUtils';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { PypiApi, pypiApiRef } from '../api';
import { rootRouteRef } from '../routes';
import { catalogPresentation } from './catalogPresentation';

export interface RenderOptions {
  api: PypiApi;
  /** Permission names to deny; everything else is allowed. */
  deny?: string[];
  /** Where the test app's router starts. */
  at?: string;
  /** A catalog holding these entities (Backstage's InMemoryCatalogClient); no catalog when undefined. */
  catalog?: Entity[];
}

/** Renders inside a Backstage test app with the plugin mounted at /pypi, the catalog's entity page, and the given PypiApi. */
export async function renderPypi(element: ReactNode, options: RenderOptions) {
  const alertApi = { post: jest.fn(), alert$: jest.fn() };
  const toastApi = { post: jest.fn(() => ({ close() {} })) };
  const permissionApi = mockApis.permission({
    authorize: request =>
      options.deny?.includes(request.permission.name)
        ? AuthorizeResult.DENY
        : AuthorizeResult.ALLOW,
  });
  const catalogApi = options.catalog
    ? new InMemoryCatalogClient({ entities: options.catalog })
    : undefined;
  const result = await renderInTestApp(
    // usePermission caches answers in SWR's global cache; each render gets its own, so that tests do not share them.
    <SWRConfig value={{ provider: () => new Map() }}>
      <TestApiProvider
        apis={[
          [pypiApiRef, options.api],
          [permissionApiRef, permissionApi],
          [alertApiRef, alertApi],
          [toastApiRef, toastApi],
          [
            identityApiRef,
            mockApis.identity({ userEntityRef: 'user:default/jane' }),
          ],
          ...(catalogApi
            ? ([
                [catalogApiRef, catalogApi],
                [entityPresentationApiRef, catalogPresentation(catalogApi)],
              ] as const)
            : []),
        ]}
      >
        {element}
      </TestApiProvider>
    </SWRConfig>,
    {
      mountedRoutes: {
        '/pypi': rootRouteRef,
        '/catalog/:namespace/:kind/:name': entityRouteRef,
      },
      routeEntries: [options.at ?? '/'],
    },
  );
  return { ...result, alertApi, toastApi, catalogApi };
}
