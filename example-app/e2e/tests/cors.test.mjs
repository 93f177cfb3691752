// A page at an origin the emulator does not allow: in Chromium a CORS refusal rejects fetch
// with the same TypeError as an unreachable host. The bridge probes the host with a plain
// no-cors request and reports a misconfiguration naming the origin to allow; when the host does
// not answer at all it stays a retry-class network error that says it is the network or CORS.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { launch } from '../lib/browser.mjs';
import { startApp, appBinary, freePort, ROOT } from '../lib/app.mjs';

const TYPES = { '.js': 'text/javascript', '.wasm': 'application/wasm', '.html': 'text/html' };
const PAGE = '<!doctype html><meta charset="utf-8"><title>another app</title><p>another app</p>';

let app, allowing, browser, server, pageOrigin;

before(async () => {
  app = await startApp();
  browser = await launch();
  // Another app: the page and the bridge's files, on a port of its own (another origin).
  server = createServer(async (req, res) => {
    const { pathname } = new URL(req.url, 'http://x');
    if (pathname === '/') {
      res.writeHead(200, { 'content-type': TYPES['.html'] }).end(PAGE);
      return;
    }
    const rel = pathname.startsWith('/bridge/') ? path.normalize(pathname.slice(1)) : null;
    if (!rel || rel.startsWith('..')) {
      res.writeHead(404).end();
      return;
    }
    try {
      const body = await readFile(path.join(ROOT, rel));
      res.writeHead(200, { 'content-type': TYPES[path.extname(rel)] ?? 'application/octet-stream' }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  const port = await freePort();
  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
  pageOrigin = `http://127.0.0.1:${port}`;
  // The same emulator told about the other app.
  allowing = await startApp(appBinary(), { args: ['-app-origin', pageOrigin] });
});

after(async () => {
  await browser?.close();
  server?.close();
  await app?.stop();
  await allowing?.stop();
});

/**
 * Opens the other app's page and starts a sign-on against authPath; the start() result. With
 * signIn ({username, password}) a password form is then submitted.
 */
async function startFromOtherOrigin(authPath, demo = app.demo, signIn = null) {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(pageOrigin + '/');
    return await page.evaluate(async ({ authPath, envId, clientId, signIn }) => {
      const { createClient } = await import('/bridge/pingflow.js');
      const client = await createClient({
        authPath, envId, clientId, redirectUri: location.origin + '/callback', scope: 'openid', retries: 0,
      });
      let result = await client.start();
      const status = result.step?.status;
      if (signIn && result.kind === 'form') result = await client.submit('usernamePassword.check', signIn);
      return { kind: result.kind, status, error: result.error, origin: location.origin, sub: result.tokens?.claims?.sub };
    }, { authPath, envId: demo.envId, clientId: demo.apps[0].clientId, signIn });
  } finally {
    await context.close();
  }
}

test('a CORS refusal is a misconfiguration that names the origin to allow', async () => {
  const result = await startFromOtherOrigin(app.base);
  assert.equal(result.origin, pageOrigin);
  assert.equal(result.kind, 'failure', JSON.stringify(result));
  assert.equal(result.error.code, 'cors_refused');
  assert.equal(result.error.class, 'misconfiguration');
  assert.ok(result.error.message.includes(`allow ${pageOrigin} in the application's CORS settings`), result.error.message);
  assert.ok(result.error.message.includes(`-app-origin ${pageOrigin}`), result.error.message);
  assert.ok(result.error.message.includes(app.base), result.error.message);
});

test('an unreachable host stays a retry that says it is the network or CORS', async () => {
  const nobody = `http://127.0.0.1:${await freePort()}`;
  const result = await startFromOtherOrigin(nobody);
  assert.equal(result.kind, 'failure', JSON.stringify(result));
  assert.equal(result.error.code, 'network');
  assert.equal(result.error.class, 'retry');
  assert.match(result.error.message, /did not answer a plain request either: it is the network/);
  assert.ok(result.error.message.includes(`or CORS — the application's CORS settings must allow ${pageOrigin}`), result.error.message);
});

test('with -app-origin the other app signs on', async () => {
  const user = allowing.demo.users.find((u) => u.username === 'user.password');
  const result = await startFromOtherOrigin(allowing.base, allowing.demo, { username: user.username, password: user.password });
  assert.equal(result.status, 'USERNAME_PASSWORD_REQUIRED', JSON.stringify(result));
  assert.equal(result.kind, 'success', JSON.stringify(result));
  assert.ok(result.sub, JSON.stringify(result));
});
