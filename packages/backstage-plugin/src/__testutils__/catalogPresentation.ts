import { Entity } from '@backstage/catalog-model';
import {
  catalogApiRef,
  defaultEntityPresentation,
  EntityPresentationApi,
  EntityRefPresentationSnapshot,
} from '@backstage/plugin-catalog-react';

/**
 * An entity presentation that reads the entity from the (test) catalog, as the catalog plugin's does in an app: the
 * ref's name first, then the entity's display name once it has been fetched.
 */
export function catalogPresentation(
  catalogApi: typeof catalogApiRef.T,
): EntityPresentationApi {
  return {
    forEntity(entityOrRef: Entity | string) {
      const snapshot = defaultEntityPresentation(entityOrRef);
      const promise: Promise<EntityRefPresentationSnapshot> =
        typeof entityOrRef === 'string'
          ? catalogApi
              .getEntityByRef(entityOrRef)
              .then(entity =>
                entity ? defaultEntityPresentation(entity) : snapshot,
              )
          : Promise.resolve(snapshot);
      const update$ = {
        subscribe(
          observer:
            | ((value: EntityRefPresentationSnapshot) => void)
            | { next?(value: EntityRefPresentationSnapshot): void },
        ) {
          let closed = false;
          promise.then(value => {
            if (closed) return;
            if (typeof observer === 'function') observer(value);
            else observer.next?.(value);
          });
          return {
            get closed() {
              return closed;
            },
            unsubscribe() {
              closed = true;
            },
          };
        },
      };
      return { snapshot, promise, update$: update$ as never };
    },
  };
}
