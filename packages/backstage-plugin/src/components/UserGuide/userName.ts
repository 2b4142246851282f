import { parseEntityRef } from '@backstage/catalog-model';
import { IdentityApi } from '@backstage/core-plugin-api';

/**
 * The signed-in user's name for ~/.pypirc and twine's `-u`: the name part of their user entity (`jane` for
 * `user:default/jane`). The registry reads the token from the password and accepts any user name, but a name
 * with a colon would break HTTP Basic auth, so the full entity reference is not used.
 */
export async function pypiUserName(
  identityApi: IdentityApi,
): Promise<string | undefined> {
  try {
    const { userEntityRef } = await identityApi.getBackstageIdentity();
    const name = parseEntityRef(userEntityRef).name;
    return /^[A-Za-z0-9._@-]+$/.test(name) ? name : undefined;
  } catch {
    return undefined;
  }
}
