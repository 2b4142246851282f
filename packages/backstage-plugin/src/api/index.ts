export * from './PypiApi';
export { PypiClient } from './PypiClient';
export { PypiApiError } from './PypiApiError';
