// A development Backstage backend: this plugin with guest sign-in and an allow-all permission policy, on SQLite
// and local storage. `npm start` at the repository root runs it; tests start it with their own --config files.
const { createBackend } = require('@backstage/backend-defaults');

const backend = createBackend();
backend.add(require('@backstage/plugin-auth-backend'));
backend.add(require('@backstage/plugin-auth-backend-module-guest-provider'));
backend.add(require('@backstage/plugin-permission-backend'));
backend.add(
  require('@backstage/plugin-permission-backend-module-allow-all-policy'),
);
backend.add(require('..'));

backend.start();
