/**
 * End-to-end: the committed action bundles (packages/action-{publish,manage}/dist/index.js) run as the GitHub runner runs them,
 * against a real Wheelhouse server started from the built CLI; the effect is checked through the management API
 * and with real pip.
 *
 * Needs: `npm run build` (the registry CLI), the committed action bundles, Debian's python3-build and
 * python3-venv. WHEELHOUSE_E2E_KEEP=1 keeps the scratch directory; WHEELHOUSE_E2E_SERVER_LOG=1 echoes the server.
 */
import fs from 'node:fs';
import path from 'node:path';
import { buildProject, startRegistryWithTokens } from '../support/fixture';
import { expectStatus, ManagementClient } from '../support/management';
import {
  BuiltDists,
  makeProject,
  moduleName,
  pipInstall,
  runPython,
  SYSTEM_PYTHON,
} from '../support/python';
import { RunningRegistry } from '../support/registry';
import { makeTempDir, removeTempDir } from '../support/tmp';
import { VenvPool } from '../support/venvPool';
import {
  describeRun,
  expectExit,
  GITHUB_CONTEXT,
  MANAGE_ACTION,
  PUBLISH_ACTION,
  runAction,
} from './runAction';

jest.setTimeout(300_000);

const DEMO = 'wh-action-demo';

let workDir: string;
let registry: RunningRegistry;
let token: string;
let publishOnlyToken: string;
let api: ManagementClient;
let venvs: VenvPool;
let dists100: BuiltDists;

beforeAll(async () => {
  for (const bundle of [PUBLISH_ACTION, MANAGE_ACTION]) {
    if (!fs.existsSync(bundle))
      throw new Error(
        `${bundle} is missing: run npm run build -w @wheelhouse/action-publish (and action-manage)`,
      );
  }
  workDir = makeTempDir('actions');
  let tokens: Record<string, string>;
  ({ registry, api, tokens } = await startRegistryWithTokens({
    dataDir: path.join(workDir, 'data'),
    tokens: { ci: ['publish', 'manage'], 'publish-only': ['publish'] },
  }));
  token = tokens.ci;
  publishOnlyToken = tokens['publish-only'];
  venvs = new VenvPool(path.join(workDir, 'venvs'));
  dists100 = await buildProject({
    dir: workDir,
    outDir: path.join(workDir, 'dist-1.0.0'),
    project: { name: DEMO, version: '1.0.0' },
  });
});

afterAll(async () => {
  await registry?.stop();
  await venvs?.drain();
  removeTempDir(workDir);
});

const repositoryUrl = () => `${registry.url}/default/`;
const indexUrl = () => `${registry.url}/default/simple/`;

function publish(inputs: Record<string, string>, workspace = workDir) {
  return runAction(PUBLISH_ACTION, {
    inputs: { 'repository-url': repositoryUrl(), password: token, ...inputs },
    workDir,
    workspace,
  });
}

function manage(inputs: Record<string, string>) {
  return runAction(MANAGE_ACTION, {
    inputs: {
      'repository-url': repositoryUrl(),
      password: token,
      package: DEMO,
      ...inputs,
    },
    workDir,
  });
}

async function versionDetail(version: string) {
  return JSON.parse(
    expectStatus(
      await api.request(
        'GET',
        `/repositories/default/packages/${DEMO}/versions/${version}`,
      ),
    ).body,
  );
}

async function versions(): Promise<Record<string, string>> {
  const artifact = JSON.parse(
    expectStatus(
      await api.request('GET', `/repositories/default/packages/${DEMO}`),
    ).body,
  );
  return Object.fromEntries(
    artifact.versions.map((v: { version: string; status: string }) => [
      v.version,
      v.status,
    ]),
  );
}

/** pip-installs into a fresh venv and returns the version Python imports, or the failure output. */
async function pipGets(requirement: string): Promise<string> {
  const python = await venvs.take();
  const result = await pipInstall(python, [requirement], {
    indexUrl: indexUrl(),
  });
  if (result.code !== 0)
    return `pip failed: ${result.stdout}\n${result.stderr}`;
  return runPython(
    python,
    `import ${moduleName(DEMO)}; print(${moduleName(DEMO)}.__version__)`,
  );
}

describe('action-publish and action-manage against a real registry', () => {
  it('publish uploads dist/, sets outputs, summary and github.* metadata, masks the token', async () => {
    const result = expectExit(
      await publish({
        'packages-dir': path.join(workDir, 'dist-1.0.0'),
        metadata: 'team=ml\nticket=ML-42',
        tags: 'first',
      }),
      0,
    );
    expect(result.stdout).toContain(`::add-mask::${token}`);
    expect(result.outputs['package-name']).toBe(DEMO);
    expect(result.outputs.version).toBe('1.0.0');
    const files = JSON.parse(result.outputs['uploaded-files']);
    expect(
      files
        .map((f: { filename: string; outcome: string }) => [
          f.filename,
          f.outcome,
        ])
        .sort(),
    ).toEqual(
      [path.basename(dists100.sdist), path.basename(dists100.wheel)]
        .sort()
        .map(name => [name, 'created']),
    );
    for (const file of files) {
      expect(result.summary).toContain(
        `<td><code>${file.filename}</code></td>`,
      );
      expect(result.summary).toContain(file.sha256);
      // The link in the summary downloads the very bytes that were uploaded.
      const download = await fetch(file.url);
      expect(download.status).toBe(200);
      expect(
        Buffer.from(await download.arrayBuffer()).equals(
          fs.readFileSync(path.join(workDir, 'dist-1.0.0', file.filename)),
        ),
      ).toBe(true);
    }

    const detail = await versionDetail('1.0.0');
    const metadata = Object.fromEntries(
      detail.customMetadata.map((e: { key: string; value: string }) => [
        e.key,
        e.value,
      ]),
    );
    expect(metadata).toEqual({
      'github.sha': GITHUB_CONTEXT.GITHUB_SHA,
      'github.ref': GITHUB_CONTEXT.GITHUB_REF,
      'github.repository': GITHUB_CONTEXT.GITHUB_REPOSITORY,
      'github.workflow': GITHUB_CONTEXT.GITHUB_WORKFLOW,
      'github.run_id': GITHUB_CONTEXT.GITHUB_RUN_ID,
      'github.run_url': `https://github.com/acme/wh-action-demo/actions/runs/${GITHUB_CONTEXT.GITHUB_RUN_ID}`,
      'github.actor': GITHUB_CONTEXT.GITHUB_ACTOR,
      'github.event_name': GITHUB_CONTEXT.GITHUB_EVENT_NAME,
      team: 'ml',
      ticket: 'ML-42',
    });
    expect(detail.tags).toEqual(['first']);
    expect(await pipGets(DEMO)).toBe('1.0.0');
  });

  it('publish with build: true runs python -m build itself and uploads the result; re-running it is harmless', async () => {
    const project = makeProject(path.join(workDir, 'src-1.1.0'), {
      name: DEMO,
      version: '1.1.0',
    });
    const inputs = {
      build: 'true',
      python: SYSTEM_PYTHON,
      'build-args': '--no-isolation',
      'working-directory': path.relative(workDir, project),
      'packages-dir': 'out',
    };
    const result = expectExit(await publish(inputs), 0);
    expect(result.stdout).toContain('-m build --outdir');
    expect(JSON.parse(result.outputs['uploaded-files'])).toHaveLength(2);
    expect(result.outputs.version).toBe('1.1.0');
    expect(await pipGets(DEMO)).toBe('1.1.0');

    // A re-run of the same job: identical bytes answer 200 and are reported as such.
    const rerun = expectExit(await publish({ ...inputs, build: 'false' }), 0);
    expect(
      JSON.parse(rerun.outputs['uploaded-files']).map(
        (f: { outcome: string }) => f.outcome,
      ),
    ).toEqual(['identical', 'identical']);
  });

  it('publish fails with the server message as an annotation for a conflicting file, and skip-existing skips it', async () => {
    // Same filename, other bytes: rebuild 1.0.0 with a different module body.
    const other = await buildProject({
      dir: path.join(workDir, 'other'),
      outDir: path.join(workDir, 'dist-1.0.0-other'),
      project: { name: DEMO, version: '1.0.0', moduleBody: 'CHANGED = True' },
    });
    const failed = expectExit(await publish({ files: other.wheel }), 1);
    expect(failed.annotations).toContainEqual([
      'error',
      expect.stringMatching(
        new RegExp(
          `Uploading ${path.basename(other.wheel)} .* failed: 409 File already exists`,
        ),
      ),
    ]);
    // The runner hides masked values; still, nothing but the ::add-mask:: command itself may print the token.
    const unmasked = failed.stdout
      .split('\n')
      .filter(line => !line.startsWith('::add-mask::'));
    expect(unmasked.join('\n')).not.toContain(token);

    const skipped = expectExit(
      await publish({ files: other.wheel, 'skip-existing': 'true' }),
      0,
    );
    expect(skipped.annotations).toContainEqual([
      'warning',
      expect.stringContaining('skipped: 409 File already exists'),
    ]);
    expect(JSON.parse(skipped.outputs['uploaded-files'])[0].outcome).toBe(
      'skipped',
    );
  });

  it('publish refuses a wheel whose metadata does not match its filename before uploading anything', async () => {
    const renamed = path.join(
      workDir,
      'renamed',
      `${moduleName(DEMO)}-9.9.9-py3-none-any.whl`,
    );
    fs.mkdirSync(path.dirname(renamed), { recursive: true });
    fs.copyFileSync(dists100.wheel, renamed);
    const result = expectExit(
      await publish({ 'packages-dir': path.dirname(renamed) }),
      1,
    );
    expect(result.annotations).toContainEqual([
      'error',
      `${path.basename(renamed)}: the metadata has version 1.0.0, but the filename says 9.9.9`,
    ]);
    expect(await versions()).not.toHaveProperty('9.9.9');
  });

  it('publish with a publish-only token uploads and warns that build metadata needs the manage scope', async () => {
    const dists = await buildProject({
      dir: workDir,
      outDir: path.join(workDir, 'dist-0.5.0'),
      project: { name: DEMO, version: '0.5.0' },
    });
    const result = expectExit(
      await runAction(PUBLISH_ACTION, {
        inputs: {
          'repository-url': repositoryUrl(),
          password: publishOnlyToken,
          files: `${path.dirname(dists.wheel)}/*`,
        },
        workDir,
      }),
      0,
    );
    expect(result.annotations).toContainEqual([
      'warning',
      expect.stringContaining(
        'Build metadata not attached to wh-action-demo 0.5.0: 403',
      ),
    ]);
    expect((await versionDetail('0.5.0')).customMetadata).toEqual([]);
  });

  it('manage disable hides the newest version from pip, enable brings it back', async () => {
    const disabled = expectExit(
      await manage({
        operation: 'disable',
        version: 'latest',
        reason: 'CVE-2026-0001',
      }),
      0,
    );
    expect(JSON.parse(disabled.outputs.versions)).toEqual(['1.1.0']);
    expect(disabled.summary).toContain(
      '<td><code>1.1.0</code></td><td>active</td><td>done</td>',
    );
    expect((await versionDetail('1.1.0')).disabled.reason).toBe(
      'CVE-2026-0001',
    );
    expect(await pipGets(DEMO)).toBe('1.0.0');

    // Running the same step again changes nothing and does not fail.
    const again = expectExit(
      await manage({
        operation: 'disable',
        version: '1.1.0',
        reason: 'CVE-2026-0001',
      }),
      0,
    );
    expect(again.outputs.count).toBe('0');

    expectExit(await manage({ operation: 'enable', version: '1.1.0' }), 0);
    expect((await versions())['1.1.0']).toBe('active');
  });

  it('manage set-metadata, remove-metadata, tag and untag', async () => {
    expectExit(
      await manage({
        operation: 'set-metadata',
        version: '>=1.0',
        metadata: 'reviewed=yes',
      }),
      0,
    );
    expectExit(
      await manage({
        operation: 'remove-metadata',
        version: '1.0.0',
        keys: 'ticket, team',
      }),
      0,
    );
    const keys100 = (await versionDetail('1.0.0')).customMetadata.map(
      (e: { key: string }) => e.key,
    );
    expect(keys100).toContain('reviewed');
    expect(keys100).not.toContain('team');
    expect(
      (await versionDetail('1.1.0')).customMetadata.map(
        (e: { key: string }) => e.key,
      ),
    ).toContain('reviewed');

    const tagged = expectExit(
      await manage({ operation: 'tag', version: '<2', tag: 'stable' }),
      0,
    );
    expect(JSON.parse(tagged.outputs.versions)).toEqual(['1.1.0']);
    expect((await versionDetail('1.1.0')).tags).toEqual(['stable']);
    expectExit(await manage({ operation: 'untag', tag: 'stable' }), 0);
    expect((await versionDetail('1.1.0')).tags).toEqual([]);
  });

  it('manage reports a failure with the server message as an annotation', async () => {
    const result = expectExit(
      await manage({ operation: 'enable', version: '7.0.0' }),
      1,
    );
    expect(result.annotations).toContainEqual([
      'error',
      'Version 7.0.0 of wh-action-demo not found',
    ]);
    const forbidden = expectExit(
      await runAction(MANAGE_ACTION, {
        inputs: {
          'repository-url': repositoryUrl(),
          password: publishOnlyToken,
          package: DEMO,
          operation: 'set-metadata',
          version: '1.0.0',
          metadata: 'a=b',
        },
        workDir,
      }),
      1,
    );
    expect(
      forbidden.annotations.find(([kind]) => kind === 'error')?.[1],
    ).toMatch(/^set-metadata wh-action-demo 1\.0\.0 failed: 403 /);
  });

  it('manage cleanup keep-newest=1: the dry run changes nothing, the real run deletes the rest; restore brings one back', async () => {
    const before = await versions();
    expect(Object.keys(before).sort()).toEqual(['0.5.0', '1.0.0', '1.1.0']);

    const dryRun = expectExit(
      await manage({
        operation: 'cleanup',
        'keep-newest': '1',
        'dry-run': 'true',
      }),
      0,
    );
    expect(JSON.parse(dryRun.outputs.versions)).toEqual(['1.0.0', '0.5.0']);
    expect(dryRun.summary).toContain('Dry run: cleanup');
    expect(await versions()).toEqual(before);
    expect(await pipGets(`${DEMO}==1.0.0`)).toBe('1.0.0');

    const cleanup = expectExit(
      await manage({ operation: 'cleanup', 'keep-newest': '1' }),
      0,
    );
    expect(JSON.parse(cleanup.outputs.versions)).toEqual(['1.0.0', '0.5.0']);
    expect(await versions()).toEqual({ '1.1.0': 'active' });
    expect(await pipGets(`${DEMO}==1.0.0`)).toMatch(
      /^pip failed:[\s\S]*no matching distribution/i,
    );
    const bin = JSON.parse(
      expectStatus(
        await api.request('GET', '/repositories/default/recycle-bin'),
      ).body,
    );
    expect(
      bin.items
        .map((i: { version: string; reason: string }) => [i.version, i.reason])
        .sort(),
    ).toEqual([
      ['0.5.0', 'cleanup (keep the newest 1)'],
      ['1.0.0', 'cleanup (keep the newest 1)'],
    ]);

    const restored = expectExit(
      await manage({ operation: 'restore', version: '1.0' }),
      0,
    );
    expect(JSON.parse(restored.outputs.versions)).toEqual(['1.0.0']);
    expect(await pipGets(`${DEMO}==1.0.0`)).toBe('1.0.0');
  });

  it('leaves a readable log for a failing run', async () => {
    // Guards the helper itself: a wrong expectation shows the whole run, not just an exit code.
    const result = await manage({ operation: 'bogus' });
    expect(() => expectExit(result, 0)).toThrow(/operation must be one of/);
    expect(describeRun(result)).toContain('exit 1');
  });
});
