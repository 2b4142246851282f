/**
 * The portal as the UI suites drive it: the dev Backstage backend signed in as its guest (with a personal token), the
 * frontend plugin's dev app in front of it, and a headless Chromium page.
 */
import path from 'node:path';
import { Browser, Page } from 'playwright-core';
import {
  BackstageOptions,
  SignedInBackstage,
  startSignedInBackstage,
} from '../support/backstage';
import { launchChromium, openPage, PageEvents } from './browser';
import { RunningDevApp, startDevApp } from './devApp';

export interface RunningPortal extends SignedInBackstage {
  app: RunningDevApp;
  browser: Browser;
  page: Page;
  events: PageEvents;
  /** Closes the browser, the app and the backend. */
  close(): Promise<void>;
}

export interface StartPortalOptions extends Omit<BackstageOptions, 'dataDir'> {
  /** The suite's scratch directory: the backend's data in `data/`, the app's bundle in `app/`. */
  work: string;
  /** Of the guest's personal token. */
  scopes: string[];
}

export async function startPortal(
  options: StartPortalOptions,
): Promise<RunningPortal> {
  const { work, ...backstageOptions } = options;
  const signedIn = await startSignedInBackstage({
    ...backstageOptions,
    dataDir: path.join(work, 'data'),
  });
  let app: RunningDevApp | undefined;
  let browser: Browser | undefined;
  const close = async () => {
    await browser?.close();
    await app?.close();
    await signedIn.backstage.stop();
  };
  try {
    app = await startDevApp(path.join(work, 'app'), signedIn.backstage.url);
    browser = await launchChromium();
    const { page, events } = await openPage(browser);
    return { ...signedIn, app, browser, page, events, close };
  } catch (error) {
    await close();
    throw error;
  }
}
