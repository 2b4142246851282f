/**
 * Trusted publishing in the portal, end to end: the dev Backstage backend trusts a local OIDC issuer (GitHub's
 * cannot be reached here), real twine uploads with a token minted at /api/pypi/_/oidc/mint-token, and headless
 * Chromium shows the verified provenance on Artifact Information, the build labels as unverified, and the
 * trusted publishers of the artifact and of the repository. Screenshot: provenance.png (see SCREENSHOTS in browser.ts).
 */
import path from 'node:path';
import { Page } from 'playwright-core';
import {
  GITHUB_OWNER_ID,
  startOidcIssuer,
  TestIssuer,
} from '@wheelhouse/test-utils/oidcIssuer';
import { RunningBackstage, uploadToBackstage } from '../support/backstage';
import { buildProject, distFiles } from '../support/fixture';
import { BuiltDists } from '../support/python';
import { makeTempDir, removeTempDir } from '../support/tmp';
import { PageEvents, screenshot, throwPageErrors } from './browser';
import { RunningDevApp } from './devApp';
import { RunningPortal, startPortal } from './portal';

jest.setTimeout(300_000);

const NAME = 'trusted-ui-demo';

let work: string;
let issuer: TestIssuer;
let portal: RunningPortal | undefined;
let backstage: RunningBackstage;
let app: RunningDevApp;
let page: Page;
let events: PageEvents;

beforeAll(async () => {
  work = makeTempDir('trusted-ui');
  issuer = await startOidcIssuer({ audience: 'portal-e2e' });
  let dists: BuiltDists;
  [portal, dists] = await Promise.all([
    startPortal({
      work,
      // The guest's personal token sets the build labels below.
      scopes: ['manage'],
      pypi: {
        oidc: { issuer: issuer.url, audience: 'portal-e2e' },
        trustedPublishers: [
          {
            repository: 'default',
            project: NAME,
            repositoryOwner: 'acme',
            repositoryOwnerId: GITHUB_OWNER_ID,
            repositoryName: 'demo',
            workflow: 'release.yml',
            environment: 'pypi',
          },
        ],
      },
    }),
    buildProject({
      dir: work,
      outDir: path.join(work, 'dist'),
      project: { name: NAME, version: '2.0.0' },
    }),
  ]);
  ({ backstage, app, page, events } = portal);

  const minted = await fetch(`${backstage.pypi}/_/oidc/mint-token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      token: await issuer.token({ environment: 'pypi' }),
    }),
  });
  if (minted.status !== 200)
    throw new Error(
      `mint-token answered ${minted.status}: ${await minted.text()}`,
    );
  const { token } = (await minted.json()) as { token: string };
  await uploadToBackstage({ backstage, token, files: distFiles(dists) });

  // What action-publish's attach-build-metadata sets with an API token: labels, not proof.
  const labelled = await fetch(
    `${backstage.pypi}/api/v1/repositories/default/packages/${NAME}/versions/2.0.0/metadata`,
    {
      method: 'PATCH',
      headers: {
        authorization: `Bearer ${portal.token}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ set: { 'github.sha': 'ffffffffffff' } }),
    },
  );
  if (labelled.status !== 200)
    throw new Error(`metadata answered ${labelled.status}`);
});

afterAll(async () => {
  await portal?.close();
  await issuer?.close();
  removeTempDir(work);
});

afterEach(() => throwPageErrors(events));

test('Artifact Information shows the verified provenance with links, and github.* metadata as unverified', async () => {
  await page.goto(`${app.url}/pypi`);
  await page.getByRole('button', { name: 'Enter' }).click();
  await page.getByRole('link', { name: 'default', exact: true }).click();
  await page.getByRole('link', { name: NAME }).click();
  const provenance = page.getByTestId('provenance');
  await provenance
    .getByText('Published by GitHub Actions', { exact: false })
    .waitFor();
  const text = (await provenance.textContent())?.replace(
    /, Opens in a new window/g,
    '',
  );
  expect(text).toContain(
    'Published by GitHub Actions — acme/demo, workflow .github/workflows/release.yml, commit a1b2c3d4e5f6, run 9876543210 verified',
  );
  expect(
    await provenance
      .getByRole('link', { name: /a1b2c3d4e5f6/ })
      .getAttribute('href'),
  ).toBe(
    'https://github.com/acme/demo/commit/a1b2c3d4e5f60718293a4b5c6d7e8f9012345678',
  );
  const labels = page.getByTestId('unverified-labels');
  expect(await labels.textContent()).toMatch(
    /unverified.*github\.shaffffffffffff/,
  );
  const publishers = page.getByRole('table', { name: 'Trusted publishers' });
  expect(await publishers.textContent()).toContain(
    `acme/demo (owner id ${GITHUB_OWNER_ID})`,
  );
  await provenance.scrollIntoViewIfNeeded();
  await screenshot(page, 'provenance');
});

test("the repository's Trusted Publishers tab lists them", async () => {
  await page.goto(`${app.url}/pypi/default/trusted-publishers`);
  const table = page.getByRole('table', { name: 'Trusted publishers' });
  await table.waitFor();
  const text = (await table.textContent()) ?? '';
  expect(text).toContain(NAME);
  expect(text).toContain('release.yml');
  expect(text).toContain('configuration');
});
