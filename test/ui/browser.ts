/** Headless Chromium for the portal UI test: Debian's /usr/bin/chromium driven by playwright-core. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Browser, chromium, Page } from 'playwright-core';
import { REPO_ROOT } from '../support/registry';

export const CHROMIUM = process.env.WHEELHOUSE_CHROMIUM ?? '/usr/bin/chromium';
/**
 * Where screenshots go: a temporary folder, so that a test run leaves the committed docs/screenshots/ alone;
 * `UPDATE_SCREENSHOTS=1` writes docs/screenshots/ (the README shows them).
 */
export const SCREENSHOTS =
  process.env.UPDATE_SCREENSHOTS === '1'
    ? path.join(REPO_ROOT, 'docs', 'screenshots')
    : path.join(os.tmpdir(), 'wheelhouse-screenshots');

export async function launchChromium(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM))
    throw new Error(
      `${CHROMIUM} is missing: run \`npm run setup:test\` (apt-get install chromium)`,
    );
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

/** What the page did that a test wants to know about: JS dialogs (alert) and uncaught errors. */
export interface PageEvents {
  dialogs: string[];
  errors: string[];
}

export async function openPage(
  browser: Browser,
): Promise<{ page: Page; events: PageEvents }> {
  const page = await browser.newPage({
    viewport: { width: 1400, height: 1000 },
  });
  page.setDefaultTimeout(20_000);
  const events: PageEvents = { dialogs: [], errors: [] };
  page.on('dialog', dialog => {
    events.dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  page.on('pageerror', error => events.errors.push(error.message));
  page.on('console', message => {
    if (message.type() === 'error') events.errors.push(message.text());
  });
  return { page, events };
}

/** Saves <SCREENSHOTS>/<name>.png, without the queue of "done" alerts on top. */
export async function screenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  const closeAlert = page.getByTestId('error-button-close');
  for (let queued = 0; queued < 10 && (await closeAlert.count()); queued++)
    await closeAlert.first().click();
  // Let transitions (dialogs, alerts, tabs) settle.
  await page.waitForTimeout(500);
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) });
}

/** Throws the page's uncaught errors (run after each test, so that the step that caused them fails); failed loads pass. */
export function throwPageErrors(events: PageEvents | undefined): void {
  const errors = (events?.errors ?? []).filter(
    error => !/Failed to load resource/.test(error),
  );
  if (errors.length)
    throw new Error(`errors in the page:\n${errors.join('\n')}`);
}
