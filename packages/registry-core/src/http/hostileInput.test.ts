import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { Router } from 'express';
import { TEST_DATABASES } from '../__testutils__/databases';
import { makeSdist, makeWheel } from '@wheelhouse/test-utils/distributions';
import {
  startTestServer,
  TestServer,
  uploadFile,
} from '../__testutils__/testServer';
import { createRegistryRouter } from './createRegistryRouter';

/**
 * Hostile values in every route parameter, query field and body field (issue 11.7): whatever a client sends, the
 * answer is never a 500. The routes are read from the router itself, so a new route is covered without a change here.
 */

interface RouteInfo {
  method: string;
  path: string;
}

/** Every method and path the registry router (and its nested routers) registers. */
function registeredRoutes(router: Router): RouteInfo[] {
  const routes: RouteInfo[] = [];
  const walk = (stack: any[]) => {
    for (const layer of stack) {
      if (layer.route) {
        for (const method of Object.keys(layer.route.methods))
          routes.push({ method: method.toUpperCase(), path: layer.route.path });
      } else if (layer.handle?.stack) walk(layer.handle.stack);
    }
  };
  walk((router as any).stack);
  return routes;
}

/** Text that breaks naive code: NUL and controls, numbers past 32 and 64 bits, huge, empty, odd Unicode. */
const HOSTILE_TEXT = [
  '\u0000',
  'a\u0000b',
  '\u0001\u001f\u007f',
  '2147483648',
  '-2147483649',
  '9223372036854775808',
  '99999999999999999999999',
  '-1',
  '1e308',
  '-1e308',
  '1e-320',
  'NaN',
  'Infinity',
  '0x7fffffff',
  '1.5',
  '',
  ' ',
  'latest',
  '1.0',
  '..',
  '*',
  '%',
  '\\',
  '"',
  "'; drop table wh_files; --",
  '<script>alert(1)</script>',
  '\u202e\u200b\ufeff',
  'é✓𝔘',
  '\ud800',
  'x'.repeat(5000),
  'a/b',
  'true',
  'null',
  '[]',
  '{}',
];

/** Percent escapes the server must decode itself: invalid UTF-8, an encoded surrogate, NUL, a slash. */
const RAW_ESCAPES = [
  '%00',
  '%FF',
  '%C3%28',
  '%ED%A0%80',
  '%E2%82',
  '%2F',
  '%2e%2e',
  '%25',
  '%u0041',
];

const hostileText = fc.oneof(
  fc.constantFrom(...HOSTILE_TEXT),
  fc.string({ maxLength: 40, unit: 'binary' }),
  fc.integer().map(String),
  fc.double().map(String),
);

const hostileJson: fc.Arbitrary<unknown> = fc.letrec(tie => ({
  value: fc.oneof(
    { depthSize: 'small' },
    hostileText,
    fc.constantFrom(
      2 ** 31,
      2 ** 31 - 1,
      -(2 ** 31) - 1,
      2 ** 53,
      2 ** 63,
      1e308,
      -1e308,
      -1,
      0,
      -0,
      1.5,
      Number.MAX_SAFE_INTEGER + 2,
    ),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(hostileText, tie('value'), { maxKeys: 3 }),
  ),
})).value;

/** Every field any route reads from a query or a body, and a stranger. */
const QUERY_FIELDS = [
  'sort',
  'order',
  'search',
  'offset',
  'limit',
  'version',
  'days',
  'package',
  'before',
  'username',
  'format',
  'reason',
  'x',
];
const BODY_FIELDS = [
  'reason',
  'set',
  'remove',
  'value',
  'version',
  'olderThanDays',
  'name',
  'scopes',
  'repositories',
  'expiresInDays',
  'owner',
  'repositoryOwner',
  'repositoryOwnerId',
  'repositoryName',
  'workflow',
  'environment',
  'refPattern',
  'project',
  'token',
  'x',
];

/** Real values for each parameter, so that deeper code is reached too. */
const VALID_PARAMS: Record<string, string[]> = {
  repo: ['default', 'private'],
  name: ['fuzz-lib'],
  project: ['fuzz-lib'],
  version: ['1.0', 'latest'],
  key: ['team'],
  tag: ['stable'],
  id: ['1'],
  sha256: ['a'.repeat(64)],
  filename: ['fuzz_lib-1.0-py3-none-any.whl', 'fuzz_lib-1.0.tar.gz.metadata'],
};

const segment = (name: string) =>
  fc.oneof(
    { weight: 2, arbitrary: fc.constantFrom(...(VALID_PARAMS[name] ?? ['x'])) },
    { weight: 3, arbitrary: hostileText.map(text => safeEncode(text)) },
    { weight: 2, arbitrary: fc.constantFrom(...RAW_ESCAPES) },
  );

/** encodeURIComponent, which throws on lone surrogates: those go as the raw escape of their UTF-8 bytes. */
function safeEncode(text: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    return '%ED%A0%80';
  }
}

const query = fc
  .array(
    fc.tuple(
      fc.constantFrom(...QUERY_FIELDS),
      fc.oneof(hostileText.map(safeEncode), fc.constantFrom(...RAW_ESCAPES)),
      fc.boolean(),
    ),
    { maxLength: 4 },
  )
  .map(entries =>
    entries
      .map(([key, value, asArray]) => `${key}${asArray ? '[]' : ''}=${value}`)
      .join('&'),
  );

const body = fc.oneof(
  fc.dictionary(fc.constantFrom(...BODY_FIELDS), hostileJson, { maxKeys: 5 }),
  hostileJson,
);

/** The deterministic sweeps: each value in each place, the other parts valid, as the admin. */
const SEGMENT_SWEEP = [
  '%00',
  'a%00b',
  '%01',
  '%7F',
  '%FF',
  '%C3%28',
  '%ED%A0%80',
  '%2F',
  '%2e%2e',
  '%20',
  '2147483648',
  '-1',
  '1e308',
  '99999999999999999999999',
  'x'.repeat(3000),
  'latest',
];
const QUERY_SWEEP = [
  '%00',
  '2147483648',
  '9007199254740993',
  '-1',
  '1e308',
  '%FF',
  'x'.repeat(3000),
  '',
];
const NUMERIC_QUERY_FIELDS = ['offset', 'limit', 'days', 'before'];
const BODY_SWEEP: unknown[] = [
  '\u0000',
  2 ** 31,
  2 ** 63,
  1e308,
  -1,
  1.5,
  'x'.repeat(5000),
  null,
  ['\u0000'],
  { '\u0000': '\u0000' },
];
const BODY_SWEEP_PER_FIELD: unknown[] = ['\u0000', 2 ** 31, 1e308, ['\u0000']];

const RUNS_PER_ROUTE = Number(process.env.WHEELHOUSE_FUZZ_RUNS ?? 8);

jest.setTimeout(120_000);

describe.each(TEST_DATABASES)('hostile input on %s', kind => {
  let test: TestServer;
  let work: string;
  const routes = registeredRoutes(
    createRegistryRouter({ registry: {} as never }),
  );

  beforeAll(async () => {
    test = await startTestServer(kind);
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'wheelhouse-hostile-'));
    for (const file of [
      makeWheel(work, { name: 'fuzz-lib', version: '1.0' }),
      makeSdist(work, { name: 'fuzz-lib', version: '1.0' }),
    ]) {
      // A hook throws rather than expects: set-up that fails is not a test result.
      const { status } = await uploadFile(test, file);
      if (status !== 200) throw new Error(`uploading ${file}: ${status}`);
    }
  });
  afterAll(async () => {
    await test.stop();
    fs.rmSync(work, { recursive: true, force: true });
  });

  it('reads the routes from the router', () => {
    expect(routes.length).toBeGreaterThan(30);
    expect(routes).toContainEqual({
      method: 'GET',
      path: '/api/v1/repositories/:repo/audit',
    });
  });

  /** Sends one request as the admin (unless told), and returns a line describing it if it was answered 5xx. */
  const send = async (
    route: RouteInfo,
    values: Record<string, string>,
    search: string,
    json: unknown,
    who: 'admin' | 'reader' | 'anonymous' = 'admin',
  ): Promise<string | undefined> => {
    const url = `${route.path.replace(/:(\w+)/g, (_, name) => values[name] ?? VALID_PARAMS[name]?.[0] ?? 'x')}${search ? `?${search}` : ''}`;
    const token = who === 'anonymous' ? undefined : test.tokens[who];
    const hasBody = route.method !== 'GET' && route.method !== 'HEAD';
    const response = await fetch(`${test.url}${url}`, {
      method: route.method,
      redirect: 'manual',
      headers: {
        ...(token ? { authorization: test.auth(token) } : {}),
        ...(hasBody ? { 'content-type': 'application/json' } : {}),
      },
      body: hasBody ? JSON.stringify(json ?? null) : undefined,
    });
    await response.arrayBuffer();
    return response.status >= 500
      ? `${route.method} ${url.slice(0, 300)} ${hasBody ? JSON.stringify(json)?.slice(0, 200) : ''} -> ${response.status} ${response.statusText}`
      : undefined;
  };

  /** Runs the calls 8 at a time and collects the 5xx answers. */
  const sweep = async (calls: (() => Promise<string | undefined>)[]) => {
    const failures: string[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < calls.length) {
          const failure = await calls[next++]();
          if (failure) failures.push(failure);
        }
      }),
    );
    return failures;
  };

  const paramNames = (route: RouteInfo) =>
    [...route.path.matchAll(/:(\w+)/g)].map(match => match[1]);

  it('answers no hostile value in any route parameter with a 500', async () => {
    const calls = routes.flatMap(route =>
      paramNames(route).flatMap(name =>
        SEGMENT_SWEEP.map(
          value => () => send(route, { [name]: value }, '', {}),
        ),
      ),
    );
    expect(await sweep(calls)).toEqual([]);
  });

  it('answers no hostile value in any query field with a 500', async () => {
    // Every field at once with each value; the numeric ones one at a time too (a route stops at its first refusal).
    // Only GET and DELETE routes read their query (DELETE …/versions/{version}?reason=).
    const reading = routes.filter(
      route => route.method === 'GET' || route.method === 'DELETE',
    );
    const calls = reading.flatMap(route =>
      QUERY_SWEEP.flatMap(value => [
        () =>
          send(
            route,
            {},
            QUERY_FIELDS.map(field => `${field}=${value}`).join('&'),
            {},
          ),
        ...NUMERIC_QUERY_FIELDS.map(
          field => () => send(route, {}, `${field}=${value}`, {}),
        ),
      ]),
    );
    expect(await sweep(calls)).toEqual([]);
  });

  it('answers no hostile value in any body field with a 500', async () => {
    const calls = routes
      .filter(route => route.method !== 'GET')
      .flatMap(route => [
        ...BODY_SWEEP.map(
          value => () =>
            send(
              route,
              {},
              '',
              Object.fromEntries(BODY_FIELDS.map(field => [field, value])),
            ),
        ),
        ...BODY_FIELDS.flatMap(field =>
          BODY_SWEEP_PER_FIELD.map(
            value => () => send(route, {}, '', { [field]: value }),
          ),
        ),
      ]);
    expect(await sweep(calls)).toEqual([]);
  });

  it('answers no random mix of hostile parameters, queries, bodies and callers with a 500', async () => {
    const failures: string[] = [];
    for (const route of routes) {
      const names = paramNames(route);
      await fc
        .assert(
          fc.asyncProperty(
            fc.tuple(...names.map(segment)),
            query,
            body,
            fc.constantFrom(
              'admin' as const,
              'reader' as const,
              'anonymous' as const,
            ),
            async (segments, search, json, who) => {
              const failure = await send(
                route,
                Object.fromEntries(names.map((name, i) => [name, segments[i]])),
                search,
                json,
                who,
              );
              if (failure) failures.push(failure);
              return !failure;
            },
          ),
          { numRuns: RUNS_PER_ROUTE, endOnFailure: true },
        )
        .catch(() => undefined);
    }
    expect(failures).toEqual([]);
  });

  it.each([
    ['GET', '/api/v1/repositories/default/audit?before=2147483648'],
    ['GET', '/api/v1/repositories/default/audit?before=9007199254740993'],
    ['DELETE', '/api/v1/tokens/%00'],
    [
      'DELETE',
      '/api/v1/repositories/default/packages/fuzz-lib/versions/1.0/metadata/a%00b',
    ],
  ])('answers %s %s with a 4xx', async (method, url) => {
    const response = await fetch(`${test.url}${url}`, {
      method,
      headers: { authorization: test.auth(test.tokens.admin) },
    });
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
  });
});
