/**
 * The standalone server's configuration file (registry-core's ServerConfig) and Backstage's `pypi.*` (config.d.ts,
 * PYPI_KEYS) describe the same registry. Their setting names stay as users know them; this test accounts for every
 * one: the same name on both hosts, the same setting under another name (listed below), or a setting of one host
 * only. A setting added to one host fails it until it is placed in one of the three.
 */
import { KeyShape, SERVER_CONFIG_KEYS } from '@wheelhouse/registry-core';
import { PYPI_KEYS } from './readPypiConfig';

/** Standalone name → Backstage name, for one setting spelt in each host's vocabulary (units, sections). */
const RENAMED: Record<string, string> = {
  retentionDays: 'recycleBin.retention',
  'database.acquireTimeoutMs': 'database.acquireTimeout',
  'database.statementTimeoutMs': 'database.statementTimeout',
  blobGracePeriodSeconds: 'blobCollection.gracePeriod',
  blobCollectionIntervalSeconds: 'blobCollection.schedule',
};

/** Settings only the standalone server has: Backstage has its own base URL and HTTP server. */
const STANDALONE_ONLY = [
  'baseUrl',
  'indexCacheTtlMs',
  'server.headersTimeoutMs',
  'server.requestTimeoutMs',
  'server.keepAliveTimeoutMs',
  'server.idleTimeoutMs',
  'server.bodyTimeoutMs',
];

/** Settings only Backstage has: the standalone server keeps blobs and staging in its data directory. */
const BACKSTAGE_ONLY = [
  'storage.directory',
  'storage.stagingDirectory',
  'recycleBin.schedule',
  'downloadFlushFrequency',
];

/** Every setting of a shape as a dotted path; a list's entries as `name[]`. */
function settingPaths(shape: KeyShape, prefix = ''): string[] {
  if (shape === true) return [prefix];
  if (Array.isArray(shape)) return settingPaths(shape[0], `${prefix}[]`);
  return Object.entries(shape as Record<string, KeyShape>).flatMap(
    ([key, child]) => settingPaths(child, prefix ? `${prefix}.${key}` : key),
  );
}

const standalone = settingPaths(SERVER_CONFIG_KEYS).sort();
const backstage = settingPaths(PYPI_KEYS).sort();
const shared = standalone.filter(setting => backstage.includes(setting));

describe('the two configuration vocabularies', () => {
  it('share repositories, oidc, trustedPublishers, maxUploadBytes and the storage settings under the same names', () => {
    expect(shared).toEqual(
      expect.arrayContaining([
        'maxUploadBytes',
        'oidc.audience',
        'repositories[].upstream.url',
        'storage.bucket',
        'storage.credentials.secretAccessKey',
        'trustedPublishers[].repositoryOwnerId',
      ]),
    );
  });

  it('name every standalone setting the same in Backstage, or under its listed Backstage name, or as standalone-only', () => {
    const accounted = [...shared, ...Object.keys(RENAMED), ...STANDALONE_ONLY];
    expect(standalone).toEqual([...accounted].sort());
  });

  it('name every Backstage setting the same standalone, or under its listed standalone name, or as Backstage-only', () => {
    const accounted = [...shared, ...Object.values(RENAMED), ...BACKSTAGE_ONLY];
    expect(backstage).toEqual([...accounted].sort());
  });
});
