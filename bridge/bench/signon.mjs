// A whole password sign-on in Node, through the bridge and by hand (raw.js), against the
// emulator: authorize → usernamePassword.check → resume → token → JWKS + the ID token's
// signature, on both sides. Each round is one sign-on of each (a new client, so a new cookie
// jar and no SSO; the module is loaded once, before), in alternating order, after a warm-up.
// Also the module's linear memory after the first sign-on and after them all.
// Prints JSON (run.mjs formats it); measured, never asserted.
import { createClient, loadModule } from '../pingflow.node.js';
import { startEmulator } from '../test/support/emulator.js';
import { rawSignOn, rawJar } from './raw.js';
import { splitTimer, newTally } from './split.js';

const USER = { username: 'user.password', password: 'Pingflow1!' };
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** Keeps the instances the module is instantiated as, to read their memory. */
export function watchInstances() {
  const memories = [];
  const keep = (r) => {
    const instance = r instanceof WebAssembly.Instance ? r : r?.instance;
    if (instance?.exports?.mem instanceof WebAssembly.Memory) memories.push(instance.exports.mem);
    return r;
  };
  for (const name of ['instantiate', 'instantiateStreaming']) {
    const original = WebAssembly[name];
    if (typeof original === 'function') WebAssembly[name] = function watched(...args) { return original.apply(this, args).then(keep); };
  }
  return () => memories.at(-1)?.buffer.byteLength ?? null;
}

export async function bridgeSignOn(config) {
  const client = await createClient(config);
  try {
    const first = await client.start();
    if (first.kind !== 'form') throw new Error(`start gave ${first.kind}`);
    const done = await client.submit('usernamePassword.check', USER);
    if (done.kind !== 'success') throw new Error(`submit gave ${JSON.stringify(done).slice(0, 300)}`);
    return done.tokens;
  } finally {
    client.dispose();
  }
}

/** rounds interleaved sign-ons of each kind; emu an emulator (started here when not given). */
export async function signOnBench({ rounds = 200, warmup = 20, emu = null, memory = null } = {}) {
  memory ??= watchInstances(); // a process that loaded the module before passes its own watcher
  const own = !emu;
  emu ??= await startEmulator();
  try {
    const config = emu.clientConfig();
    const raw = () => rawSignOn(config, USER, { jar: rawJar() });
    const bridge = () => bridgeSignOn(config);
    await loadModule();
    const loadedBytes = memory();
    await bridge();
    const afterFirst = memory();
    for (let i = 0; i < warmup; i++) { await bridge(); await raw(); }
    const samples = { bridge: [], raw: [] };
    for (let i = 0; i < rounds; i++) {
      const order = i % 2 ? [['raw', raw], ['bridge', bridge]] : [['bridge', bridge], ['raw', raw]];
      for (const [name, fn] of order) {
        const t = performance.now();
        await fn();
        samples[name].push(performance.now() - t);
      }
    }
    const bridgeMs = median(samples.bridge);
    const rawMs = median(samples.raw);
    const memoryAfterAll = memory();
    return {
      rounds, bridgeMs, rawMs, ratio: bridgeMs / rawMs,
      memory: { loadedBytes, afterFirstSignOnBytes: afterFirst, afterAllBytes: memoryAfterAll },
      split: await signOnSplit({ rounds: Math.min(rounds, 100), emu }),
    };
  } finally {
    if (own) emu.stop();
  }
}

/**
 * Where a bridge sign-on's time goes: in fetch (while a request is under way, until its body is
 * read; overlapping requests counted once), in the
 * module (each namespace call, by name) and the rest (the bridge's own JavaScript, the event
 * loop), per sign-on; the same for raw fetch. Medians would not add up: these are means.
 */
export async function signOnSplit({ rounds = 100, emu }) {
  const ns = await loadModule();
  const config = emu.clientConfig();
  const timer = splitTimer();
  const unwrap = timer.wrap(ns);
  try {
    const kinds = {
      bridge: () => bridgeSignOn({ ...config, fetch: timer.fetch }),
      raw: () => rawSignOn(config, USER, { jar: rawJar(), fetch: timer.fetch }),
    };
    const out = {};
    for (const [kind, fn] of Object.entries(kinds)) {
      for (let i = 0; i < 10; i++) await fn();
      const tally = newTally();
      timer.count(tally);
      const t = performance.now();
      for (let i = 0; i < rounds; i++) await fn();
      const total = (performance.now() - t) / rounds;
      timer.count(null);
      out[kind] = {
        totalMs: total, fetchMs: tally.fetch / rounds, moduleMs: tally.module / rounds, restMs: total - (tally.fetch + tally.module) / rounds,
        calls: Object.fromEntries(Object.entries(tally.calls).map(([k, v]) => [k, v / rounds])),
      };
    }
    return out;
  } finally {
    unwrap();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await signOnBench({ rounds: Number(process.argv[2]) || 200 });
  process.stdout.write(`${JSON.stringify(r)}\n`);
}
