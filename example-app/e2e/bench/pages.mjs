// The pages the Chromium benchmarks hold the product against, written by the bench into a
// temporary site root and served by the same example-app as the sign-on page (-root: the
// repository's web/ and bridge/ linked entry by entry, plus web/_bench/), so they share its
// origin, server, headers and caching. Nothing here ships: the product's pages never link them.
//
//   hand.html / hand.js       the first step written by hand: PKCE, the same authorize fetch,
//                             the same form drawn (one stylesheet, one script, config inlined)
//   signon.html / signon.js   a whole password sign-on through the bridge and by hand (raw.js),
//                             one at a time on request (window.bench)
//   dv-bridge.html            the first DaVinci form through the bridge alone (no renderer)
//   dv-sdk.html               the same through Ping's davinci-client (forgerock-sdk.js)
//   dv-hand.html              the same by hand: PKCE and the authorize fetch
//   floor.html                the module alone, as the sign-on page starts it (its early compile,
//                             wasm_exec.js, Go's start to the ready callback): no engine call,
//                             nothing drawn — the part of the first step no engine change can cut
//
// Every timed page (and /signon/, through browser.mjs's init script) calls the same SHOWN
// function at the moment it has its first step or form: window.domMs is that moment ("in the
// DOM": the hand page's form appended, /signon/'s step seen in the card's shadow DOM, a DaVinci
// page's form in hand, as these pages draw nothing), window.doneMs the moment it is on screen:
// the next animation frame and, after it, a message task, which runs once that frame's style,
// layout and paint are done. Both in ms since navigation (performance.now()).

import { cpSync, lutimesSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ROOT } from '../lib/app.mjs';

export const BENCH = '/signon/_bench/';

/**
 * What a timed page logs to its console once it is done (or failed): the bench waits for this
 * message rather than polling the page, because Playwright's waitForFunction first injects its
 * own script (about 330 kB) into the page, 40 ms or more of the page's main thread, which then
 * lands inside the load being timed whenever the page's load event comes before its step.
 */
export const DONE = 'pingflow-bench-done';

/**
 * benchShown(status, title): the step is in the DOM now (window.domMs); once the next frame has
 * been produced, its status and title and window.doneMs (on screen), then DONE on the console.
 * benchFailed(error): window.doneError, then DONE. Script text, put in each timed page's script
 * and in browser.mjs's init script for /signon/.
 */
export const SHOWN = `function benchShown(status, title = null) {
  if (window.domMs !== undefined) return;
  window.domMs = performance.now();
  requestAnimationFrame(() => {
    const channel = new MessageChannel();
    window.benchChannel = channel; // kept until its message arrives
    channel.port1.onmessage = () => {
      window.doneStatus = status;
      window.doneTitle = title;
      window.doneMs = performance.now();
      console.log(${JSON.stringify(DONE)});
    };
    channel.port2.postMessage(0);
  });
}
function benchFailed(error) {
  window.doneError = String(error);
  console.log(${JSON.stringify(DONE)});
}
`;

const head = (title, extra = '') => '<!doctype html><html lang="en"><head><meta charset="utf-8">'
  + '<meta name="viewport" content="width=device-width, initial-scale=1">'
  + `<title>${title}</title>${extra}</head>`;

/** PKCE, state and nonce, and the authorize URL, as the engine builds them: plain script text. */
const AUTHORIZE = `
const b64url = (bytes) => { let s = ''; for (const b of bytes) s += String.fromCharCode(b); return btoa(s).replace(/\\+/g, '-').replace(/\\//g, '_').replace(/=+$/, ''); };
const random = (n) => b64url(crypto.getRandomValues(new Uint8Array(n)));
async function authorize(cfg) {
  const verifier = random(32);
  const challenge = b64url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
  sessionStorage.setItem('pkce', JSON.stringify({ verifier }));
  const params = new URLSearchParams({ client_id: cfg.clientId, code_challenge: challenge, code_challenge_method: 'S256',
    nonce: random(16), redirect_uri: cfg.redirectUri, response_mode: 'pi.flow', response_type: 'code', scope: cfg.scope, state: random(16) });
  const res = await fetch(cfg.authPath + '/' + cfg.envId + '/as/authorize?' + params, {
    credentials: 'include', headers: { Accept: 'application/json', 'X-Requested-With': 'ping-sdk' } });
  return res.json();
}
`;

/** The hand-written first step: authorize, then the username and password form. */
function handScript(cfg) {
  return `const cfg = ${JSON.stringify(cfg)};
${SHOWN}${AUTHORIZE}
const el = (tag, props = {}, ...children) => { const e = Object.assign(document.createElement(tag), props); e.append(...children); return e; };
const flow = await authorize(cfg);
if (flow.status !== 'USERNAME_PASSWORD_REQUIRED') throw new Error('authorize gave ' + flow.status);
const field = (name, label, type, autocomplete) => el('label', { className: 'field' }, label,
  el('input', { name, type, autocomplete, required: true }));
const form = el('form', { className: 'card', method: 'post' },
  el('h1', {}, 'Sign on'),
  field('username', 'Username', 'text', 'username'),
  field('password', 'Password', 'password', 'current-password'),
  el('button', { type: 'submit' }, 'Sign on'),
  el('p', {}, el('a', { href: '#forgot' }, 'Forgot password?')));
form.addEventListener('submit', (e) => e.preventDefault());
document.querySelector('main').append(form);
benchShown(flow.status);
`;
}

const HAND_HTML = head('Sign on', '<link rel="stylesheet" href="../page.css"><script type="module" src="hand.js"></script>')
  + '<body class="pf-page"><main class="pf-page-main"></main></body></html>';

/** The whole sign-on page: loads the bridge (as the sign-on page does) and raw.js. */
function signonScript(cfg, bridgeUrl) {
  return `import { createClient } from ${JSON.stringify(bridgeUrl)};
import { rawSignOn } from './raw.js';
import { splitTimer, newTally } from './split.js';
const cfg = ${JSON.stringify(cfg)};
const user = { username: 'user.password', password: 'Pingflow1!' };
const bridge = () => bridgeWith(cfg);
async function bridgeWith(config) {
  const client = await createClient(config); // a page's defaults: snapshots in sessionStorage, tabs in sync
  try {
    const first = await client.start();
    if (first.kind !== 'form') throw new Error('start gave ' + first.kind);
    const done = await client.submit('usernamePassword.check', user);
    if (done.kind !== 'success') throw new Error('submit gave ' + JSON.stringify(done).slice(0, 300));
  } finally { client.dispose(); }
}
const raw = () => rawSignOn(cfg, user);
const memories = window.benchMemories;
// With timed: where the time goes (split.js) — summed per kind in window.benchSplit.
const split = { bridge: newTally(), raw: newTally() };
const timer = splitTimer();
let wrapped = false;
window.bench = {
  async run(kind, timed = false) {
    const t = performance.now();
    if (!timed) {
      await (kind === 'bridge' ? bridge() : raw());
      return performance.now() - t;
    }
    if (!wrapped && globalThis.__pingflow) { timer.wrap(globalThis.__pingflow); wrapped = true; }
    timer.count(split[kind]);
    try {
      await (kind === 'bridge' ? bridgeWith({ ...cfg, fetch: timer.fetch }) : rawSignOn(cfg, user, { fetch: timer.fetch }));
    } finally { timer.count(null); }
    split[kind].n += 1;
    split[kind].total += performance.now() - t;
    return performance.now() - t;
  },
  split: () => split,
  memory: () => memories.at(-1)?.buffer.byteLength ?? null,
};
`;
}

// Before anything loads the module: keep the memories of the instances made, to read them later.
const WATCH = `window.benchMemories = [];
const keep = (r) => { const i = r instanceof WebAssembly.Instance ? r : r && r.instance; if (i && i.exports.mem) window.benchMemories.push(i.exports.mem); return r; };
for (const name of ['instantiate', 'instantiateStreaming']) {
  const original = WebAssembly[name];
  WebAssembly[name] = function watched(...args) { return original.apply(this, args).then(keep); };
}
const Instance = WebAssembly.Instance;
WebAssembly.Instance = new Proxy(Instance, { construct(t, a, n) { return keep(Reflect.construct(t, a, n)); } });
`;

const SIGNON_HTML = head('Sign-on bench', '<script src="watch.js"></script><script type="module" src="signon.js"></script>')
  + '<body><p>bench</p></body></html>';

// Go's start as the bridge's loader does it (bridge/src/loader.js), on the early compile's module.
const FLOOR_SCRIPT = `try {
  const go = new Go();
  const ready = new Promise((resolve) => { globalThis.__pingflowReady = resolve; });
  const module = await globalThis.__pingflowEarly.compiled;
  go.run(await WebAssembly.instantiate(module, go.importObject));
  await ready;
  benchShown('READY');
} catch (e) { benchFailed(e); }
`;

function dvBridgeScript(cfg, bridgeUrl) {
  return `import { createClient } from ${JSON.stringify(bridgeUrl)};
${SHOWN}const client = await createClient(${JSON.stringify(cfg)});
const r = await client.start();
benchShown(r.kind === 'form' ? r.step.status : r.kind, r.step?.title ?? r.step?.form?.name ?? null);
`;
}

function dvSdkScript(cfg) {
  return `${SHOWN}(async () => {
  const dv = await window.forgerock.davinci({ config: ${JSON.stringify(cfg)} });
  const node = await dv.start();
  benchShown(node.status, node.client?.name ?? null);
})().catch(benchFailed);
`;
}

function dvHandScript(cfg) {
  return `const cfg = ${JSON.stringify(cfg)};
${SHOWN}${AUTHORIZE}
const form = await authorize(cfg);
benchShown(form.form ? 'FORM' : 'unexpected', form.form?.name ?? null);
`;
}

/**
 * makeRoot makes the temporary site root: web/ and bridge/ of the repository linked entry by
 * entry (so whatever the build put there is served) and an empty web/_bench/. example-app starts
 * on it; writePages then fills web/_bench/ (the site reads files as they are asked for).
 * Returns {root, dir, remove()}.
 */
export function makeRoot() {
  const root = mkdtempSync(path.join(tmpdir(), 'pingflow-bench-'));
  mkdirSync(path.join(root, 'web'));
  // Each link carries its target's times: the site serves the bundled page only when no source
  // it bundles is newer (example-app/site: sourcesNewerThan), and it reads a link's own time, which
  // would otherwise be now — the pages measured would be the unbundled sources.
  const link = (target, at) => {
    symlinkSync(target, at);
    const { atime, mtime } = statSync(target);
    lutimesSync(at, atime, mtime);
  };
  for (const entry of readdirSync(path.join(ROOT, 'web'))) link(path.join(ROOT, 'web', entry), path.join(root, 'web', entry));
  link(path.join(ROOT, 'bridge'), path.join(root, 'bridge'));
  const dir = path.join(root, 'web', '_bench');
  mkdirSync(dir);
  return { root, dir, remove: () => rmSync(root, { recursive: true, force: true }) };
}

/**
 * writePages writes the pages that do not load the bridge. demo is the app's /_emulator/demo,
 * base its address, sdkBundle the davinci-client bundle. Sets site.cfg (the flows and DaVinci
 * applications' configurations).
 */
export function writePages(site, { demo, base, sdkBundle }) {
  const flows = demo.apps.find((a) => a.kind === 'flows');
  const davinci = demo.apps.find((a) => a.kind === 'davinci');
  const cfg = (app) => ({
    authPath: demo.authPath, envId: demo.envId, clientId: app.clientId,
    redirectUri: `${base}/callback`, scope: 'openid profile email',
  });
  site.cfg = { flows: cfg(flows), davinci: cfg(davinci) };
  const files = {
    'hand.html': HAND_HTML,
    'hand.js': handScript(cfg(flows)),
    'watch.js': WATCH,
    'dv-sdk.html': head('DaVinci: davinci-client', '<script src="forgerock-sdk.js"></script><script src="dv-sdk.js"></script>') + '<body></body></html>',
    'dv-sdk.js': dvSdkScript({
      clientId: davinci.clientId, redirectUri: `${base}/callback`, scope: 'openid profile email',
      serverConfig: { wellknown: `${demo.authPath}/${demo.envId}/as/.well-known/openid-configuration` }, responseType: 'code',
    }),
    'forgerock-sdk.js': sdkBundle,
    'dv-hand.html': head('DaVinci: by hand', '<script type="module" src="dv-hand.js"></script>') + '<body></body></html>',
    'dv-hand.js': dvHandScript(cfg(davinci)),
  };
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(site.dir, name), text);
  for (const f of ['raw.js', 'split.js']) cpSync(path.join(ROOT, 'bridge', 'bench', f), path.join(site.dir, f));
}

/**
 * Writes the pages that load the bridge from bridgeUrl, with the module at wasmUrl (paths on the
 * site: those the sign-on page uses).
 */
export function writeBridgePages(site, bridgeUrl, wasmUrl) {
  const files = {
    'signon.html': SIGNON_HTML,
    'signon.js': signonScript({ ...site.cfg.flows, wasmUrl }, bridgeUrl),
    'dv-bridge.html': head('DaVinci: bridge', '<script type="module" src="dv-bridge.js"></script>') + '<body></body></html>',
    'dv-bridge.js': dvBridgeScript({ ...site.cfg.davinci, wasmUrl }, bridgeUrl),
    'floor.html': head('Module start', `<link rel="preload" href="${wasmUrl}" as="fetch" type="application/wasm" crossorigin>`
      + '<script src="floor-early.js"></script><script src="/bridge/wasm_exec.js"></script><script type="module" src="floor.js"></script>')
      + '<body></body></html>',
    // The sign-on page's own early compile (web/js/early.js), and the functions every timed page has.
    'floor-early.js': `${SHOWN}${readFileSync(path.join(ROOT, 'web', 'js', 'early.js'), 'utf8')}`,
    'floor.js': FLOOR_SCRIPT,
  };
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(site.dir, name), text);
}
