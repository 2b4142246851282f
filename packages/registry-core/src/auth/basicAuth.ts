/** Reads the secret from `Authorization: Basic base64(user:secret)` or `Authorization: Bearer secret`. */
export function parseAuthorization(
  header: string | undefined,
): { username?: string; secret: string } | undefined {
  if (!header) return undefined;
  const [scheme, value] = header.trim().split(/\s+/, 2);
  if (!value) return { secret: '' };
  if (/^bearer$/i.test(scheme)) return { secret: value };
  if (!/^basic$/i.test(scheme)) return { secret: '' };
  const decoded = Buffer.from(value, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return { secret: '' };
  return {
    username: decoded.slice(0, colon),
    secret: decoded.slice(colon + 1),
  };
}
