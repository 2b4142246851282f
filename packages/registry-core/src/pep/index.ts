/** Python packaging standards: project names, PEP 440 versions and specifiers, distribution filenames. */
export * from './name';
export * from './version';
export * from './specifier';
export * from './filename';
export * from './identity';
