// Loading the module over HTTP, as a browser does: streaming compilation when the server sends
// application/wasm, the fallback when it does not, one fetch for any number of clients, and a
// clear error when the module is missing. Then the defaults (the module beside assets.js, the
// bundled wasm_exec.js), the entries (only the Node one reads files), wasmExecUrl, and the
// version check.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { execFile, execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { VERSION } from '../src/version.js';

const bridgeDir = fileURLToPath(new URL('..', import.meta.url));
const wasm = readFileSync(join(bridgeDir, 'pingflow.wasm'));
const child = fileURLToPath(new URL('./support/load-child.mjs', import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), 'pingflow-loader-'));
const fetches = [];
const modules = {}; // path → bytes of another build of the module
let server;
let base;

before(async () => {
  server = http.createServer((req, res) => {
    fetches.push(req.url);
    if (req.url === '/missing.wasm') {
      res.writeHead(404);
      res.end();
      return;
    }
    if (modules[req.url]) {
      res.writeHead(200, { 'content-type': 'application/wasm' });
      res.end(modules[req.url]);
      return;
    }
    // /good.wasm is served right; /plain.wasm with the Content-Type many static hosts send.
    res.writeHead(200, { 'content-type': req.url === '/good.wasm' ? 'application/wasm' : 'application/octet-stream' });
    res.end(wasm);
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${server.address().port}`;
});
after(() => new Promise((r) => server.close(r)));
after(() => rmSync(tmp, { recursive: true, force: true }));

// Asynchronous: the server answering the child lives in this process.
const loadWith = async (opts, entry = 'node') => JSON.parse((await promisify(execFile)(process.execPath, [child, JSON.stringify(opts), entry], { timeout: 20000 })).stdout);
const load = (path) => loadWith({ wasmUrl: `${base}${path}` });

test('application/wasm: compiled while streaming, fetched once for every client', async () => {
  fetches.length = 0;
  const out = await load('/good.wasm');
  assert.equal(out.ok, true, out.message);
  assert.deepEqual(out.streaming, ['ok']);
  assert.deepEqual(fetches, ['/good.wasm']);
});

test('another Content-Type: streaming is refused and the buffer fallback loads it', async () => {
  fetches.length = 0;
  const out = await load('/plain.wasm');
  assert.equal(out.ok, true, out.message);
  assert.equal(out.streaming.length, 1);
  assert.match(out.streaming[0], /^refused/);
  assert.deepEqual(fetches, ['/plain.wasm'], 'the fallback reuses the response, no second fetch');
});

test('a missing module is a load error that says what to do', async () => {
  const out = await load('/missing.wasm');
  assert.equal(out.ok, false);
  assert.equal(out.code, 'load');
  assert.match(out.message, /HTTP 404/);
});

test('no options, Node entry: the module beside assets.js, of this bridge\'s version', async () => {
  const out = await loadWith({});
  assert.equal(out.ok, true, out.message);
  assert.equal(out.version, VERSION);
  assert.equal(out.execMarker, null, 'the bundled wasm_exec.js, nothing else');
});

test('the browser entry refuses a file: URL and says to use the node condition', async () => {
  const out = await loadWith({}, 'browser');
  assert.equal(out.ok, false);
  assert.equal(out.code, 'load');
  assert.match(out.message, /file:.*pingflow\.wasm/);
  assert.match(out.message, /"node" export condition/);
});

test('the browser entry loads over HTTP, as in a browser', async () => {
  const out = await loadWith({ wasmUrl: `${base}/good.wasm` }, 'browser');
  assert.equal(out.ok, true, out.message);
  assert.equal(out.version, VERSION);
});

test('wasmExecUrl loads another wasm_exec.js over the bundled one', async () => {
  const other = join(tmp, 'other_wasm_exec.js');
  writeFileSync(other, `${readFileSync(join(bridgeDir, 'wasm_exec.js'), 'utf8')}\nglobalThis.__pingflowExecMarker = 'other';\n`);
  const out = await loadWith({ wasmExecUrl: pathToFileURL(other).href });
  assert.equal(out.ok, true, out.message);
  assert.equal(out.execMarker, 'other');

  const missing = await loadWith({ wasmExecUrl: pathToFileURL(join(tmp, 'nothing.js')).href });
  assert.equal(missing.ok, false);
  assert.equal(missing.code, 'load');
  assert.match(missing.message, /cannot load wasmExecUrl .*nothing\.js/);
});

/** The module built with -X main.version=<version>, or without it (version "dev"). */
function build(version) {
  const out = join(tmp, `${version}.wasm`);
  const ldflags = version === 'dev' ? '-s -w' : `-s -w -X main.version=${version}`;
  execFileSync(process.env.GO ?? 'go', ['build', '-trimpath', `-ldflags=${ldflags}`, '-gcflags=all=-l', '-o', out, './wasm'], {
    cwd: join(bridgeDir, '..'), env: { ...process.env, GOOS: 'js', GOARCH: 'wasm' }, stdio: ['ignore', 'ignore', 'inherit'],
  });
  return readFileSync(out);
}

test('a module of another version is refused, naming both; a "dev" build is accepted', async () => {
  modules['/other.wasm'] = build('0.0.9');
  const out = await load('/other.wasm');
  assert.equal(out.ok, false);
  assert.equal(out.code, 'load');
  assert.match(out.message, /version 0\.0\.9/);
  assert.ok(out.message.includes(`bridge is version ${VERSION}`), out.message);

  modules['/dev.wasm'] = build('dev');
  const dev = await load('/dev.wasm');
  assert.equal(dev.ok, true, dev.message);
  assert.equal(dev.version, 'dev');
});
