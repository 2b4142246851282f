// A Backstage backend as `npx @backstage/create-app` makes it, cut to what the PyPI plugin needs.
const { createBackend } = require('@backstage/backend-defaults');

const backend = createBackend();
backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));
backend.add(import('@backstage/plugin-permission-backend'));
backend.add(
  import('@backstage/plugin-permission-backend-module-allow-all-policy'),
);
backend.add(import('@wheelhouse/backstage-plugin-pypi-backend'));
backend.start();
