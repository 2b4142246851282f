/**
 * Proxy and virtual repositories configured in Backstage's app-config (issue 14): pip installs a package of an
 * HTML-only upstream through the virtual URL under /api/pypi, and twine's upload to that URL lands in its hosted member.
 */
import path from 'node:path';
import {
  guestToken,
  personalToken,
  RunningBackstage,
  startBackstage,
} from '../support/backstage';
import { describeFailure, RunResult } from '../support/exec';
import {
  buildDists,
  BuiltDists,
  makeProject,
  pipInstall,
  runPython,
} from '../support/python';
import { startStaticIndex, StaticIndex } from '../support/staticIndex';
import { makeTempDir, removeTempDir } from '../support/tmp';
import { twineUpload } from '../support/twine';
import { VenvPool } from '../support/venvPool';

jest.setTimeout(300_000);

function ok(result: RunResult, what: string): void {
  if (result.code !== 0) throw new Error(describeFailure(what, [], result));
}

describe('proxy and virtual repositories in Backstage', () => {
  let work: string;
  let backstage: RunningBackstage | undefined;
  let upstream: StaticIndex | undefined;
  let venvs: VenvPool;
  const dists: Record<string, BuiltDists> = {};

  beforeAll(async () => {
    work = makeTempDir('backstage-proxy');
    for (const name of ['portal-public', 'portal-team']) {
      const project = makeProject(path.join(work, 'src', name), {
        name,
        version: '1.0.0',
      });
      dists[name] = await buildDists(project, path.join(work, 'out', name));
    }
    upstream = await startStaticIndex({
      'portal-public': [{ path: dists['portal-public'].wheel }],
    });
    venvs = new VenvPool(path.join(work, 'venvs'));
    backstage = await startBackstage({
      dataDir: path.join(work, 'backstage'),
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
    });
  });
  afterAll(async () => {
    await venvs?.drain();
    await backstage?.stop();
    await upstream?.stop();
    removeTempDir(work);
  });

  it('installs from the upstream through the virtual URL and uploads to its hosted member', async () => {
    const python = await venvs.take();
    ok(
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

    const user = await guestToken(backstage!);
    const token = await personalToken(backstage!, user, ['publish']);
    ok(
      await twineUpload({
        repositoryUrl: `${backstage!.pypi}/all/`,
        username: '__token__',
        password: token,
        files: [dists['portal-team'].wheel],
      }),
      'twine upload to the virtual URL',
    );
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
