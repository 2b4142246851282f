import { Navigate, Route } from 'react-router-dom';
import { createApp } from '@backstage/app-defaults';
import { Entity } from '@backstage/catalog-model';
import { AppRouter, FlatRoutes } from '@backstage/core-app-api';
import { AlertDisplay, SignInPage } from '@backstage/core-components';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import {
  EntityPypiContent,
  PYPI_PACKAGE_ANNOTATION,
  PYPI_REPOSITORY_ANNOTATION,
  PypiPage,
  pypiPlugin,
} from '@wheelhouse/backstage-plugin-pypi';

// A Backstage app (legacy frontend system, as create-app makes it) with the PyPI page and, on an entity page, the
// PyPI tab's content. The entity is written here because this app has no catalog.
const app = createApp({
  plugins: [pypiPlugin],
  components: {
    SignInPage: props => <SignInPage {...props} auto providers={['guest']} />,
  },
});

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'outside-demo',
    annotations: {
      [PYPI_PACKAGE_ANNOTATION]: 'outside-demo',
      [PYPI_REPOSITORY_ANNOTATION]: 'default',
    },
  },
  spec: { type: 'library', lifecycle: 'production', owner: 'guests' },
};

const routes = (
  <FlatRoutes>
    <Route path="/" element={<Navigate to="pypi" />} />
    <Route path="/pypi" element={<PypiPage />} />
    <Route
      path="/entity"
      element={
        <EntityProvider entity={entity}>
          <EntityPypiContent />
        </EntityProvider>
      }
    />
  </FlatRoutes>
);

export default app.createRoot(
  <>
    <AlertDisplay />
    <AppRouter>{routes}</AppRouter>
  </>,
);
