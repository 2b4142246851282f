/**
 * Python packaging standards: project names, PEP 440 versions and specifiers, distribution filenames.
 * The registry server imports these too, so both sides apply the same rules.
 */
export * from './name';
export * from './version';
export * from './specifier';
export * from './filename';
export * from './identity';
export * from './latest';
export * from './sortKey';
