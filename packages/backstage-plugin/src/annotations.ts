import { Entity } from '@backstage/catalog-model';

/** The Python package (distribution name) an entity publishes, e.g. `wheelhouse.dev/pypi-package: mylib`. */
export const PYPI_PACKAGE_ANNOTATION = 'wheelhouse.dev/pypi-package';
/** The repository it is published to; `default` when absent. */
export const PYPI_REPOSITORY_ANNOTATION = 'wheelhouse.dev/pypi-repository';
export const DEFAULT_REPOSITORY = 'default';

/** True when the entity names a package: use it to show the PyPI tab and card. */
export function isPypiAvailable(entity: Entity): boolean {
  return Boolean(
    entity.metadata.annotations?.[PYPI_PACKAGE_ANNOTATION]?.trim(),
  );
}

/** The package and repository an entity is annotated with, or undefined without a package annotation. */
export function getPypiPackage(
  entity: Entity,
): { repository: string; name: string } | undefined {
  const annotations = entity.metadata.annotations ?? {};
  const name = annotations[PYPI_PACKAGE_ANNOTATION]?.trim();
  if (!name) return undefined;
  return {
    name,
    repository:
      annotations[PYPI_REPOSITORY_ANNOTATION]?.trim() || DEFAULT_REPOSITORY,
  };
}
