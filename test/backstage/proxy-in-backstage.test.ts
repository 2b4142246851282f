/**
 * Proxy and virtual repositories configured in Backstage's app-config (issue 14): pip installs a package of an
 * HTML-only upstream through the virtual URL under /api/pypi, and twine's upload to that URL lands in its hosted member.
 */
import path from 'node:path';
import {
  RunningBackstage,
  startSignedInBackstage,
  uploadToBackstage,
} from '../support/backstage';
import { expectSuccess } from '../support/exec';
import { buildProject } from '../support/fixture';
import { BuiltDists, pipInstall, runPython } from '../support/python';
import { startStaticIndex, StaticIndex } from '../support/staticIndex';
import { makeTempDir, removeTempDir } from '../support/tmp';
import { VenvPool } from '../support/venvPool';

jest.setTimeout(300_000);

describe('proxy and virtual repositories in Backstage', () => {
  let work: string;
  let backstage: RunningBackstage | undefined;
  let user: string;
  let token: string;
  let upstream: StaticIndex | undefined;
  let venvs: VenvPool;
  const dists: Record<string, BuiltDists> = {};

  beforeAll(async () => {
    work = makeTempDir('backstage-proxy');
    for (const name of ['portal-public', 'portal-team'])
      dists[name] = await buildProject({
        dir: work,
        outDir: path.join(work, 'out', name),
        project: { name, version: '1.0.0' },
      });
    upstream = await startStaticIndex({
      'portal-public': [{ path: dists['portal-public'].wheel }],
    });
    venvs = new VenvPool(path.join(work, 'venvs'));
    ({ backstage, user, token } = await startSignedInBackstage({
      dataDir: path.join(work, 'backstage'),
      scopes: ['publish'],
      pypi: {
        repositories: [
          { name: 'team', anonymousRead: true },
          {
            name: 'mirror',
            kind: 'proxy',
            anonymousRead: true,
            upstream: { url: upstream.url, timeoutSeconds: 5 },
          },
          {
            name: 'all',
            kind: 'virtual',
            anonymousRead: true,
            members: ['team', 'mirror'],
            uploadTo: 'team',
          },
        ],
      },
    }));
  });
  afterAll(async () => {
    await venvs?.drain();
    await backstage?.stop();
    await upstream?.stop();
    removeTempDir(work);
  });

  it('installs from the upstream through the virtual URL and uploads to its hosted member', async () => {
    const python = await venvs.take();
    expectSuccess(
      await pipInstall(python, ['portal-public'], {
        indexUrl: `${backstage!.pypi}/all/simple/`,
      }),
      'pip install portal-public through Backstage',
    );
    expect(
      await runPython(
        python,
        'import portal_public; print(portal_public.__version__)',
      ),
    ).toBe('1.0.0');

    await uploadToBackstage({
      backstage: backstage!,
      token,
      repository: 'all',
      files: [dists['portal-team'].wheel],
    });
    const landed = await fetch(
      `${backstage!.pypi}/api/v1/repositories/team/packages/portal-team`,
      { headers: { authorization: `Bearer ${user}` } },
    );
    expect(landed.status).toBe(200);
    const cached = await fetch(
      `${backstage!.pypi}/api/v1/repositories/mirror/packages`,
      { headers: { authorization: `Bearer ${user}` } },
    );
    expect(((await cached.json()) as { items: unknown[] }).items).toEqual([
      expect.objectContaining({
        name: 'portal-public',
        cached: true,
        upstream: upstream!.url,
      }),
    ]);
  });
});
