// What the Chromium tests of <pingflow-signon> share: a stub bridge (one sign-on step, no engine
// or emulator), a server for web/ plus pages a test names, and Chromium (playwright-core from
// example-app/e2e, /usr/bin/chromium). Without playwright-core or Chromium the test file fails and
// says so, rather than passing with nothing checked.

import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const WEB = fileURLToPath(new URL('../..', import.meta.url));
const PLAYWRIGHT = path.resolve(WEB, '../example-app/e2e/node_modules/playwright-core/index.mjs');
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const TYPES = { '.js': 'text/javascript', '.css': 'text/css', '.html': 'text/html' };

/**
 * stubBridge is the source of a bridge module whose createClient hands `keep` (a statement
 * over `config`, the config without its functions) what it was given; the flow is one sign-on step.
 */
export function stubBridge(keep) {
  return `
export async function createClient(config) {
  config = JSON.parse(JSON.stringify(config, (k, v) => (typeof v === 'function' ? undefined : v)));
  ${keep}
  const step = {
    key: 'sign-on', status: 'USERNAME_PASSWORD_REQUIRED', flowId: 'f1', application: { name: 'Shop' },
    actions: [{ name: 'usernamePassword.check', role: 'primary', fields: [
      { key: 'username', type: 'text', label: 'Username', required: true, autocomplete: 'username' },
      { key: 'password', type: 'password', label: 'Password', required: true, autocomplete: 'current-password' }] }],
  };
  return {
    capabilities: () => ({ webauthn: false, conditional: false }),
    restore: async () => null,
    start: async () => ({ kind: 'form', step }),
    cancel() {}, dispose() {},
  };
}`;
}

/**
 * startStub serves web/ with `/stub-bridge.js` = `bridge` and each of `routes` (pathname →
 * (url) => [content-type, body]), launches Chromium, and returns { base, browser, close }.
 * `who` names the test file in the error when playwright-core or Chromium is missing.
 */
export async function startStub(who, bridge, routes = {}) {
  if (!existsSync(PLAYWRIGHT) || !existsSync(CHROMIUM)) {
    throw new Error(`${who} needs playwright-core (${PLAYWRIGHT}: make test installs it) and Chromium (${CHROMIUM}: make chromium)`);
  }
  const all = { '/stub-bridge.js': () => ['text/javascript', bridge], ...routes };
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, 'http://x');
    const route = all[url.pathname];
    if (route) {
      const [type, body] = route(url);
      return res.writeHead(200, { 'content-type': type }).end(body);
    }
    const file = path.join(WEB, path.normalize(url.pathname));
    if (!file.startsWith(WEB)) return res.writeHead(403).end();
    try {
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': TYPES[path.extname(file)] || 'application/octet-stream' }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${server.address().port}`;
  let browser;
  try {
    const { chromium } = await import(PLAYWRIGHT);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
  } catch (e) {
    server.close();
    throw e;
  }
  return { base, browser, close: async () => { await browser.close(); server.close(); } };
}
