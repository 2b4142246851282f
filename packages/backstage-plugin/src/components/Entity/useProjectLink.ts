import { useRouteRef } from '@backstage/core-plugin-api';
import { artifactRouteRef } from '../../routes';

/** A link maker to the artifact page when the app mounts PypiPage, undefined when it does not. */
export function useProjectLink():
  ((params: { repository: string; name: string }) => string) | undefined {
  try {
    // useRouteRef runs all of its hooks before it throws for an unmounted route, so the hook order is stable.
    return useRouteRef(artifactRouteRef);
  } catch {
    return undefined;
  }
}
