import { useRouteRef } from '@backstage/core-plugin-api';
import {
  EntityDisplayName,
  EntityRefLink,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';

/** `user:default/jane via token laptop` → the entity ref and what follows it; undefined when no entity is named. */
export function parseActor(
  actor: string,
): { entityRef: string; rest: string } | undefined {
  const match = /^((?:user|group):\S+)(.*)$/.exec(actor.trim());
  return match ? { entityRef: match[1], rest: match[2] } : undefined;
}

/** Whether the app mounts the catalog's entity page (useRouteRef throws when it does not). */
function useEntityPageMounted(): boolean {
  try {
    useRouteRef(entityRouteRef);
    return true;
  } catch {
    return false;
  }
}

/** A catalog entity by ref: a link to its page with its display name, or the name alone without a catalog page. */
export function CatalogEntityRef({ entityRef }: { entityRef: string }) {
  const mounted = useEntityPageMounted();
  return mounted ? (
    <EntityRefLink entityRef={entityRef} />
  ) : (
    <EntityDisplayName entityRef={entityRef} />
  );
}

/**
 * Who did something, as the registry records it (`user:default/jane via token laptop`, `token:ci`): a person or group
 * as a link to their catalog page with the catalog's display name, anything else as text.
 */
export function ActorLink({ actor }: { actor: string | undefined }) {
  const text = actor?.trim();
  if (!text) return <>–</>;
  const parsed = parseActor(text);
  if (!parsed) return <>{text}</>;
  return (
    <>
      <CatalogEntityRef entityRef={parsed.entityRef} />
      {parsed.rest}
    </>
  );
}
