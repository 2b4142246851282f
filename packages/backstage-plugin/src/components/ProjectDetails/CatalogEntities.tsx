import { Box, Typography } from '@material-ui/core';
import { useApiHolder } from '@backstage/core-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  DEFAULT_REPOSITORY,
  getPypiPackage,
  PYPI_PACKAGE_ANNOTATION,
} from '../../annotations';
import { useAsyncData } from '../../hooks/useAsyncData';
import { CatalogEntityRef } from '../common/ActorLink';

/** The catalog entities annotated with this package (and this repository, `default` when not annotated). */
export function CatalogEntities(props: { repository: string; name: string }) {
  const catalogApi = useApiHolder().get(catalogApiRef);
  const entities = useAsyncData(async () => {
    if (!catalogApi) return undefined;
    const { items } = await catalogApi.getEntities({
      filter: {
        [`metadata.annotations.${PYPI_PACKAGE_ANNOTATION}`]: props.name,
      },
      fields: ['kind', 'metadata', 'spec.type'],
    });
    // The annotation may spell the name differently (MyLib, my_lib); the repository must be this one.
    const normalise = (text: string) =>
      text.toLowerCase().replace(/[-_.]+/g, '-');
    return items.filter((entity: Entity) => {
      const target = getPypiPackage(entity);
      return (
        target &&
        normalise(target.name) === normalise(props.name) &&
        (target.repository || DEFAULT_REPOSITORY) === props.repository
      );
    });
  }, [catalogApi, props.repository, props.name]);

  if (!catalogApi)
    return (
      <Typography variant="body2" color="textSecondary">
        This portal has no software catalog.
      </Typography>
    );
  if (entities.error)
    return (
      <Typography variant="body2" color="textSecondary">
        Could not ask the catalog: {entities.error.message}
      </Typography>
    );
  if (!entities.value) return <>…</>;
  if (!entities.value.length)
    return (
      <Typography variant="body2" color="textSecondary">
        No catalog entity is annotated {PYPI_PACKAGE_ANNOTATION}: {props.name}
      </Typography>
    );
  return (
    <Box component="ul" m={0} pl={2} aria-label="Catalog entities">
      {entities.value.map(entity => {
        const ref = stringifyEntityRef(entity);
        return (
          <li key={ref}>
            <CatalogEntityRef entityRef={ref} />
          </li>
        );
      })}
    </Box>
  );
}
