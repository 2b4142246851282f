// The dev app of `npm start` (`backstage-cli package start`): this plugin's page and an annotated entity's content
// in @backstage/dev-utils' app, against the dev backend (packages/backstage-backend/dev). The end-to-end tests
// build testApp.tsx with esbuild instead (see build.js): seconds rather than a webpack dev server.
import { createDevApp } from '@backstage/dev-utils';
import LibraryBooksIcon from '@material-ui/icons/LibraryBooks';
import ExtensionIcon from '@material-ui/icons/Extension';
import { PypiPage, pypiPlugin } from '../src';
import { EntityPypiPage } from './EntityPypiPage';

createDevApp()
  .registerPlugin(pypiPlugin)
  .addPage({
    path: '/pypi',
    title: 'PyPI',
    icon: LibraryBooksIcon,
    element: <PypiPage />,
  })
  .addPage({
    path: '/entity-demo',
    title: 'Entity demo',
    icon: ExtensionIcon,
    element: <EntityPypiPage />,
  })
  .render();
