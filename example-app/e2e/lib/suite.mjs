// The set-up every browser test file shares: one example-app on a free port and one Chromium for
// the file, and a fresh emulator (users, flows, inbox) before each test.

import { before, after, beforeEach } from 'node:test';
import { startApp, resetEmulator } from './app.mjs';
import { launch } from './browser.mjs';

/**
 * useSuite registers the hooks and returns {app, browser}, filled in once the file starts.
 * options go to startApp ({host: 'localhost'} for passkeys).
 */
export function useSuite(options = {}) {
  const suite = { app: null, browser: null };
  before(async () => { suite.app = await startApp(undefined, options); suite.browser = await launch(); });
  after(async () => { await suite.browser?.close(); await suite.app?.stop(); });
  beforeEach(() => resetEmulator(suite.app.base));
  return suite;
}

/** Every demo user's password. */
export const PASSWORD = 'Pingflow1!';
