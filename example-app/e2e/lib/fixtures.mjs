// The fixture apps (fixtures/vite, fixtures/webpack, fixtures/static): pack @pingflow/bridge and
// @pingflow/signon with npm (their prepack builds what the tarballs need), copy a fixture to a
// temp folder outside the repository (so Node's resolution cannot find bridge/ or web/), install
// its lockfile and the tarballs, build it, and serve what it built on 127.0.0.1.

import { execFile } from 'node:child_process';
import { createServer } from 'node:http';
import { cp, mkdtemp, readFile, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ROOT, spawnServer } from './app.mjs';

export const FIXTURES = path.resolve(fileURLToPath(new URL('../fixtures', import.meta.url)));

/**
 * run executes a command in cwd and resolves with its stdout (and stderr after it, withStderr); a failure rejects with the
 * command, its exit code and everything it printed, so a broken install or build reads clearly.
 */
export function run(cmd, args, { cwd, env = {}, timeoutMs = 300000, withStderr = false } = {}) {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    execFile(cmd, args, { cwd, env: { ...process.env, ...env }, timeout: timeoutMs, maxBuffer: 64 << 20 },
      (err, stdout, stderr) => {
        if (err) {
          reject(new Error(`\`${cmd} ${args.join(' ')}\` in ${cwd} failed (${err.code ?? err.signal}) after ` +
            `${Date.now() - started} ms:\n${stdout}\n${stderr}`));
          return;
        }
        resolve(withStderr ? stdout + stderr : stdout);
      });
  });
}

// --prefer-offline: the lockfiles pin exact versions, so npm's cache answers without asking the registry.
const NPM_QUIET = ['--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'];

/** A temp folder outside the repository. */
export function tempDir(prefix) {
  return mkdtemp(path.join(tmpdir(), prefix));
}

/**
 * packPackages runs `npm pack` in bridge/ and web/ (their prepack builds the module and the
 * minified files) into dest and resolves with {bridge, signon, bridgeFiles, signonFiles}: the
 * tarballs' paths and the files in them. PINGFLOW_PACKED=<folder> uses the tarballs already in
 * that folder instead (packed once by someone else).
 */
export async function packPackages(dest) {
  const out = {};
  const ready = process.env.PINGFLOW_PACKED;
  // One after the other: the signon package's prepack may build the bridge's files too.
  for (const [key, dir, stem] of [['bridge', 'bridge', 'pingflow-bridge-'], ['signon', 'web', 'pingflow-signon-']]) {
    if (ready) {
      const found = (await readdir(ready)).filter((f) => f.startsWith(stem) && f.endsWith('.tgz'));
      if (found.length !== 1) throw new Error(`PINGFLOW_PACKED=${ready} holds ${found.length} ${stem}*.tgz`);
      out[key] = path.join(ready, found[0]);
    } else {
      const json = await run('npm', ['pack', '--json', '--pack-destination', dest, ...NPM_QUIET], { cwd: path.join(ROOT, dir) });
      // prepack scripts may print before npm's JSON: the JSON is the last top-level array.
      const at = json.lastIndexOf('\n[');
      const [info] = JSON.parse(json.slice(at >= 0 ? at + 1 : json.indexOf('[')));
      out[key] = path.join(dest, info.filename);
    }
    const listing = await run('tar', ['-tzf', out[key]], { cwd: dest });
    out[`${key}Files`] = listing.split('\n').filter(Boolean).map((f) => f.replace(/^package\//, ''));
  }
  return out;
}

/**
 * The fixtures and how each is built: `dist` is the folder to serve. vite and webpack install
 * their own lockfile (`npm ci`), then the tarballs, then `npm run build`; static installs the
 * tarballs alone and runs its vendor.sh (the copy commands the README gives).
 */
export const KINDS = {
  vite: { lockfile: true, build: ['npm', ['run', 'build']], dist: 'dist' },
  webpack: { lockfile: true, build: ['npm', ['run', 'build']], dist: 'dist' },
  static: { lockfile: false, build: ['sh', ['vendor.sh']], dist: 'public' },
};

// What a fixture folder may hold after someone built it in place: never copied.
const SKIP = new Set(['node_modules', 'dist', 'vendor']);

/**
 * buildFixture copies fixtures/<name> into a temp folder, installs and builds it, and resolves
 * with {dir, dist, timings, log} (log: what the build printed). tarballs is packPackages' result or a promise of it: the lockfile's
 * install runs while the packages are being packed. Every step that fails rejects with what the
 * tool printed.
 */
export async function buildFixture(name, tarballs) {
  const kind = KINDS[name];
  const src = path.join(FIXTURES, name);
  const dir = await tempDir(`pingflow-fixture-${name}-`);
  const timings = {};
  let log = '';
  const t = async (label, fn) => {
    const t0 = Date.now();
    const r = await fn();
    timings[label] = Date.now() - t0;
    return r;
  };
  try {
    await cp(src, dir, {
      recursive: true,
      filter: (from) => !path.relative(src, from).split(path.sep).some((p) => SKIP.has(p)),
    });
    if (kind.lockfile) await t('npm ci', () => run('npm', ['ci', ...NPM_QUIET], { cwd: dir }));
    tarballs = await tarballs;
    // --prefix keeps npm in this folder even when it has no package.json (the static fixture).
    await t('npm install tarballs', () => run('npm', ['install', '--no-save', '--prefix', dir, ...NPM_QUIET,
      tarballs.bridge, tarballs.signon], { cwd: dir }));
    log = await t('build', () => run(kind.build[0], kind.build[1], { cwd: dir, withStderr: true }));
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
  return { dir, dist: path.join(dir, kind.dist), timings, log };
}

/**
 * startViteDev runs the Vite fixture's dev server (`vite`, which pre-bundles the packages with
 * its dependency optimizer) in dir on 127.0.0.1:port and resolves once it answers; stop() ends
 * that process.
 */
export async function startViteDev(dir, port) {
  const origin = `http://127.0.0.1:${port}`;
  const server = await spawnServer(path.join(dir, 'node_modules', '.bin', 'vite'), ['--host', '127.0.0.1', '--port', String(port), '--strictPort'],
    { name: 'vite (dev)', cwd: dir, env: { ...process.env, NO_COLOR: '1' }, readyUrl: origin + '/' });
  return { origin, output: server.output, stop: server.stop };
}

/** files lists every file under dir, relative, with '/' separators. */
export async function files(dir) {
  const out = [];
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) out.push(path.relative(dir, path.join(entry.parentPath ?? entry.path, entry.name)).split(path.sep).join('/'));
  }
  return out.sort();
}

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
};

/**
 * serveDist serves dir (a path, or a function giving it when a request comes: the server may be
 * up before the build is done) on 127.0.0.1:<free port> as a plain static host would (no CSP header, so
 * nothing is forbidden that a page with no policy may do), plus /config.json from config(), a
 * function called per request (the emulator's address is known only after the server is up);
 * csp (optional), a function too, gives the Content-Security-Policy header of every answer.
 * Resolves with {origin, requests, missing, close()}: the paths asked for, and those answered 404.
 */
export async function serveDist(dir, config, { csp = null } = {}) {
  const requests = [];
  const missing = [];
  const server = createServer(async (req, res) => {
    const { pathname } = new URL(req.url, 'http://x');
    requests.push(pathname);
    if (csp) res.setHeader('content-security-policy', csp());
    if (pathname === '/favicon.ico') {
      res.writeHead(204).end(); // the fixtures have none; Chromium asks anyway
      return;
    }
    if (pathname === '/config.json') {
      res.writeHead(200, { 'content-type': TYPES['.json'], 'cache-control': 'no-store' }).end(JSON.stringify(config()));
      return;
    }
    let rel;
    try {
      rel = path.normalize(decodeURIComponent(pathname)).replace(/^[\\/]+/, '');
    } catch {
      res.writeHead(400).end();
      return;
    }
    if (rel.startsWith('..')) {
      res.writeHead(404).end();
      return;
    }
    let file = path.join(typeof dir === 'function' ? dir() : dir, rel);
    try {
      if ((await stat(file)).isDirectory()) file = path.join(file, 'index.html');
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' }).end(body);
    } catch {
      missing.push(pathname);
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    }
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const origin = `http://127.0.0.1:${server.address().port}`;
  return {
    origin,
    requests,
    missing,
    close: () => new Promise((resolve) => { server.closeAllConnections?.(); server.close(() => resolve()); }),
  };
}

/**
 * readmeSnippets finds the README's fenced blocks marked with `<!-- fixture: <path> -->` on the
 * line before the fence: [{file, text}] (file relative to fixtures/).
 */
export async function readmeSnippets(readme = path.join(ROOT, 'README.md')) {
  const text = await readFile(readme, 'utf8');
  const out = [];
  const re = /<!-- fixture: ([^\s]+) -->\r?\n```[^\n]*\n([\s\S]*?)\n```/g;
  for (let m = re.exec(text); m; m = re.exec(text)) out.push({ file: m[1], text: m[2] });
  return out;
}

/**
 * containsLines tells whether the lines of snippet appear, consecutively, among the lines of
 * text (each compared with its indentation and trailing spaces trimmed, blank lines skipped).
 */
export function containsLines(text, snippet) {
  const norm = (s) => s.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '');
  const hay = norm(text);
  const needle = norm(snippet);
  if (needle.length === 0) return false;
  for (let i = 0; i + needle.length <= hay.length; i++) {
    if (needle.every((l, j) => hay[i + j] === l)) return true;
  }
  return false;
}
