/**
 * Wheelhouse's PyPI repository in the Backstage portal: artifact browser, recycle bin and user guide.
 * The new frontend system's plugin is at `@wheelhouse/backstage-plugin-pypi/alpha`.
 *
 * @packageDocumentation
 */
export {
  pypiPlugin,
  PypiPage,
  EntityPypiContent,
  EntityPypiCard,
} from './plugin';
export {
  isPypiAvailable,
  getPypiPackage,
  PYPI_PACKAGE_ANNOTATION,
  PYPI_REPOSITORY_ANNOTATION,
} from './annotations';
export * from './api';
export { rootRouteRef, repositoryRouteRef, artifactRouteRef } from './routes';
