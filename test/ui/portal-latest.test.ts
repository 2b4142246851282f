/**
 * The portal and pip tell the same story (issue 15), end to end: the dev Backstage backend and app, packages
 * uploaded with twine (sdist + wheel pairs, a pre-release newer than the latest final, a disabled version, a
 * Markdown README), real pip, and Debian's headless Chromium at 1440×900 and at 390 px.
 */
import path from 'node:path';
import fs from 'node:fs';
import { Page } from 'playwright-core';
import { RunningBackstage, uploadToBackstage } from '../support/backstage';
import { expectSuccess } from '../support/exec';
import { buildProjects, distFiles } from '../support/fixture';
import { BuiltDists, pipInstall, runPython } from '../support/python';
import { makeTempDir, removeTempDir } from '../support/tmp';
import { VenvPool } from '../support/venvPool';
import { PageEvents, screenshot, throwPageErrors } from './browser';
import { RunningDevApp } from './devApp';
import { layoutProblems } from './layoutCheck';
import { RunningPortal, startPortal } from './portal';

jest.setTimeout(300_000);

const KIT = 'data-pipeline-kit';
const UTILS = 'acme-utils';
const REASON = 'CVE-2026-1234: remote code execution';
/** Must render as Markdown; its script must not run, its remote image must not load. */
const README = [
  '# Data pipeline kit',
  '',
  'Composable **pipelines** for batch jobs. See the [docs](https://docs.example.com/kit).',
  '',
  '| Stage | Purpose |',
  '| ----- | ------- |',
  '| read  | load    |',
  '',
  '<script>window.__pwned = true</script>',
  '',
  '![tracker](http://tracker.invalid/pixel.png)',
  '',
].join('\n');

let work: string;
let portal: RunningPortal | undefined;
let backstage: RunningBackstage;
let app: RunningDevApp;
let page: Page;
let events: PageEvents;
let user: string;
let venvs: VenvPool;
const requests: string[] = [];

/** Declares README.md as the project's Markdown long description. */
function addReadme(dir: string) {
  fs.writeFileSync(path.join(dir, 'README.md'), README);
  const pyproject = path.join(dir, 'pyproject.toml');
  fs.writeFileSync(
    pyproject,
    fs
      .readFileSync(pyproject, 'utf8')
      .replace(
        /^description = .*$/m,
        line =>
          `${line}\nreadme = { file = "README.md", content-type = "text/markdown" }`,
      ),
  );
}

const indexUrl = () => `${backstage.pypi}/default/simple/`;
const manage = (apiPath: string, body: unknown) =>
  fetch(`${backstage.pypi}/api/v1/repositories/default${apiPath}`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${user}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify(body),
  });
const shownVersion = async () =>
  (await page.locator('#pypi-version').textContent())?.trim();

beforeAll(async () => {
  work = makeTempDir('ui-latest');
  venvs = new VenvPool(work);
  let dists: Record<string, BuiltDists>;
  [portal, dists] = await Promise.all([
    startPortal({ work, scopes: ['publish'] }),
    buildProjects({
      dir: work,
      outDir: path.join(work, 'dist'),
      prepare: addReadme,
      projects: [
        [KIT, '1.0.0'],
        [KIT, '1.2.0'],
        [KIT, '2.0.0rc1'],
        [UTILS, '1.7.0'],
        [UTILS, '1.8.0'],
      ].map(([name, version]) => ({ name, version, requiresPython: '>=3.8' })),
    }),
  ]);
  ({ backstage, user, app, page, events } = portal);
  await uploadToBackstage({
    backstage,
    token: portal.token,
    files: distFiles(...Object.values(dists)),
  });
  const disabled = await manage(`/packages/${UTILS}/versions/1.8.0/disable`, {
    reason: REASON,
  });
  if (disabled.status !== 200)
    throw new Error(`setup: disable answered ${disabled.status}`);
  await page.setViewportSize({ width: 1440, height: 900 });
  page.on('request', request => requests.push(request.url()));
  await page.goto(`${app.url}/pypi`);
  await page.getByRole('button', { name: 'Enter' }).click();
  await page.getByRole('link', { name: 'default', exact: true }).click();
});

afterAll(async () => {
  await portal?.close();
  await venvs?.drain();
  removeTempDir(work);
});

afterEach(() => throwPageErrors(events));

test('the list, the details page and the JSON API call latest what pip installs, and mark pre-releases', async () => {
  const row = (name: string) =>
    page.getByRole('row').filter({ has: page.getByRole('link', { name }) });
  await row(KIT).waitFor();
  const kit = (await row(KIT).textContent()) ?? '';
  expect(kit).toContain('1.2.0');
  expect(kit).toMatch(/2\.0\.0rc1\s*pre-release/);
  const utils = (await row(UTILS).textContent()) ?? '';
  expect(utils).toContain('1.7.0');
  expect(utils).not.toContain('1.8.0');
  await screenshot(page, 'latest-and-prerelease');

  await page.getByRole('link', { name: KIT }).click();
  await page.getByRole('table', { name: 'Artifact Information' }).waitFor();
  expect(await shownVersion()).toBe('1.2.0');
  const info =
    (await page
      .getByRole('table', { name: 'Artifact Information' })
      .textContent()) ?? '';
  expect(info).toContain('Latest version1.2.0 · pre-release 2.0.0rc1');
  await page.locator('#pypi-version').click();
  const options = await page
    .getByRole('option')
    .evaluateAll(nodes => nodes.map(node => node.getAttribute('aria-label')));
  expect(options).toEqual([
    '2.0.0rc1 (pre-release)',
    '1.2.0 (latest)',
    '1.0.0',
  ]);
  await page.keyboard.press('Escape');

  const json = (await (
    await fetch(`${backstage.pypi}/default/pypi/${KIT}/json`)
  ).json()) as { info: { version: string } };
  expect(json.info.version).toBe('1.2.0');
  const utilsJson = (await (
    await fetch(`${backstage.pypi}/default/pypi/${UTILS}/json`)
  ).json()) as {
    info: { version: string };
    releases: Record<string, { yanked_reason: string }[]>;
  };
  expect(utilsJson.info.version).toBe('1.7.0');
  expect(utilsJson.releases['1.8.0'][0].yanked_reason).toBe(
    `disabled: ${REASON}`,
  );
});

test('pip prints the disable reason for a pinned install, and an unpinned install resolves to another version', async () => {
  const python = await venvs.take();
  const pinned = await pipInstall(python, [`${UTILS}==1.8.0`], {
    indexUrl: indexUrl(),
  });
  expect(pinned.code).not.toBe(0);
  const output = pinned.stdout + pinned.stderr;
  // pip finds the version (listed as yanked, "disabled: …"), reads its PEP 658 metadata first and prints the 403's
  // reason phrase, which carries the reason; before, it said only "No matching distribution found".
  expect(output).toMatch(/HTTP error 403/);
  expect(output).toContain(`Version 1.8.0 of ${UTILS} is disabled: ${REASON}`);
  expect(output).not.toContain('No matching distribution found');

  expectSuccess(
    await pipInstall(python, [UTILS], { indexUrl: indexUrl() }),
    `pip install ${UTILS}`,
  );
  expect(
    await runPython(python, 'import acme_utils; print(acme_utils.__version__)'),
  ).toBe('1.7.0');
});

test('the Description tab renders the README as Markdown; its script does not run and its remote image does not load', async () => {
  await page.getByRole('tab', { name: 'Description' }).click();
  const region = page.getByRole('region', { name: 'Project description' });
  await region.getByRole('heading', { name: 'Data pipeline kit' }).waitFor();
  expect(await region.locator('strong').first().textContent()).toBe(
    'pipelines',
  );
  expect(await region.locator('table').count()).toBe(1);
  expect(await region.locator('script').count()).toBe(0);
  expect(
    // Runs in the page; the tests' TypeScript program has no DOM types.
    await page.evaluate(() => (globalThis as { __pwned?: boolean }).__pwned),
  ).toBeUndefined();
  expect(requests.filter(url => url.includes('tracker.invalid'))).toEqual([]);
  await screenshot(page, 'description');
});

test('switches version with the keyboard only, loading a version on Enter and not per arrow key', async () => {
  // The versions whose data the page requested (details, downloads) since `from`.
  const loadedSince = (from: number) => [
    ...new Set(
      requests
        .slice(from)
        .map(
          url =>
            /\/packages\/data-pipeline-kit\/versions\/([^/?]+)/.exec(url)?.[1],
        )
        .filter(Boolean),
    ),
  ];
  await page.locator('#pypi-version').focus();
  const before = requests.length;
  await page.keyboard.press('ArrowDown');
  await page.getByRole('listbox').waitFor();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('ArrowDown');
  expect(loadedSince(before)).toEqual([]);
  await page.keyboard.press('Enter');
  await page.waitForURL(/version=1\.0\.0/);
  expect(await shownVersion()).toBe('1.0.0');
  await page.waitForFunction(
    () => !(globalThis as any).document.querySelector('[aria-busy="true"]'),
  );
  await page.getByRole('tab', { name: 'Artifact Information' }).click();
  await page.getByRole('row', { name: /^Version 1\.0\.0/ }).waitFor();
  expect(loadedSince(before)).toEqual(['1.0.0']);
});

test('the downloads chart has axes and a focusable table of the same figures', async () => {
  const chart = page.getByRole('img', { name: `Downloads per day of ${KIT}` });
  await chart.waitFor();
  expect(
    await chart.locator('.recharts-cartesian-axis-tick').count(),
  ).toBeGreaterThan(4);
  expect(await chart.locator('.recharts-cartesian-grid').count()).toBe(1);
  const toggle = page.getByRole('button', { name: 'Show as table' });
  await toggle.focus();
  await page.keyboard.press('Enter');
  const region = page.getByRole('region', {
    name: `Downloads per day of ${KIT}`,
  });
  await region.waitFor();
  await page.keyboard.press('Tab');
  expect(
    await region.evaluate(
      node => node === (globalThis as any).document.activeElement,
    ),
  ).toBe(true);
  // 30 days and the header row.
  expect(await region.getByRole('row').count()).toBe(31);
  await screenshot(page, 'downloads-table');
});

test('at 390 px nothing leaves the viewport and no text overlaps a button, on every page', async () => {
  await page.setViewportSize({ width: 390, height: 844 });
  const check = async (what: string) => {
    await page.waitForTimeout(300);
    expect({ what, problems: await layoutProblems(page) }).toEqual({
      what,
      problems: [],
    });
  };
  await page.goto(`${app.url}/pypi/default`);
  await page.getByRole('link', { name: KIT }).waitFor();
  await check('artifacts');
  await screenshot(page, 'mobile-artifacts');
  await page.getByRole('link', { name: KIT }).click();
  await page.getByRole('table', { name: 'Artifact Information' }).waitFor();
  await check('artifact information');
  await screenshot(page, 'mobile-details');
  for (const tab of ['Description', 'File Information', 'Metadata']) {
    await page.getByRole('tab', { name: tab }).click();
    await check(tab);
  }
  await page.goto(`${app.url}/pypi/default/user-guide`);
  await page.getByText('Set push credentials').waitFor();
  await check('user guide, push');
  await screenshot(page, 'mobile-user-guide');
  await page.getByRole('tab', { name: 'Pull' }).click();
  await check('user guide, pull');
  await page.goto(`${app.url}/pypi/default/recycle-bin`);
  await page.waitForTimeout(500);
  await check('recycle bin');
  await page.setViewportSize({ width: 1440, height: 900 });
});
