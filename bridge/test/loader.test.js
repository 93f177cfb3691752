// Loading the module over HTTP, as a browser does: streaming compilation when the server sends
// application/wasm, the fallback when it does not, one fetch for any number of clients, and a
// clear error when the module is missing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { readFileSync } from 'node:fs';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';

const wasm = readFileSync(fileURLToPath(new URL('../pingflow.wasm', import.meta.url)));
const child = fileURLToPath(new URL('./support/load-child.mjs', import.meta.url));
const fetches = [];
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
    // /good.wasm is served right; /plain.wasm with the Content-Type many static hosts send.
    res.writeHead(200, { 'content-type': req.url === '/good.wasm' ? 'application/wasm' : 'application/octet-stream' });
    res.end(wasm);
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${server.address().port}`;
});
after(() => new Promise((r) => server.close(r)));

// Asynchronous: the server answering the child lives in this process.
const load = async (path) => JSON.parse((await promisify(execFile)(process.execPath, [child, `${base}${path}`], { timeout: 20000 })).stdout);

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
