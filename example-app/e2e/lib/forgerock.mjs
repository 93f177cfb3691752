// Ping's own JavaScript SDK (@forgerock/davinci-client and @forgerock/oidc-client from npm, not
// changed in any way) bundled for the browser with esbuild at test time, and a bare test page
// that loads it. The page is served by Playwright's page.route on whatever origin a test asks
// for — the emulator's own (a same-origin SPA) or the other spelling of it (localhost vs
// 127.0.0.1: a cross-origin SPA, so CORS and credentials are exercised) — and every other
// request goes to example-app untouched.

import { build } from 'esbuild';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const E2E = path.resolve(fileURLToPath(new URL('..', import.meta.url)));

/** The installed versions, as their package.json files say (their exports hide the file). */
export const SDK_VERSIONS = Object.fromEntries(['@forgerock/davinci-client', '@forgerock/oidc-client']
  .map((name) => [name, JSON.parse(readFileSync(path.join(E2E, 'node_modules', name, 'package.json'), 'utf8')).version]));

/**
 * bundleSdk builds one IIFE that puts `window.forgerock = {davinci, fido, oidc}` and returns its
 * source. The bundle goes to a temporary directory that is removed again: nothing is committed.
 */
export async function bundleSdk() {
  const dir = mkdtempSync(path.join(tmpdir(), 'pingflow-forgerock-'));
  try {
    const outfile = path.join(dir, 'forgerock-sdk.js');
    await build({
      stdin: {
        contents: "import { davinci, fido } from '@forgerock/davinci-client';\n"
          + "import { oidc } from '@forgerock/oidc-client';\n"
          + 'window.forgerock = { davinci, fido, oidc };\n',
        resolveDir: E2E,
        loader: 'js',
      },
      bundle: true,
      format: 'iife',
      platform: 'browser',
      target: 'es2022',
      define: { 'process.env.NODE_ENV': '"production"' },
      outfile,
      logLevel: 'silent',
    });
    return readFileSync(outfile, 'utf8');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export const SDK_PAGE = '/sdk-test/';

/**
 * serveSdkPage makes `${origin}/sdk-test/` a page that loads the bundle, for this page only.
 * origin is the page's origin; the SDK talks to whatever its well-known URL names.
 */
export async function serveSdkPage(page, origin, bundle) {
  const html = '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Ping SDK against the emulator</title>'
    + `<script src="${SDK_PAGE}forgerock-sdk.js"></script></head><body><h1>Ping SDK test page</h1></body></html>`;
  // A page Playwright fulfils has no address of its own, so Chromium's Local Network Access
  // treats it as public and would ask the user before it may fetch from a loopback address (the
  // emulator). A page really served from loopback needs no such grant; this one gets it.
  await page.context().grantPermissions(['local-network-access'], { origin });
  await page.route(`${origin}${SDK_PAGE}**`, (route) => {
    const { pathname } = new URL(route.request().url());
    if (pathname === SDK_PAGE) return route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html });
    if (pathname === `${SDK_PAGE}forgerock-sdk.js`) return route.fulfill({ status: 200, contentType: 'text/javascript; charset=utf-8', body: bundle });
    return route.fulfill({ status: 404, body: 'not found' });
  });
  await page.goto(`${origin}${SDK_PAGE}`);
  await page.waitForFunction(() => typeof window.forgerock?.davinci === 'function');
}

/** otherSpelling turns http://127.0.0.1:N into http://localhost:N and back. */
export function otherSpelling(base) {
  const u = new URL(base);
  u.hostname = u.hostname === '127.0.0.1' ? 'localhost' : '127.0.0.1';
  return u.origin;
}

/** claimsOf decodes a JWT's payload (the signature is checked separately). */
export function claimsOf(jwt) {
  return JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString('utf8'));
}
