/**
 * Wheelhouse: a private PyPI repository as a Backstage backend plugin.
 *
 * @packageDocumentation
 */
export { pypiPlugin as default } from './plugin';
export * from './permissionRules';
export { installPypiRootFastPath } from './rootFastPath';
export type { PypiRootFastPathOptions } from './rootFastPath';
