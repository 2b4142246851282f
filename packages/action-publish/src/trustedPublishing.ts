import {
  exchangeOidcToken,
  RepositoryEndpoints,
  RetryOptions,
  Transport,
} from '@wheelhouse/registry-client';
import { Toolkit } from './toolkit';

const PERMISSION_TITLE =
  'Trusted publishing needs the id-token: write permission';

/**
 * No password: publish as this workflow, with no stored secret. The job's OIDC token (for the audience the
 * registry names) is traded for a short-lived upload token, which is masked at once. A job without
 * `permissions: id-token: write` fails with an annotation that says so.
 */
export async function trustedPublishingToken(
  toolkit: Toolkit,
  options: {
    endpoints: RepositoryEndpoints;
    retry: RetryOptions;
    transport: Transport;
    userAgent: string;
  },
): Promise<string> {
  if (!toolkit.idTokenAvailable) {
    const message =
      'No password was given, so the action uses trusted publishing, but this job cannot request an OIDC token: add "permissions: id-token: write" to the job (GitHub then sets ACTIONS_ID_TOKEN_REQUEST_URL), or pass an API token as password';
    toolkit.error(message, { title: PERMISSION_TITLE });
    throw new Error(message);
  }
  const exchanged = await exchangeOidcToken({
    baseUrl: options.endpoints.baseUrl,
    getIdToken: async audience => {
      const token = await toolkit.getIdToken(audience);
      toolkit.setSecret(token);
      return token;
    },
    retry: options.retry,
    transport: options.transport,
    userAgent: options.userAgent,
  });
  toolkit.setSecret(exchanged.token);
  toolkit.info(
    `Trusted publishing: exchanged this job's OIDC token (audience ${exchanged.audience}) for an upload token${exchanged.expires ? ` valid until ${exchanged.expires}` : ''}`,
  );
  return exchanged.token;
}
