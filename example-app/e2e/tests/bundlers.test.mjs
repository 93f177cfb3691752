// The packages as a team installs them: `npm pack` of bridge/ (@pingflow/bridge) and web/
// (@pingflow/signon), the tarballs installed into the fixture apps — Vite, webpack 5 and a plain
// static page with no bundler (fixtures/) — copied outside the repository, built, served on
// 127.0.0.1 and signed in as user.password in Chromium against example-app started with
// `-app-origin <the fixture's origin>`. Also: what each build emitted (the module as an asset,
// no `node:` import), and that the README's "In your own app" snippets are the fixtures' text.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { launch, openPage } from '../lib/browser.mjs';
import { startApp, appBinary, resetEmulator, freePort, ROOT } from '../lib/app.mjs';
import { waitForStatus, signOn, expectNoProblems } from '../lib/steps.mjs';
import {
  FIXTURES, KINDS, packPackages, buildFixture, serveDist, startViteDev, files, tempDir, readmeSnippets, containsLines,
} from '../lib/fixtures.mjs';

const NAMES = Object.keys(KINDS);
// The keys the fixtures' /config.json has (the README's config.json shows the same).
const CONFIG_KEYS = ['authPath', 'envId', 'clientId', 'redirectUri'];

let app, browser, packDir, packed, devPort;
const servers = {};
const builds = {};
const dists = {};
const temps = [];
const started = Date.now();

before(async () => {
  packDir = await tempDir('pingflow-pack-');
  temps.push(packDir);
  // Packing, then the three installs and builds, run while the servers, the app and the browser
  // start; each test waits for its own fixture, so a failed build fails that test with npm's output.
  packed = packPackages(packDir);
  for (const name of NAMES) {
    builds[name] = buildFixture(name, packed).then((b) => {
      temps.push(b.dir);
      dists[name] = b.dist;
      return b;
    });
    builds[name].catch(() => {}); // reported by the test that awaits it
  }
  packed.catch(() => {});
  for (const name of NAMES) {
    // The static page is served under the policy the README gives for it.
    const csp = name === 'static' ? () => staticPolicy(app.demo.authPath) : null;
    servers[name] = await serveDist(() => dists[name], () => fixtureConfig(name), { csp });
  }
  devPort = await freePort();
  app = await startApp(appBinary(), {
    args: [...NAMES.flatMap((n) => ['-app-origin', servers[n].origin]), '-app-origin', `http://127.0.0.1:${devPort}`],
  });
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await app?.stop();
  for (const s of Object.values(servers)) await s.close();
  await Promise.allSettled([packed, ...Object.values(builds)]);
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
  console.log(`# bundlers.test.mjs: ${((Date.now() - started) / 1000).toFixed(1)} s`);
});

/** The static page's Content-Security-Policy, as the README gives it, for an auth host. */
function staticPolicy(authHost) {
  return `default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self' ${authHost}`;
}

/** The /config.json a fixture serves: the emulator, its Flows API application, the fixture's /callback. */
function fixtureConfig(name, origin = servers[name].origin) {
  const flows = app.demo.apps.find((a) => a.kind === 'flows');
  return {
    authPath: app.demo.authPath,
    envId: app.demo.envId,
    clientId: flows.clientId,
    redirectUri: `${origin}/callback`,
  };
}

/**
 * signInAt opens origin's page, signs in user.password and checks what the page shows; resolves
 * with the URLs the page requested.
 */
async function signInAt(origin, suite) {
  const user = app.demo.users.find((u) => u.username === 'user.password');
  const { page, problems, shot, close } = await openPage(browser, suite);
  const urls = [];
  page.on('request', (req) => urls.push(req.url()));
  try {
    await page.route('**/favicon.ico', (route) => route.fulfill({ status: 204 })); // the fixtures have none
    await page.goto(`${origin}/`);
    await waitForStatus(page, 'USERNAME_PASSWORD_REQUIRED', { timeout: 30000 });
    // The card's stylesheet came with the package (the element shows an unstyled card rather
    // than none when it does not load, so signing in alone would not notice).
    const card = page.locator('pingflow-signon .pf-card');
    assert.equal(await card.evaluate((el) => getComputedStyle(el).borderTopLeftRadius), '16px', 'signon.css styles the card');
    assert.ok(urls.some((u) => /\.css(\?|$)/.test(u)), 'the card loaded a stylesheet');
    await shot('sign-on');
    await signOn(page, user.username, user.password);
    const out = page.locator('#signed-in');
    await out.waitFor({ state: 'visible', timeout: 15000 });
    await shot('signed-in');
    assert.equal(await out.textContent(), `Signed in as ${user.username}`);
    assert.ok(await out.getAttribute('data-sub'), 'the ID token has a subject');
    expectNoProblems(problems());
    return urls;
  } finally {
    await close();
  }
}

test('npm pack gives both packages complete', async () => {
  const t = await packed;
  assert.match(path.basename(t.bridge), /^pingflow-bridge-\d+\.\d+\.\d+\.tgz$/);
  assert.match(path.basename(t.signon), /^pingflow-signon-\d+\.\d+\.\d+\.tgz$/);
  for (const f of ['package.json', 'pingflow.js', 'pingflow.min.js', 'pingflow.wasm', 'wasm_exec.js', 'LICENSE']) {
    assert.ok(t.bridgeFiles.includes(f), `@pingflow/bridge's tarball lacks ${f}: ${t.bridgeFiles.join(' ')}`);
  }
  for (const f of ['package.json', 'js/element.js', 'dist/signon.min.js', 'signon.css', 'element.d.ts', 'LICENSE']) {
    assert.ok(t.signonFiles.includes(f), `@pingflow/signon's tarball lacks ${f}: ${t.signonFiles.join(' ')}`);
  }
});

for (const name of NAMES) {
  test(`${name}: the built app emits the module and imports nothing from node:`, async () => {
    const { dist, timings, log } = await builds[name];
    assert.doesNotMatch(log, /\bwarning\b/i, `${name}'s build warned:\n${log}`);
    console.log(`# ${name}: ${Object.entries(timings).map(([k, v]) => `${k} ${(v / 1000).toFixed(1)} s`).join(', ')}`);
    const all = await files(dist);
    const module = await readFile(path.join(ROOT, 'bridge', 'pingflow.wasm'));
    const wasm = all.filter((f) => f.endsWith('.wasm'));
    assert.equal(wasm.length, 1, `one .wasm in ${name}'s output: ${all.join(' ')}`);
    assert.ok(module.equals(await readFile(path.join(dist, wasm[0]))), `${wasm[0]} is the bridge's pingflow.wasm`);
    const scripts = all.filter((f) => /\.m?js$/.test(f));
    assert.ok(scripts.length > 0, `scripts in ${name}'s output: ${all.join(' ')}`);
    for (const f of scripts) {
      const js = await readFile(path.join(dist, f), 'utf8');
      assert.doesNotMatch(js, /(?:\bfrom\s*|\bimport\s*\(?\s*|\brequire\s*\(\s*)["'`]node:/, `${name}: ${f} imports a node: module`);
    }
    assert.ok(all.some((f) => f.endsWith('.css')), `${name}'s output has the card's stylesheet: ${all.join(' ')}`);
  });

  test(`${name}: the built app signs in user.password against the emulator`, async () => {
    await builds[name];
    await resetEmulator(app.base);
    const { origin, requests, missing } = servers[name];
    const flows = app.demo.apps.find((a) => a.kind === 'flows');
    assert.ok(flows.redirectUris.includes(`${origin}/callback`), `-app-origin registered ${origin}/callback: ${flows.redirectUris}`);
    await signInAt(origin, `bundlers-${name}`);
    assert.ok(requests.some((p) => p.endsWith('.wasm')), `the module came from the app's own origin: ${requests.join(' ')}`);
    assert.ok(requests.includes('/config.json'), `the element read /config.json: ${requests.join(' ')}`);
    assert.deepEqual(missing, [], 'every file the page asked its origin for was there');
  });
}

test('vite: the dev server (its dependency pre-bundling, no optimizeDeps setting) signs in too', async () => {
  const { dir } = await builds.vite;
  await resetEmulator(app.base);
  const origin = `http://127.0.0.1:${devPort}`;
  // Vite serves public/ at the root, as the README says to put config.json.
  await mkdir(path.join(dir, 'public'), { recursive: true });
  await writeFile(path.join(dir, 'public', 'config.json'), JSON.stringify(fixtureConfig('vite', origin)));
  const dev = await startViteDev(dir, devPort);
  try {
    const urls = await signInAt(origin, 'bundlers-vite-dev');
    assert.ok(urls.some((u) => u.includes('/node_modules/.vite/deps/@pingflow_signon.js')),
      `the page ran Vite's pre-bundled @pingflow/signon:\n${urls.join('\n')}`);
    assert.ok(urls.some((u) => u.endsWith('.wasm')), `the module loaded:\n${urls.join('\n')}`);
  } finally {
    await dev.stop();
  }
});

test('the README\'s "In your own app" snippets are the fixtures\' text', async () => {
  const snippets = await readmeSnippets();
  for (const name of NAMES) {
    assert.ok(snippets.some((s) => s.file.startsWith(`${name}/`)), `the README shows the ${name} fixture`);
  }
  for (const { file, text } of snippets) {
    const body = await readFile(path.join(FIXTURES, file), 'utf8');
    assert.ok(containsLines(body, text), `README snippet marked ${file} is not in fixtures/${file}:\n${text}`);
  }
  // What the README says in words: the webpack app's main.js is the Vite app's, and the static
  // page's app.js is it without the import line.
  const main = await readFile(path.join(FIXTURES, 'vite/src/main.js'), 'utf8');
  assert.equal(await readFile(path.join(FIXTURES, 'webpack/src/main.js'), 'utf8'), main);
  assert.equal(await readFile(path.join(FIXTURES, 'static/public/app.js'), 'utf8'), main.replace("import '@pingflow/signon';\n\n", ''));
  const readme = await readFile(path.join(ROOT, 'README.md'), 'utf8');
  const config = readme.match(/<!-- config\.json -->\r?\n```json\n([\s\S]*?)\n```/);
  assert.ok(config, 'the README shows the config.json the fixtures serve');
  // The releases the README names are the fixtures' pinned devDependencies.
  for (const name of ['vite', 'webpack']) {
    const { devDependencies } = JSON.parse(await readFile(path.join(FIXTURES, name, 'package.json'), 'utf8'));
    for (const [dep, version] of Object.entries(devDependencies)) {
      assert.ok(readme.toLowerCase().includes(`${dep} ${version}`), `the README names ${dep} ${version} (fixtures/${name}/package.json)`);
    }
  }
  const shown = JSON.parse(config[1]);
  assert.deepEqual(Object.keys(shown), CONFIG_KEYS);
  // The demo's ids as the emulator has them, at its default address.
  assert.equal(shown.envId, app.demo.envId);
  assert.equal(shown.clientId, app.demo.apps.find((a) => a.kind === 'flows').clientId);
  assert.equal(shown.authPath, 'http://localhost:8080');
  assert.ok(readme.includes('`' + staticPolicy('https://auth.pingone.com') + '`'), 'the README gives the static page\'s policy');
  assert.deepEqual(Object.keys(fixtureConfig(NAMES[0])), CONFIG_KEYS);
});
