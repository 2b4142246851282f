import { ReactNode } from 'react';
import { SWRConfig } from 'swr';
import { alertApiRef, identityApiRef } from '@backstage/core-plugin-api';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { PypiApi, pypiApiRef } from '../api';
import { rootRouteRef } from '../routes';

export interface RenderOptions {
  api: PypiApi;
  /** Permission names to deny; everything else is allowed. */
  deny?: string[];
  /** Where the test app's router starts. */
  at?: string;
}

/** Renders inside a Backstage test app with the plugin mounted at /pypi and the given PypiApi. */
export async function renderPypi(element: ReactNode, options: RenderOptions) {
  const alertApi = { post: jest.fn(), alert$: jest.fn() };
  const permissionApi = mockApis.permission({
    authorize: request =>
      options.deny?.includes(request.permission.name)
        ? AuthorizeResult.DENY
        : AuthorizeResult.ALLOW,
  });
  const result = await renderInTestApp(
    // usePermission caches answers in SWR's global cache; each render gets its own, so that tests do not share them.
    <SWRConfig value={{ provider: () => new Map() }}>
      <TestApiProvider
        apis={[
          [pypiApiRef, options.api],
          [permissionApiRef, permissionApi],
          [alertApiRef, alertApi],
          [
            identityApiRef,
            mockApis.identity({ userEntityRef: 'user:default/jane' }),
          ],
        ]}
      >
        {element}
      </TestApiProvider>
    </SWRConfig>,
    {
      mountedRoutes: { '/pypi': rootRouteRef },
      routeEntries: [options.at ?? '/'],
    },
  );
  return { ...result, alertApi };
}
