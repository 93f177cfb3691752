// The module's fast entry (src/fastcall.js, wasm/fastcall.go) against its namespace: the same
// calls give the same answers — errors word for word, whatever the arguments' types, names and
// sizes — and many calls leave no JavaScript values behind in Go's table. The module is
// instantiated here by hand (not through the loader, which switches to the fast entry), so
// that both ways into one instance can be called side by side.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import '../wasm_exec.js';
import { fastCaller, useFastEntry } from '../src/fastcall.js';

const wasm = readFileSync(fileURLToPath(new URL('../pingflow.wasm', import.meta.url)));
const CONFIG = JSON.stringify({
  authPath: 'https://auth.pingone.com', envId: '11111111-2222-3333-4444-555555555555', clientId: 'c1',
  redirectUri: 'https://app.example.com/cb', scope: 'openid',
});
let go;
let namespace; // the module's own functions (js.FuncOf callbacks)
let fast; // (name, args) → the same through the fast entry

before(async () => {
  go = new globalThis.Go();
  const { instance } = await WebAssembly.instantiate(wasm, go.importObject);
  const ready = new Promise((resolve) => { globalThis.__pingflowReady = resolve; });
  go.run(instance);
  namespace = { ...(await ready) };
  fast = fastCaller(instance.exports);
  assert.ok(fast, 'the module has a fast entry');
});

const both = (name, ...args) => ({ namespace: JSON.parse(namespace[name](...args)), fast: JSON.parse(fast(name, args)) });

test('errors are the same word for word, for every kind of wrong argument', () => {
  const engine = JSON.parse(namespace.create(CONFIG)).value.handle;
  const cases = [
    ['create'],
    ['create', 42],
    ['create', '{not json'],
    ['create', CONFIG, '{"pollIntervalMs":"x"}'],
    ['start', 'one'],
    ['start', 0],
    ['start', 1.5],
    ['start', 999999],
    ['start', null],
    ['start', undefined],
    ['start', true],
    ['start', {}],
    ['start', () => 1],
    ['start', Symbol('s')],
    ['receive', engine],
    ['receive', engine, '{"status":200}', 7],
    ['submit', engine, 'usernamePassword.check', '{"username":"ü€😀"}'],
    ['open', engine, 'ﬂow-id-ü'],
    ['restore', engine, 'x'.repeat(200_000)], // larger than the input buffer so far: it grows
  ];
  for (const [name, ...args] of cases) {
    const got = both(name, ...args);
    assert.deepEqual(got.fast, got.namespace, `${name}(${args.map((a) => typeof a).join(', ')})`);
    assert.equal(got.fast.ok, false, `${name} with these arguments is refused`);
  }
  // A BigInt: syscall/js cannot tell its type (the namespace answers "panicked: bad type flag");
  // the fast entry refuses it as a value of another type.
  assert.deepEqual(JSON.parse(fast('start', [10n])).error, { code: 'bad_argument', message: 'start: argument 1 (handle) must be a number, not object' });
});

test('answers are the same: version, and a flow begun on two engines', () => {
  const v = both('version');
  assert.deepEqual(v.fast, v.namespace);
  const a = JSON.parse(namespace.create(CONFIG)).value.handle;
  const b = JSON.parse(fast('create', [CONFIG])).value.handle;
  assert.notEqual(a, b, 'one handle table behind both ways in');
  const started = { namespace: JSON.parse(namespace.start(a)), fast: JSON.parse(fast('start', [b])) };
  assert.equal(started.fast.value.kind, 'fetch');
  assert.equal(started.fast.value.kind, started.namespace.value.kind);
  assert.equal(new URL(started.fast.value.request.url).pathname, new URL(started.namespace.value.request.url).pathname);
  // The other way's engine is there too: the table is one.
  assert.equal(JSON.parse(fast('step', [a])).ok, true);
  assert.equal(JSON.parse(namespace.destroy(b)).ok, true);
  assert.equal(JSON.parse(fast('destroy', [b])).error.code, 'bad_handle');
});

test('a call too large for the module is an error, and the module lives on', () => {
  const huge = 'x'.repeat(90 * 1024 * 1024); // 90 M code units: up to 270 MB of UTF-8
  const got = JSON.parse(fast('restore', [1, huge]));
  assert.equal(got.error.code, 'bad_argument');
  assert.match(got.error.message, /too large/);
  assert.equal(JSON.parse(fast('version', [])).ok, true);
});

test('an unknown name and a malformed call are errors, not crashes', () => {
  assert.deepEqual(JSON.parse(fast('nope', [])).error, { code: 'bad_argument', message: 'pingflow_call: no export is named "nope"' });
  assert.equal(JSON.parse(fast('version', [])).ok, true, 'the module still answers');
});

test('many calls leave no JavaScript values behind (the finalizers get to run)', async () => {
  const held = () => go._values.length - go._idPool.length;
  const h = JSON.parse(fast('create', [CONFIG])).value.handle;
  for (let i = 0; i < 50; i++) fast('start', [h]); // warm up
  const before = held();
  for (let i = 0; i < 2000; i++) fast('start', [h]); // each start reads randomness from JavaScript now and then
  await new Promise((r) => setTimeout(r, 50));
  assert.ok(held() - before < 100, `the table grew from ${before} to ${held()} values`);
});

test('useFastEntry leaves a namespace alone without a fast entry, and replaces its functions with one', () => {
  const ns = { version: () => 'x', note: 'kept' };
  assert.equal(useFastEntry(ns, { mem: new WebAssembly.Memory({ initial: 1 }) }), false);
  assert.equal(ns.version(), 'x');
  const calls = [];
  const exports = {
    mem: new WebAssembly.Memory({ initial: 1 }),
    pingflow_in: () => 8,
    pingflow_call: (n) => { calls.push(n); return 2; },
    pingflow_out: () => 1000,
  };
  new Uint8Array(exports.mem.buffer).set([0x7b, 0x7d], 1000); // what the "module" answers: {}
  assert.equal(useFastEntry(ns, exports), true);
  assert.equal(ns.note, 'kept');
  assert.equal(ns.version(), '{}');
  assert.deepEqual(calls, [1 + 4 + 'version'.length], 'the call written: its name, tagged');
});
