// A development Backstage backend: this plugin with guest sign-in and an allow-all permission policy, on SQLite
// and local storage. `npm start` at the repository root runs it; tests start it with their own --config files.
// pip's pages and downloads are served before Backstage's express app (installPypiRootFastPath), as the README
// recommends; WHEELHOUSE_ROOT_FAST_PATH=off leaves the root router as Backstage sets it up (the bench compares both).
const { createBackend } = require('@backstage/backend-defaults');
const {
  rootHttpRouterServiceFactory,
} = require('@backstage/backend-defaults/rootHttpRouter');
const { installPypiRootFastPath } = require('..');

const backend = createBackend();
if (process.env.WHEELHOUSE_ROOT_FAST_PATH !== 'off') {
  backend.add(
    rootHttpRouterServiceFactory({
      configure({ applyDefaults, server, config, logger }) {
        installPypiRootFastPath({ server, config, logger });
        applyDefaults();
      },
    }),
  );
}
backend.add(require('@backstage/plugin-auth-backend'));
backend.add(require('@backstage/plugin-auth-backend-module-guest-provider'));
backend.add(require('@backstage/plugin-permission-backend'));
backend.add(
  require('@backstage/plugin-permission-backend-module-allow-all-policy'),
);
backend.add(require('..'));

backend.start();
