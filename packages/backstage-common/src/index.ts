/**
 * The contract shared by Wheelhouse's Backstage plugins, the registry engine and the GitHub actions: permissions,
 * the operations table (operation → token scope → permission → audit severity), the management API's types and the
 * limits every side enforces. Isomorphic: nothing here needs Node.js.
 *
 * @packageDocumentation
 */
export * from './permissions';
export * from './scopes';
export * from './operations';
export * from './limits';
export * from './validation';
export * from './api';
export * from './trustedPublishing';
