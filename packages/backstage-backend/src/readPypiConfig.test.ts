import path from 'node:path';
import { ConfigReader } from '@backstage/config';
import { JsonObject } from '@backstage/types';
import { loadConfigSchema } from '@backstage/config-loader';
import { PYPI_KEYS, readPypiConfig, STORAGE_KEYS } from './readPypiConfig';

const read = (pypi: JsonObject) => readPypiConfig(new ConfigReader({ pypi }));

describe('readPypiConfig', () => {
  it('stops at start-up on a misspelt key, naming it and the key meant', () => {
    expect(() => read({ stroage: { type: 's3', bucket: 'b' } })).toThrow(
      'Unknown setting pypi.stroage: did you mean pypi.storage?',
    );
    expect(() =>
      read({ repositories: [{ name: 'default', anonymousread: true }] }),
    ).toThrow(
      'Unknown setting pypi.repositories[0].anonymousread: did you mean pypi.repositories[0].anonymousRead?',
    );
    expect(() => read({ recycleBin: { retension: { days: 1 } } })).toThrow(
      'Unknown setting pypi.recycleBin.retension: did you mean pypi.recycleBin.retention?',
    );
  });

  it('checks the storage keys of the chosen type', () => {
    expect(() =>
      read({ storage: { type: 'local', bucket: 'wheels' } }),
    ).toThrow(
      'Unknown setting pypi.storage.bucket; pypi.storage may hold type, directory',
    );
    expect(() =>
      read({
        storage: { type: 's3', bucket: 'b', credentials: { accesKeyId: 'a' } },
      }),
    ).toThrow(
      'Unknown setting pypi.storage.credentials.accesKeyId: did you mean pypi.storage.credentials.accessKeyId?',
    );
  });

  it('reads a configuration that uses every documented key', () => {
    const settings = read({
      repositories: [
        {
          name: 'default',
          description: 'd',
          anonymousRead: true,
          disabledVersions: 'hidden',
        },
      ],
      storage: {
        type: 's3',
        bucket: 'b',
        region: 'r',
        endpoint: 'http://127.0.0.1:1',
        forcePathStyle: true,
        prefix: 'p',
        stagingDirectory: '/tmp/s',
        credentials: { accessKeyId: 'a', secretAccessKey: 's' },
      },
      maxUploadBytes: 10,
      recycleBin: {
        retention: { days: 3 },
        schedule: { frequency: { hours: 2 }, timeout: { minutes: 1 } },
      },
      downloadFlushFrequency: { seconds: 5 },
      oidc: { audience: 'wheelhouse', tokenLifetimeSeconds: 60 },
      trustedPublishers: [],
    });
    expect(settings.storage.type).toBe('s3');
    expect(settings.retentionDays).toBe(3);
  });

  it('knows exactly the keys config.d.ts declares', async () => {
    const schema = await loadConfigSchema({
      dependencies: [],
      packagePaths: [path.resolve(__dirname, '../package.json')],
      excludePackageDependencies: true,
    });
    const [{ value }] = (schema.serialize() as any).schemas;
    const pypi = value.properties.pypi;
    const shapeOf = (node: any): unknown => {
      if (node?.type === 'array') return [shapeOf(node.items)];
      if (node?.properties)
        return Object.fromEntries(
          Object.entries(node.properties).map(([key, child]) => [
            key,
            shapeOf(child),
          ]),
        );
      return true;
    };
    const declared = shapeOf(pypi) as Record<string, unknown>;
    const [local, s3] = pypi.properties.storage.anyOf.map(shapeOf);
    // Sections whose values other readers check (the scheduler's) count as values.
    (declared.recycleBin as Record<string, unknown>).schedule = true;
    (declared.blobCollection as Record<string, unknown>).schedule = true;
    expect({ ...declared, storage: true }).toEqual(PYPI_KEYS);
    expect({ local, s3 }).toEqual(STORAGE_KEYS);
  });
});
