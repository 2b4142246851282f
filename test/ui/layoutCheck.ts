/** Checks of a page's layout at a phone's width, run in the page: nothing leaves the viewport, no text over a button. */
import fs from 'node:fs';
import path from 'node:path';
import { Page } from 'playwright-core';

const SCRIPT = fs.readFileSync(
  path.join(__dirname, 'layoutProblems.browser.js'),
  'utf8',
);

export interface LayoutProblem {
  kind: 'outside' | 'overlap';
  what: string;
}

/**
 * Every visible element whose box leaves the viewport horizontally (unless a scrolling or clipping ancestor keeps it
 * inside), and every text that overlaps a button it is not part of. Returns what was found, described for a message.
 */
export async function layoutProblems(page: Page): Promise<LayoutProblem[]> {
  return page.evaluate(SCRIPT);
}
