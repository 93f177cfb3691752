// Debian's Chromium through playwright-core (Playwright's own browser download is not used),
// with a page per test that records console errors, page errors and CSP violations, and saves
// a screenshot of every step it is told to.

import { chromium } from 'playwright-core';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const SHOTS = path.resolve(fileURLToPath(new URL('../screenshots', import.meta.url)));

export const LAUNCH_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run'];

export function launch() {
  return chromium.launch({ executablePath: CHROMIUM, args: LAUNCH_ARGS });
}

/**
 * launchProfile starts a Chromium of its own on a new on-the-record profile, as a returning
 * visitor's browser is: a disk HTTP cache and V8's code caches (for scripts, and for streamed
 * WebAssembly), which an off-the-record context (browser.newContext()) does not keep. args are
 * more command-line flags (an experiment's --js-flags, say). Gives {context, close()}; close()
 * also removes the profile.
 */
export async function launchProfile({ args = [] } = {}) {
  const dir = mkdtempSync(path.join(tmpdir(), 'pingflow-profile-'));
  const context = await chromium.launchPersistentContext(dir, { executablePath: CHROMIUM, args: [...LAUNCH_ARGS, ...args] });
  return { context, close: async () => { await context.close(); rmSync(dir, { recursive: true, force: true }); } };
}

/**
 * openPage gives a fresh context and page for one test. problems() lists what went wrong in
 * the page (console errors, uncaught errors, CSP violations); shot(name) saves a screenshot
 * under screenshots/<suite>/<nn>-<name>.png (shot(name, {of: locator}) for one element).
 */
export async function openPage(browser, suite, { width = 1100, height = 860 } = {}) {
  const context = await browser.newContext({ viewport: { width, height }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  const problems = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console: ${msg.text()}`);
  });
  page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI}`);
    });
  });
  const dir = path.join(SHOTS, suite);
  mkdirSync(dir, { recursive: true });
  let n = 0;
  return {
    page,
    context,
    problems: () => [...problems],
    /** shot saves the whole page, or only the element `of` (a locator) when given. */
    async shot(name, { of = null } = {}) {
      n += 1;
      const file = path.join(dir, `${String(n).padStart(2, '0')}-${name}.png`);
      if (of) await of.screenshot({ path: file });
      else await page.screenshot({ path: file, fullPage: true });
      return file;
    },
    close: () => context.close(),
  };
}
