import { Repository } from '@wheelhouse/backstage-plugin-pypi-common';
import {
  RepositoryKind,
  RepositoryRecord,
  UpstreamSettings,
} from '../store/types';

export const REPOSITORY_KINDS: readonly RepositoryKind[] = [
  'hosted',
  'proxy',
  'virtual',
];
export const DEFAULT_UPSTREAM_URL = 'https://pypi.org/simple/';
export const DEFAULT_UPSTREAM_TIMEOUT_SECONDS = 30;
export const DEFAULT_UPSTREAM_TTL_SECONDS = 600;
/** Where pypi.org's pages point their files. */
const PYPI_FILE_HOSTS: Record<string, string[]> = {
  'pypi.org': ['files.pythonhosted.org'],
};
const HOST_NAME = /^[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:\d{1,5})?$/i;

/**
 * The hosts (`host` or `host:port`, as URL.host spells them) whose files a proxy fetches: its upstream's own, and
 * `fileHosts` or, for pypi.org, files.pythonhosted.org.
 */
export function allowedFileHosts(upstream: UpstreamSettings): Set<string> {
  const own = new URL(upstream.url).host;
  return new Set(
    [own, ...(upstream.fileHosts ?? PYPI_FILE_HOSTS[own] ?? [])].map(host =>
      host.toLowerCase(),
    ),
  );
}

export function kindOf(
  repository: RepositoryRecord | undefined,
): RepositoryKind {
  return repository?.kind ?? 'hosted';
}

/**
 * A repository as the management API lists it: with its kind and, for a proxy, its upstream's URL — never the
 * upstream's credentials, which are settings of their own (validation refuses them in the URL).
 */
export function listedRepository(repository: RepositoryRecord): Repository {
  const kind = kindOf(repository);
  return {
    name: repository.name,
    description: repository.description,
    anonymousRead: repository.anonymousRead,
    kind,
    ...(kind === 'proxy' && repository.upstream
      ? { upstream: repository.upstream.url }
      : {}),
  };
}

/**
 * Checks the kind-specific settings of every repository once all are known: a proxy's upstream (an http(s) URL,
 * credentials as strings, positive timeouts), a virtual repository's members (configured, not itself, no cycle through
 * other virtual ones) and its `uploadTo` (a hosted member). Fills in the upstream's defaults. Throws naming the
 * repository and the setting.
 */
export function validateRepositoryKinds(
  repositories: RepositoryRecord[],
): void {
  const byName = new Map(
    repositories.map(repository => [repository.name, repository]),
  );
  for (const repository of repositories) {
    const { name } = repository;
    const kind = repository.kind ?? 'hosted';
    if (!REPOSITORY_KINDS.includes(kind))
      throw new Error(
        `Repository ${name}: kind must be ${REPOSITORY_KINDS.map(value => JSON.stringify(value)).join(', ')}`,
      );
    if (kind !== 'proxy' && repository.upstream !== undefined)
      throw new Error(
        `Repository ${name}: upstream is a setting of kind "proxy" only`,
      );
    if (
      kind !== 'virtual' &&
      (repository.members !== undefined || repository.uploadTo !== undefined)
    )
      throw new Error(
        `Repository ${name}: members and uploadTo are settings of kind "virtual" only`,
      );
    if (kind === 'proxy') validateUpstream(repository);
    if (kind === 'virtual') validateMembers(repository, byName);
  }
  for (const repository of repositories)
    if (repository.kind === 'virtual') assertNoCycle(repository, byName, []);
  for (const repository of repositories)
    if (repository.kind === 'virtual' && repository.anonymousRead)
      for (const member of leafMembers(repository.name, name =>
        byName.get(name),
      ))
        if (!member.anonymousRead)
          throw new Error(
            `Repository ${repository.name}: anonymousRead would let anyone read member ${member.name}, which is not anonymousRead; make both private or both anonymous`,
          );
}

function validateUpstream(repository: RepositoryRecord): void {
  const given: unknown = repository.upstream ?? {};
  if (typeof given !== 'object' || given === null || Array.isArray(given))
    throw new Error(
      `Repository ${repository.name}: upstream must be an object`,
    );
  const upstream: Record<string, unknown> = {
    url: DEFAULT_UPSTREAM_URL,
    ...(given as Record<string, unknown>),
  };
  let url: URL;
  try {
    url = new URL(String(upstream.url));
  } catch {
    throw new Error(
      `Repository ${repository.name}: upstream.url ${JSON.stringify(upstream.url)} is not a URL`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new Error(
      `Repository ${repository.name}: upstream.url must be an http or https URL`,
    );
  if (url.username || url.password || url.search || url.hash)
    throw new Error(
      `Repository ${repository.name}: upstream.url must not carry credentials, a query or a fragment (credentials go in upstream.username / password / token)`,
    );
  for (const key of ['username', 'password', 'token'] as const)
    if (upstream[key] !== undefined && typeof upstream[key] !== 'string')
      throw new Error(
        `Repository ${repository.name}: upstream.${key} must be a string`,
      );
  if (upstream.token !== undefined && upstream.password !== undefined)
    throw new Error(
      `Repository ${repository.name}: upstream takes a password or a token, not both`,
    );
  for (const key of ['timeoutSeconds', 'ttlSeconds'] as const) {
    const value = upstream[key];
    if (
      value !== undefined &&
      !(typeof value === 'number' && value > 0 && value <= 86_400 * 365)
    )
      throw new Error(
        `Repository ${repository.name}: upstream.${key} must be a number of seconds above 0`,
      );
  }
  const fileHosts = upstream.fileHosts;
  if (
    fileHosts !== undefined &&
    !(
      Array.isArray(fileHosts) &&
      fileHosts.every(host => typeof host === 'string' && HOST_NAME.test(host))
    )
  )
    throw new Error(
      `Repository ${repository.name}: upstream.fileHosts must be a list of host names (with a port if not the default), like files.pythonhosted.org`,
    );
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  repository.upstream = {
    ...(upstream as object),
    url: url.toString(),
  } as RepositoryRecord['upstream'];
}

function validateMembers(
  repository: RepositoryRecord,
  byName: Map<string, RepositoryRecord>,
): void {
  const { name, members, uploadTo } = repository;
  if (
    !Array.isArray(members) ||
    !members.length ||
    !members.every(member => typeof member === 'string')
  )
    throw new Error(
      `Repository ${name}: members must be a non-empty list of repository names`,
    );
  if (new Set(members).size !== members.length)
    throw new Error(`Repository ${name}: a member is listed twice`);
  for (const member of members) {
    if (member === name)
      throw new Error(
        `Repository ${name}: a virtual repository cannot be its own member`,
      );
    if (!byName.has(member))
      throw new Error(
        `Repository ${name}: member ${member} is not a configured repository`,
      );
  }
  if (uploadTo !== undefined) {
    if (typeof uploadTo !== 'string' || !members.includes(uploadTo))
      throw new Error(
        `Repository ${name}: uploadTo must name one of its members`,
      );
    if (kindOf(byName.get(uploadTo)) !== 'hosted')
      throw new Error(
        `Repository ${name}: uploadTo must name a hosted member, and ${uploadTo} is not hosted`,
      );
  }
}

function assertNoCycle(
  repository: RepositoryRecord,
  byName: Map<string, RepositoryRecord>,
  path: string[],
): void {
  if (path.includes(repository.name))
    throw new Error(
      `Repositories ${[...path, repository.name].join(' -> ')}: virtual members form a cycle`,
    );
  for (const member of repository.members ?? []) {
    const next = byName.get(member);
    if (next?.kind === 'virtual')
      assertNoCycle(next, byName, [...path, repository.name]);
  }
}

/**
 * The hosted and proxy repositories a repository serves, in order: itself unless virtual, else its members with
 * nested virtual ones flattened (first occurrence wins).
 */
export function leafMembers(
  name: string,
  repository: (name: string) => RepositoryRecord | undefined,
): RepositoryRecord[] {
  const result: RepositoryRecord[] = [];
  const seen = new Set<string>();
  const visit = (current: string) => {
    const record = repository(current);
    if (!record || seen.has(current)) return;
    seen.add(current);
    if (record.kind === 'virtual')
      for (const member of record.members ?? []) visit(member);
    else result.push(record);
  };
  visit(name);
  return result;
}
