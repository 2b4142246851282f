/**
 * The portal UI end to end: the dev Backstage backend that `npm start` runs (guest sign-in, allow-all permissions),
 * the pypi frontend plugin's dev app in front of it, a package uploaded with twine, and Debian's headless Chromium
 * going through search → details → disable with a reason → (pip refuses that version) → delete → restore from the
 * recycle bin → add metadata, and the User Guide. Screenshots go to a temporary folder, or with UPDATE_SCREENSHOTS=1 to docs/screenshots/ (shown in the README).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Page } from 'playwright-core';
import { RunningBackstage, uploadToBackstage } from '../support/backstage';
import { expectSuccess } from '../support/exec';
import { buildProjects, distFiles } from '../support/fixture';
import { BuiltDists, pipInstall, runPython } from '../support/python';
import { makeTempDir, removeTempDir } from '../support/tmp';
import { VenvPool } from '../support/venvPool';
import { PageEvents, screenshot, throwPageErrors } from './browser';
import { RunningDevApp } from './devApp';
import { RunningPortal, startPortal } from './portal';

jest.setTimeout(300_000);

const NAME = 'portal-ui-demo';
const OTHER = 'unrelated-tool';
/** Must show up as text wherever it is displayed, never as an element. */
const XSS = '<img src=x onerror=alert(1)>';
const REASON = `${XSS} broken build`;

let work: string;
let portal: RunningPortal | undefined;
let backstage: RunningBackstage;
let app: RunningDevApp;
let page: Page;
let events: PageEvents;
let user: string;
let venvs: VenvPool;
let dists: Record<string, BuiltDists>;

const indexUrl = () => `${backstage.pypi}/default/simple/`;
const api = (apiPath: string) =>
  fetch(`${backstage.pypi}/api/v1/repositories/default${apiPath}`, {
    headers: { authorization: `Bearer ${user}` },
  });

/** The version the details page's switcher shows. */
const shownVersion = async () =>
  (await page.locator('#pypi-version').textContent())?.trim();

/** Text of an element found by its aria-label (the User Guide's blocks), once it is there. */
async function blockText(label: string): Promise<string> {
  const block = page.getByLabel(label, { exact: true });
  await block.waitFor();
  return (await block.textContent()) ?? '';
}

async function markupRendered(): Promise<boolean> {
  return (
    (await page.locator('img[src="x"]').count()) > 0 ||
    events.dialogs.length > 0
  );
}

beforeAll(async () => {
  work = makeTempDir('ui');
  venvs = new VenvPool(work);
  [portal, dists] = await Promise.all([
    startPortal({ work, scopes: ['publish'] }),
    buildProjects({
      dir: work,
      outDir: path.join(work, 'dist'),
      projects: [
        { name: NAME, version: '1.0.0' },
        { name: NAME, version: '1.1.0' },
        { name: OTHER, version: '0.1.0' },
      ].map(spec => ({ ...spec, requiresPython: '>=3.8' })),
    }),
  ]);
  ({ backstage, user, app, page, events } = portal);
  await uploadToBackstage({
    backstage,
    token: portal.token,
    files: distFiles(...Object.values(dists)),
  });
});

afterAll(async () => {
  await portal?.close();
  await venvs?.drain();
  removeTempDir(work);
});

afterEach(() => throwPageErrors(events));

test('signs in as a guest and searches the artifacts by name', async () => {
  await page.goto(`${app.url}/pypi`);
  await page.getByRole('button', { name: 'Enter' }).click();
  // Two repositories (default and private): the start page lists them.
  await page.getByRole('link', { name: 'default', exact: true }).click();
  await page
    .getByRole('heading', { name: 'PyPI repository default' })
    .waitFor();
  await page.getByRole('link', { name: OTHER }).waitFor();
  await page.getByLabel('Search artifacts by name').fill('ui-demo');
  await page.getByRole('link', { name: OTHER }).waitFor({ state: 'detached' });
  const row = page
    .getByRole('row')
    .filter({ has: page.getByRole('link', { name: NAME }) });
  expect(await row.textContent()).toContain('1.1.0');
  await screenshot(page, 'artifacts');
});

test('opens the details: latest version, Artifact Information and File Information', async () => {
  await page.getByRole('link', { name: NAME }).click();
  const info = page.getByRole('table', { name: 'Artifact Information' });
  await info.waitFor();
  expect(await shownVersion()).toBe('1.1.0');
  const text = (await info.textContent()) ?? '';
  expect(text).toContain('Total versions2');
  // The uploader as a link to the catalog, then how they uploaded.
  expect(text).toMatch(/guest via token/);
  expect(text).toContain('Requires-Python>=3.8');
  await screenshot(page, 'artifact-details');

  await page.getByRole('tab', { name: 'File Information' }).click();
  const wheel = path.basename(dists[`${NAME}==1.1.0`].wheel);
  const sha256 = crypto
    .createHash('sha256')
    .update(fs.readFileSync(dists[`${NAME}==1.1.0`].wheel))
    .digest('hex');
  const fileRow = page.getByRole('row').filter({ hasText: wheel });
  expect(await fileRow.textContent()).toContain(sha256);
  expect(
    await fileRow
      .getByRole('link', { name: `Download ${wheel}` })
      .getAttribute('href'),
  ).toBe(`${app.url}/api/pypi/default/files/${sha256}/${wheel}`);
  await screenshot(page, 'file-information');
});

test('disables the version with a reason that shows as text, and pip refuses it with that reason', async () => {
  await page.getByRole('button', { name: 'Disable Artifact' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Reason for disabling').fill(REASON);
  await screenshot(page, 'disable-dialog');
  await dialog.getByRole('button', { name: 'OK' }).click();
  await dialog.waitFor({ state: 'detached' });
  const reason = page.getByTestId('disabled-reason');
  await reason.waitFor();
  expect(await reason.textContent()).toBe(REASON);
  expect(await markupRendered()).toBe(false);
  await page.getByRole('button', { name: 'Enable Artifact' }).waitFor();
  await screenshot(page, 'disabled');

  const python = await venvs.take();
  const refused = await pipInstall(python, [`${NAME}==1.1.0`], {
    indexUrl: indexUrl(),
  });
  expect(refused.code).not.toBe(0);
  // The version stays listed as yanked with the reason (PEP 592): pip finds it and prints the 403's reason.
  expect(refused.stdout + refused.stderr).toContain(
    `Version 1.1.0 of ${NAME} is disabled: ${REASON}`,
  );
  // The other version stays installable.
  expectSuccess(
    await pipInstall(python, [NAME], { indexUrl: indexUrl() }),
    `pip install ${NAME}`,
  );
  expect(
    await runPython(
      python,
      'import portal_ui_demo; print(portal_ui_demo.__version__)',
    ),
  ).toBe('1.0.0');
});

test('deletes the version to the recycle bin and restores it from there', async () => {
  await page.getByRole('button', { name: 'Delete This Version' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Reason (optional)').fill('released by mistake');
  await dialog.getByRole('button', { name: 'Delete' }).click();
  await dialog.waitFor({ state: 'detached' });
  // The page goes to the latest version left.
  await page.waitForFunction(
    () =>
      (globalThis as any).document.getElementById('pypi-version')
        ?.textContent === '1.0.0',
  );

  await page.getByRole('link', { name: 'Repository default' }).click();
  await page.getByRole('tab', { name: 'Recycle Bin' }).click();
  const row = page.getByTestId(`bin-${NAME}-1.1.0`);
  await row.waitFor();
  const text = (await row.textContent()) ?? '';
  expect(text).toContain('guest');
  expect(text).toContain('released by mistake');
  expect(text).toContain('30 days');
  await screenshot(page, 'recycle-bin');
  await row.getByRole('button', { name: 'Restore' }).click();
  await page.getByText('The recycle bin is empty').waitFor();
});

test('the restored version is enabled again and gets custom metadata, and pip installs it', async () => {
  await page.getByRole('tab', { name: 'Artifacts' }).click();
  await page.getByRole('link', { name: NAME }).click();
  await page.getByRole('table', { name: 'Artifact Information' }).waitFor();
  // The page opens on what pip installs; the restored 1.1.0 is still disabled, so that is 1.0.0.
  expect(await shownVersion()).toBe('1.0.0');
  await page.locator('#pypi-version').click();
  await page.getByRole('option', { name: /^1\.1\.0/ }).click();
  await page.waitForURL(/version=1\.1\.0/);
  // Restoring keeps the version as it was: still disabled, until enabled.
  expect(await page.getByTestId('disabled-reason').textContent()).toBe(REASON);
  await page.getByRole('button', { name: 'Enable Artifact' }).click();
  await page.getByTestId('disabled-notice').waitFor({ state: 'detached' });

  await page.getByRole('tab', { name: 'Metadata' }).click();
  await page.getByLabel('Key', { exact: true }).fill('ci.run');
  await page.getByLabel('Value', { exact: true }).fill(XSS);
  await page.getByRole('button', { name: 'Add Metadata' }).click();
  const entry = page.getByTestId('metadata-ci.run');
  await entry.waitFor();
  expect(await entry.textContent()).toContain(XSS);
  expect(await markupRendered()).toBe(false);
  await screenshot(page, 'metadata');

  const version = (await (
    await api(`/packages/${NAME}/versions/1.1.0`)
  ).json()) as { customMetadata: unknown[]; status: string };
  expect(version.customMetadata).toEqual([
    expect.objectContaining({
      key: 'ci.run',
      value: XSS,
      updatedBy: 'user:development/guest',
    }),
  ]);
  expect(version.status).toBe('active');
  const python = await venvs.take();
  expectSuccess(
    await pipInstall(python, [`${NAME}==1.1.0`], { indexUrl: indexUrl() }),
    `pip install ${NAME}==1.1.0`,
  );
  expect(
    await runPython(
      python,
      'import portal_ui_demo; print(portal_ui_demo.__version__)',
    ),
  ).toBe('1.1.0');
});

test('the User Guide is filled in with this portal and the user, and creates a personal token', async () => {
  await page.getByRole('link', { name: 'Repository default' }).click();
  await page.getByRole('tab', { name: 'User Guide' }).click();
  const pypirc = await blockText('~/.pypirc');
  expect(pypirc).toContain('[distutils]');
  expect(pypirc).toContain(`repository = ${backstage.pypi}/default/`);
  expect(pypirc).toContain('username = guest');
  expect(await blockText('twine upload with parameters')).toBe(
    `twine upload --repository-url ${backstage.pypi}/default/ -u guest -p <your API token> dist/*`,
  );
  await screenshot(page, 'user-guide-push');

  await page.getByRole('button', { name: 'Create personal token' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('button', { name: 'Create token' }).click();
  const token =
    (
      await dialog.getByLabel('Personal token', { exact: true }).textContent()
    )?.trim() ?? '';
  expect(token).toMatch(/^whl_/);
  const whoami = await fetch(`${backstage.pypi}/api/v1/whoami`, {
    headers: { authorization: `Bearer ${token}` },
  });
  expect(await whoami.json()).toMatchObject({
    type: 'token',
    actor: expect.stringContaining('user:development/guest'),
  });
  await dialog.getByRole('button', { name: 'Done' }).click();
  await dialog.waitFor({ state: 'detached' });

  await page.getByRole('tab', { name: 'Pull' }).click();
  expect(await blockText('pip install')).toBe(
    `pip install --index-url ${backstage.pypi}/default/simple/ <package>`,
  );
  expect(await blockText('pip.conf')).toContain(
    `index-url = ${backstage.pypi}/default/simple/`,
  );
  await screenshot(page, 'user-guide-pull');
});

test('an entity annotated with the package shows its card and tab', async () => {
  await page.getByRole('link', { name: 'Entity demo' }).click();
  await page.getByRole('table', { name: 'PyPI package' }).waitFor();
  await page.getByRole('table', { name: 'Artifact Information' }).waitFor();
  expect(
    await page.getByRole('table', { name: 'PyPI package' }).textContent(),
  ).toContain('1.1.0');
  await screenshot(page, 'entity');
});
