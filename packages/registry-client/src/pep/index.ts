/**
 * Python packaging standards: project names, PEP 440 versions and specifiers, distribution filenames.
 * Copied from registry-core/src/pep (dependency-free already) so the actions' bundles need nothing from the server.
 */
export * from './name';
export * from './version';
export * from './specifier';
export * from './filename';
export * from './identity';
