import { Navigate, Route } from 'react-router-dom';
import LibraryBooksIcon from '@material-ui/icons/LibraryBooks';
import ExtensionIcon from '@material-ui/icons/Extension';
import { createApp } from '@backstage/app-defaults';
import { FlatRoutes } from '@backstage/core-app-api';
import {
  AlertDisplay,
  Sidebar,
  SidebarItem,
  SidebarPage,
  SignInPage,
} from '@backstage/core-components';
import { EntityPypiPage } from './EntityPypiPage';
import { PypiPage, pypiPlugin } from '../src';

/**
 * A small Backstage app (the legacy frontend system, as @backstage/app-defaults builds it) with only this plugin:
 * guest sign-in through the backend's guest provider, the default fetch API that adds the Backstage token, and the
 * permission API that asks the backend. Config (backend.baseUrl) comes from the page, see server.js.
 */
const app = createApp({
  plugins: [pypiPlugin],
  components: {
    SignInPage: props => <SignInPage {...props} auto providers={['guest']} />,
  },
});

const AppProvider = app.getProvider();
const AppRouter = app.getRouter();

export function App() {
  return (
    <AppProvider>
      <AlertDisplay transientTimeoutMs={4000} />
      <AppRouter>
        <SidebarPage>
          <Sidebar>
            <SidebarItem icon={LibraryBooksIcon} to="pypi" text="PyPI" />
            <SidebarItem
              icon={ExtensionIcon}
              to="entity-demo"
              text="Entity demo"
            />
          </Sidebar>
          <FlatRoutes>
            <Route path="/" element={<Navigate to="pypi" />} />
            <Route path="/pypi" element={<PypiPage />} />
            <Route path="/entity-demo" element={<EntityPypiPage />} />
          </FlatRoutes>
        </SidebarPage>
      </AppRouter>
    </AppProvider>
  );
}
