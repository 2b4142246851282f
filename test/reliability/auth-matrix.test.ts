/**
 * The auth matrix: every endpoint of the registry × every kind of caller × every kind of repository, against a real
 * server. Each cell must get exactly the expected status, a refused write must change nothing, and no response may
 * carry the names, files or hashes of a repository the caller cannot read (echoes of the caller's own request
 * aside). Callers who cannot read a repository must not be able to tell it from one that does not exist.
 */
import {
  buildSdist,
  buildWheel,
  Distribution,
} from '@wheelhouse/test-utils/archiveBytes';
import { basicAuth, RawResponse } from './support/http';
import { uploadBody } from './support/multipart';
import { recordFigures } from './support/report';
import { mustUpload } from './support/uploads';
import { REMOTE, ReliabilityTarget, startTarget } from './support/target';

jest.setTimeout(120_000);

type Caller =
  | 'anonymous'
  | 'read'
  | 'publish'
  | 'manage'
  | 'admin'
  | 'elsewhere'
  | 'revoked'
  | 'malformed';
const CALLERS: Caller[] = [
  'anonymous',
  'read',
  'publish',
  'manage',
  'admin',
  'elsewhere',
  'revoked',
  'malformed',
];
type RepoKind = 'public' | 'private' | 'other' | 'unknown';
const REPO_KINDS: RepoKind[] = ['public', 'private', 'other', 'unknown'];
type Scope = 'read' | 'publish' | 'manage' | 'admin';
const GRANTS: Record<
  Exclude<Caller, 'anonymous' | 'revoked' | 'malformed'>,
  Scope[]
> = {
  read: ['read'],
  publish: ['read', 'publish'],
  manage: ['read', 'manage'],
  admin: ['read', 'publish', 'manage', 'admin'],
  elsewhere: ['read', 'publish', 'manage', 'admin'],
};

/** What the fixture of one repository holds, and what the cells need at hand. */
interface Fixture {
  repo: string;
  project: string;
  wheel: Distribution;
  sdist: Distribution;
  /** Version 0.5 is kept in the recycle bin (restore and purge targets). */
  binned: Distribution;
  markers: string[];
}

interface Context {
  target: ReliabilityTarget;
  fixture: Fixture;
  /** A token the DELETE /tokens/{id} cells may revoke. */
  victimTokenId: string;
  cell: number;
}

type Access =
  | { kind: 'repo'; scope: Scope }
  /** Registry-wide read (repository list, whoami): anonymous callers see what is public. */
  | { kind: 'registry-read' }
  | { kind: 'admin' }
  /** No authentication at all (health, redirects, unknown API paths). */
  | { kind: 'open'; status: number };

interface Endpoint {
  id: string;
  method: string;
  access: Access;
  path(context: Context): string;
  body?(context: Context): { body: Buffer | string; contentType: string };
  okStatus?: number;
  /** Runs (as admin) before a cell that is expected to succeed, to put the state right for it. */
  prepare?(context: Context): Promise<void>;
  /** Runs (as admin) after a cell that succeeded, to undo it. */
  reset?(context: Context, response: RawResponse): Promise<void>;
  standaloneOnly?: boolean;
}

const MALFORMED = (valid: string): string[] => [
  'Basic',
  'Basic !!!!not-base64',
  `Basic ${Buffer.from('no-colon-here').toString('base64')}`,
  `Basic ${Buffer.from('__token__:').toString('base64')}`,
  'Bearer whl_000000000000_notARealTokenAtAll',
  'Digest username="__token__", realm="Wheelhouse"',
  basicAuth(valid.slice(0, -2)),
  basicAuth(`${valid}x`),
  `Bearer ${'A'.repeat(4000)}`,
  `Basic ${Buffer.from(`__token__:${'\u0000'.repeat(8)}`).toString('base64')}`,
];

let target: ReliabilityTarget;
const fixtures = {} as Record<Exclude<RepoKind, 'unknown'>, Fixture>;
let unknownFixture: Fixture;
let victimTokenId = '';
let cells = 0;
const mismatches: string[] = [];

async function admin(
  method: string,
  pathname: string,
  body?: unknown,
): Promise<RawResponse> {
  const response = await target.request(pathname, {
    method,
    token: target.tokens.admin,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (response.status >= 300)
    throw new Error(
      `setup ${method} ${pathname}: ${response.status} ${response.text}`,
    );
  return response;
}

async function newVictimToken(): Promise<string> {
  return (
    await admin('POST', '/api/v1/tokens', {
      name: `victim-${Date.now()}`,
      scopes: ['read'],
    })
  ).json.id;
}

const api = (context: Context) =>
  `/api/v1/repositories/${context.fixture.repo}`;
const pkg = (context: Context) =>
  `${api(context)}/packages/${context.fixture.project}`;
const json = (value: unknown) => ({
  body: JSON.stringify(value),
  contentType: 'application/json',
});

function uploadBodyFor(context: Context) {
  // A new version per cell, so that a wrongly accepted upload shows up as a change.
  const dist = buildWheel({
    name: context.fixture.project,
    version: `3.0.${context.cell}`,
  });
  const multipart = uploadBody(dist, {
    name: context.fixture.project,
    version: `3.0.${context.cell}`,
  });
  return { body: multipart.body, contentType: multipart.contentType };
}

const ENDPOINTS: Endpoint[] = [
  // --- PyPI wire protocols
  {
    id: 'GET /{repo}/simple/',
    method: 'GET',
    access: { kind: 'repo', scope: 'read' },
    path: c => `/${c.fixture.repo}/simple/`,
  },
  {
    id: 'GET /{repo}/simple/{project}/',
    method: 'GET',
    access: { kind: 'repo', scope: 'read' },
    path: c => `/${c.fixture.repo}/simple/${c.fixture.project}/`,
  },
  {
    id: 'GET /{repo}/simple/{project}/?format=json',
    method: 'GET',
    access: { kind: 'repo', scope: 'read' },
    path: c =>
      `/${c.fixture.repo}/simple/${c.fixture.project}/?format=application/vnd.pypi.simple.v1%2Bjson`,
  },
  {
    id: 'GET /{repo}/simple (redirect)',
    method: 'GET',
    access: { kind: 'open', status: 301 },
    path: c => `/${c.fixture.repo}/simple`,
  },
  {
    id: 'GET /{repo}/simple/{Project} (redirect)',
    method: 'GET',
    access: { kind: 'open', status: 301 },
    path: c => `/${c.fixture.repo}/simple/${c.fixture.project.toUpperCase()}`,
  },
  {
    id: 'GET /{repo}/files/{sha256}/{filename}',
    method: 'GET',
    access: { kind: 'repo', scope: 'read' },
    path: c =>
      `/${c.fixture.repo}/files/${c.fixture.wheel.sha256}/${c.fixture.wheel.filename}`,
  },
  {
    id: 'HEAD /{repo}/files/{sha256}/{filename}',
    method: 'HEAD',
    access: { kind: 'repo', scope: 'read' },
    path: c =>
      `/${c.fixture.repo}/files/${c.fixture.sdist.sha256}/${c.fixture.sdist.filename}`,
  },
  {
    id: 'GET /{repo}/files/{sha256}/{filename}.metadata',
    method: 'GET',
    access: { kind: 'repo', scope: 'read' },
    path: c =>
      `/${c.fixture.repo}/files/${c.fixture.wheel.sha256}/${c.fixture.wheel.filename}.metadata`,
  },
  {
    id: 'GET /{repo}/pypi/{project}/json',
    method: 'GET',
    access: { kind: 'repo', scope: 'read' },
    path: c => `/${c.fixture.repo}/pypi/${c.fixture.project}/json`,
  },
  {
    id: 'GET /{repo}/pypi/{project}/{version}/json',
    method: 'GET',
    access: { kind: 'repo', scope: 'read' },
    path: c => `/${c.fixture.repo}/pypi/${c.fixture.project}/1.0/json`,
  },
  {
    id: 'POST /{repo}/',
    method: 'POST',
    access: { kind: 'repo', scope: 'publish' },
    path: c => `/${c.fixture.repo}/`,
    body: uploadBodyFor,
  },
  {
    id: 'POST /{repo}',
    method: 'POST',
    access: { kind: 'repo', scope: 'publish' },
    path: c => `/${c.fixture.repo}`,
    body: uploadBodyFor,
  },
  {
    id: 'POST /{repo}/legacy/',
    method: 'POST',
    access: { kind: 'repo', scope: 'publish' },
    path: c => `/${c.fixture.repo}/legacy/`,
    body: uploadBodyFor,
  },

  // --- management API: reads
  {
    id: 'GET /api/v1/repositories',
    method: 'GET',
    access: { kind: 'registry-read' },
    path: () => '/api/v1/repositories',
  },
  {
    id: 'GET /api/v1/whoami',
    method: 'GET',
    access: { kind: 'registry-read' },
    path: () => '/api/v1/whoami',
  },
  {
    id: 'GET …/packages',
    method: 'GET',
    access: { kind: 'repo', scope: 'read' },
    path: c => `${api(c)}/packages?search=rel`,
  },
  {
    id: 'GET …/packages/{name}',
    method: 'GET',
    access: { kind: 'repo', scope: 'read' },
    path: pkg,
  },
  {
    id: 'GET …/versions/{version}',
    method: 'GET',
    access: { kind: 'repo', scope: 'read' },
    path: c => `${pkg(c)}/versions/1.0`,
  },
  {
    id: 'GET …/versions/latest',
    method: 'GET',
    access: { kind: 'repo', scope: 'read' },
    path: c => `${pkg(c)}/versions/latest`,
  },
  {
    id: 'GET …/versions/{version}/metadata',
    method: 'GET',
    access: { kind: 'repo', scope: 'read' },
    path: c => `${pkg(c)}/versions/1.0/metadata`,
  },
  {
    id: 'GET …/packages/{name}/downloads',
    method: 'GET',
    access: { kind: 'repo', scope: 'read' },
    path: c => `${pkg(c)}/downloads?days=7`,
  },
  {
    id: 'GET …/recycle-bin',
    method: 'GET',
    access: { kind: 'repo', scope: 'read' },
    path: c => `${api(c)}/recycle-bin`,
  },
  {
    id: 'GET …/audit',
    method: 'GET',
    access: { kind: 'repo', scope: 'read' },
    path: c => `${api(c)}/audit?limit=500`,
  },
  {
    id: 'GET …/guide',
    method: 'GET',
    access: { kind: 'repo', scope: 'read' },
    path: c => `${api(c)}/guide`,
  },

  // --- management API: changes
  {
    id: 'POST …/disable',
    method: 'POST',
    access: { kind: 'repo', scope: 'manage' },
    path: c => `${pkg(c)}/versions/1.0/disable`,
    body: () => json({ reason: 'auth matrix' }),
    reset: async c =>
      void (await admin('POST', `${pkg(c)}/versions/1.0/enable`)),
  },
  {
    id: 'POST …/enable',
    method: 'POST',
    access: { kind: 'repo', scope: 'manage' },
    path: c => `${pkg(c)}/versions/1.0/enable`,
    prepare: async c =>
      void (await admin('POST', `${pkg(c)}/versions/1.0/disable`, {
        reason: 'auth matrix',
      })),
  },
  {
    id: 'POST …/yank',
    method: 'POST',
    access: { kind: 'repo', scope: 'manage' },
    path: c => `${pkg(c)}/versions/1.0/yank`,
    body: () => json({ reason: 'auth matrix' }),
    reset: async c =>
      void (await admin('POST', `${pkg(c)}/versions/1.0/unyank`)),
  },
  {
    id: 'POST …/unyank',
    method: 'POST',
    access: { kind: 'repo', scope: 'manage' },
    path: c => `${pkg(c)}/versions/1.0/unyank`,
    prepare: async c =>
      void (await admin('POST', `${pkg(c)}/versions/1.0/yank`, {
        reason: 'auth matrix',
      })),
  },
  {
    id: 'DELETE …/versions/{version}',
    method: 'DELETE',
    access: { kind: 'repo', scope: 'manage' },
    path: c => `${pkg(c)}/versions/2.0`,
    reset: async c =>
      void (await admin(
        'POST',
        `${api(c)}/recycle-bin/${c.fixture.project}/2.0/restore`,
      )),
  },
  {
    id: 'PATCH …/metadata',
    method: 'PATCH',
    access: { kind: 'repo', scope: 'manage' },
    path: c => `${pkg(c)}/versions/1.0/metadata`,
    body: () => json({ set: { build: '42' } }),
  },
  {
    id: 'PUT …/metadata/{key}',
    method: 'PUT',
    access: { kind: 'repo', scope: 'manage' },
    path: c => `${pkg(c)}/versions/1.0/metadata/commit`,
    body: () => json({ value: 'abc123' }),
  },
  {
    id: 'DELETE …/metadata/{key}',
    method: 'DELETE',
    access: { kind: 'repo', scope: 'manage' },
    path: c => `${pkg(c)}/versions/1.0/metadata/commit`,
    prepare: async c =>
      void (await admin('PUT', `${pkg(c)}/versions/1.0/metadata/commit`, {
        value: 'x',
      })),
  },
  {
    id: 'PUT …/tags/{tag}',
    method: 'PUT',
    access: { kind: 'repo', scope: 'manage' },
    path: c => `${pkg(c)}/tags/stable`,
    body: () => json({ version: '1.0' }),
  },
  {
    id: 'DELETE …/tags/{tag}',
    method: 'DELETE',
    access: { kind: 'repo', scope: 'manage' },
    path: c => `${pkg(c)}/tags/stable`,
    prepare: async c =>
      void (await admin('PUT', `${pkg(c)}/tags/stable`, { version: '1.0' })),
  },
  {
    id: 'POST …/recycle-bin/{name}/{version}/restore',
    method: 'POST',
    access: { kind: 'repo', scope: 'manage' },
    path: c => `${api(c)}/recycle-bin/${c.fixture.project}/0.5/restore`,
    reset: async c => void (await admin('DELETE', `${pkg(c)}/versions/0.5`)),
  },
  {
    id: 'DELETE …/recycle-bin/{name}/{version}',
    method: 'DELETE',
    access: { kind: 'repo', scope: 'admin' },
    path: c => `${api(c)}/recycle-bin/${c.fixture.project}/0.5`,
    reset: async c => {
      const again = await mustUpload(target, c.fixture.binned, {
        repository: c.fixture.repo,
        token: target.tokens.admin,
      });
      if (again.status !== 200)
        throw new Error(
          `re-upload after purge: ${again.status} ${again.statusText}`,
        );
      await admin('DELETE', `${pkg(c)}/versions/0.5`);
    },
  },
  {
    id: 'POST …/recycle-bin/purge',
    method: 'POST',
    access: { kind: 'repo', scope: 'admin' },
    path: c => `${api(c)}/recycle-bin/purge`,
    body: () => json({ olderThanDays: 36500 }),
  },

  // --- tokens (admin, registry-wide)
  {
    id: 'GET /api/v1/tokens',
    method: 'GET',
    access: { kind: 'admin' },
    path: () => '/api/v1/tokens',
  },
  {
    id: 'POST /api/v1/tokens',
    method: 'POST',
    access: { kind: 'admin' },
    path: () => '/api/v1/tokens',
    body: () => json({ name: 'matrix-made', scopes: ['admin'] }),
    okStatus: 201,
    reset: async (_c, response) =>
      void (await admin('DELETE', `/api/v1/tokens/${response.json.id}`)),
  },
  {
    id: 'DELETE /api/v1/tokens/{id}',
    method: 'DELETE',
    access: { kind: 'admin' },
    path: c => `/api/v1/tokens/${c.victimTokenId}`,
    reset: async () => {
      victimTokenId = await newVictimToken();
    },
  },

  // --- no authentication
  {
    id: 'GET /health',
    method: 'GET',
    access: { kind: 'open', status: 200 },
    path: () => '/health',
    standaloneOnly: true,
  },
  {
    id: 'GET /api/v1/no-such-endpoint',
    method: 'GET',
    access: { kind: 'open', status: 404 },
    path: () => '/api/v1/no-such-endpoint',
  },
];

/** The status a caller must get. */
function expectedStatus(
  endpoint: Endpoint,
  caller: Caller,
  repo: RepoKind,
): number {
  const ok = endpoint.okStatus ?? 200;
  const access = endpoint.access;
  if (access.kind === 'open') return access.status;
  if (caller === 'revoked' || caller === 'malformed') return 401;
  if (caller === 'anonymous') {
    if (access.kind === 'registry-read') return ok;
    return access.kind === 'repo' &&
      access.scope === 'read' &&
      repo === 'public'
      ? ok
      : 401;
  }
  const grants = GRANTS[caller];
  if (access.kind === 'registry-read') return ok;
  if (access.kind === 'admin') return caller === 'admin' ? ok : 403;
  // A token limited to another repository is refused alike for existing and unknown repositories.
  if (caller === 'elsewhere' && repo !== 'other') return 403;
  if (!grants.includes(access.scope)) return 403;
  return repo === 'unknown' ? 404 : ok;
}

function headersFor(caller: Caller, cell: number): Record<string, string> {
  switch (caller) {
    case 'anonymous':
      return {};
    case 'malformed': {
      const variants = MALFORMED(target.tokens.read);
      return { authorization: variants[cell % variants.length] };
    }
    default:
      return { authorization: basicAuth(target.tokens[caller]) };
  }
}

/** The last audit event id of each repository and the number of tokens: a refused request must change none of it. */
async function stateSnapshot(): Promise<string> {
  const parts: string[] = [];
  for (const repo of Object.values(target.repos)) {
    const audit = await admin(
      'GET',
      `/api/v1/repositories/${repo}/audit?limit=1`,
    );
    parts.push(`${repo}:${audit.json[0]?.id ?? 0}`);
  }
  const tokens = await admin('GET', '/api/v1/tokens');
  parts.push(
    `tokens:${tokens.json.items.length}:${tokens.json.items.filter((t: any) => t.revokedAt).length}`,
  );
  return parts.join(' ');
}

function leaks(
  response: RawResponse,
  forbidden: string[],
  request: string,
): string[] {
  const haystack = `${response.statusText}\n${JSON.stringify(response.headers)}\n${response.text}`;
  // What the caller sent may come back (a redirect, "package X not found"): that is an echo, not a leak.
  return forbidden.filter(
    marker =>
      haystack.includes(marker) &&
      !request.toLowerCase().includes(marker.toLowerCase()),
  );
}

beforeAll(async () => {
  target = await startTarget({ label: 'auth' });
  for (const kind of ['public', 'private', 'other'] as const) {
    const repo = target.repos[kind];
    const project = target.name(`auth-${kind}`);
    const wheel = buildWheel({
      name: project,
      version: '1.0',
      summary: `fixture of ${kind}`,
    });
    const sdist = buildSdist({ name: project, version: '1.0' });
    const binned = buildWheel({ name: project, version: '0.5' });
    const second = buildWheel({ name: project, version: '2.0' });
    for (const dist of [wheel, sdist, binned, second]) {
      const response = await mustUpload(target, dist, {
        repository: repo,
        token: target.tokens.admin,
      });
      if (response.status !== 200)
        throw new Error(
          `fixture upload ${dist.filename}: ${response.status} ${response.statusText}`,
        );
    }
    fixtures[kind] = {
      repo,
      project,
      wheel,
      sdist,
      binned,
      markers: [
        project,
        wheel.sha256,
        sdist.sha256,
        binned.sha256,
        second.sha256,
      ],
    };
  }
  for (const kind of ['public', 'private', 'other'] as const) {
    await admin(
      'DELETE',
      `/api/v1/repositories/${fixtures[kind].repo}/packages/${fixtures[kind].project}/versions/0.5`,
    );
  }
  // A repository that does not exist, with names shaped like the real ones.
  const ghost = target.name('auth-ghost');
  const ghostWheel = buildWheel({ name: ghost, version: '1.0' });
  unknownFixture = {
    repo: 'no-such-repo',
    project: ghost,
    wheel: ghostWheel,
    sdist: buildSdist({ name: ghost, version: '1.0' }),
    binned: buildWheel({ name: ghost, version: '0.5' }),
    markers: [],
  };
  victimTokenId = await newVictimToken();
});

afterAll(async () => {
  recordFigures('auth-matrix', {
    endpoints: ENDPOINTS.filter(
      endpoint => !(endpoint.standaloneOnly && REMOTE),
    ).length,
    callers: CALLERS.length,
    repositoryKinds: REPO_KINDS.length,
    cells,
    mismatches: mismatches.length,
  });
  await target?.stop();
});

describe.each(
  ENDPOINTS.filter(endpoint => !(endpoint.standaloneOnly && REMOTE)).map(
    endpoint => [endpoint.id, endpoint] as const,
  ),
)('%s', (_id, endpoint) => {
  test('answers every caller as expected, changes nothing when refused, leaks nothing', async () => {
    const failures: string[] = [];
    const statuses = new Map<string, number>();
    for (const repoKind of REPO_KINDS) {
      const fixture =
        repoKind === 'unknown' ? unknownFixture : fixtures[repoKind];
      // Refused callers first, then the state check, then the ones that may change something.
      const ordered = [...CALLERS].sort(
        (a, b) =>
          Number(expectedStatus(endpoint, a, repoKind) < 300) -
          Number(expectedStatus(endpoint, b, repoKind) < 300),
      );
      // The state is compared across the block of refused callers, and again after each success (and its reset).
      let before = await stateSnapshot();
      const refused: string[] = [];
      let checked = false;
      const checkRefused = async () => {
        checked = true;
        const after = await stateSnapshot();
        if (after !== before)
          failures.push(
            `refused ${refused.join(', ')} (${repoKind}): the state changed (${before} → ${after})`,
          );
        before = after;
      };
      for (const caller of ordered) {
        const expected = expectedStatus(endpoint, caller, repoKind);
        const succeeds = expected < 300 && endpoint.access.kind !== 'open';
        if (succeeds && !checked) await checkRefused();
        const context: Context = {
          target,
          fixture,
          victimTokenId,
          cell: ++cells,
        };
        if (succeeds && endpoint.prepare) await endpoint.prepare(context);
        const body = endpoint.body?.(context);
        const pathname = endpoint.path(context);
        const response = await target.request(pathname, {
          method: endpoint.method,
          headers: {
            ...headersFor(caller, context.cell),
            ...(body ? { 'content-type': body.contentType } : {}),
          },
          body: body?.body,
        });
        statuses.set(`${caller}/${repoKind}`, response.status);
        const where = `${endpoint.method} ${pathname} as ${caller} (${repoKind})`;
        if (response.status !== expected) {
          failures.push(
            `${where}: ${response.status} ${response.statusText}, expected ${expected}`,
          );
        }
        if (
          response.status === 401 &&
          !/^Basic realm=/.test(String(response.headers['www-authenticate']))
        ) {
          failures.push(`${where}: 401 without WWW-Authenticate: Basic`);
        }
        // Markers of other repositories never; of this one only when the caller may read it.
        const forbidden = Object.values(fixtures)
          .filter(
            other =>
              other !== fixture ||
              !(expected < 300 && endpoint.access.kind !== 'open'),
          )
          .flatMap(other => other.markers);
        const leaked = leaks(response, forbidden, pathname);
        if (leaked.length)
          failures.push(`${where}: response contains ${leaked.join(', ')}`);
        if (response.status < 300 && endpoint.reset && succeeds)
          await endpoint.reset(context, response);
        if (succeeds) before = await stateSnapshot();
        else refused.push(caller);
      }
      if (!checked) await checkRefused();
    }
    // Who cannot read the private repository cannot tell it from one that does not exist.
    for (const caller of [
      'anonymous',
      'elsewhere',
      'revoked',
      'malformed',
    ] as Caller[]) {
      const known = statuses.get(`${caller}/private`);
      const unknown = statuses.get(`${caller}/unknown`);
      if (endpoint.access.kind !== 'open' && known !== unknown) {
        failures.push(
          `${caller}: private repository answers ${known}, unknown repository ${unknown} (existence oracle)`,
        );
      }
    }
    mismatches.push(...failures);
    expect(failures).toEqual([]);
  });
});
