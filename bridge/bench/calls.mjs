// The engine's cost per call through the bridge: JSON in, the Go call, JSON out, parsed.
import { readFileSync } from 'node:fs';
import { loadModule } from '../pingflow.node.js';
import { Engine, call } from '../src/engine.js';

const flow = readFileSync(new URL('./fixtures/authorize-flow.json', import.meta.url), 'utf8');
const response = { status: 200, headers: { 'content-type': 'application/json' }, body: flow };
// An ASSERTION_REQUIRED flow (the emulator's user.passkey) and a credential for it, in the
// toJSON() shape the bridge hands to resolve().
const assertion = { ...response, body: readFileSync(new URL('./fixtures/assertion-flow.json', import.meta.url), 'utf8') };
const b64 = (s) => Buffer.from(s).toString('base64url');
const ceremony = {
  origin: 'http://localhost:9031',
  credential: {
    id: 'eGcpHStvi0muDPTw1fi1xu9rIX6FE0qTsHpV_lNSGsE', rawId: 'eGcpHStvi0muDPTw1fi1xu9rIX6FE0qTsHpV_lNSGsE',
    type: 'public-key', authenticatorAttachment: 'platform', clientExtensionResults: {},
    response: {
      clientDataJSON: b64(JSON.stringify({ type: 'webauthn.get', challenge: 'x'.repeat(43), origin: 'http://localhost:9031' })),
      authenticatorData: b64('a'.repeat(37)), signature: b64('s'.repeat(71)), userHandle: 'v3OB_3Y5RnGZNCZWfllB6A',
    },
  },
};
const config = {
  authPath: 'http://127.0.0.1:9031', envId: '281f15cd-3029-4413-abb8-280c92062e95',
  clientId: '2aafeb68-7f25-4c6b-86e2-108759b5aeeb', redirectUri: 'http://127.0.0.1:9031/callback',
};

function stats(samples) {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q) => s[Math.min(s.length - 1, Math.floor(q * s.length))];
  return { n: s.length, medianUs: at(0.5) * 1000, p95Us: at(0.95) * 1000 };
}

/** Times `measured` n times; `setup` runs before each, untimed. */
function measure(n, setup, measured) {
  for (let i = 0; i < 50; i++) { setup(); measured(); } // warm up (JIT, Go's heap)
  const samples = [];
  for (let i = 0; i < n; i++) {
    setup();
    const t = performance.now();
    measured();
    samples.push(performance.now() - t);
  }
  return stats(samples);
}

export async function callOverhead(n = 1000) {
  const ns = await loadModule();
  const engine = new Engine(ns, config, {});
  const noop = () => {};
  // What resolve() is measured on must be the real path: the request, not a refusal.
  engine.start(); engine.receive(assertion); engine.submit('assertion.check', {});
  const sent = engine.resolve(ceremony);
  if (sent.kind !== 'fetch' || sent.request.action !== 'assertion.check') throw new Error(`resolve gave ${JSON.stringify(sent).slice(0, 200)}`);
  return {
    // The boundary alone: a call that does nothing but answer.
    version: measure(n, noop, () => call(ns, 'version')),
    // start(): PKCE verifier, state and nonce from crypto.getRandomValues, the authorize URL.
    start: measure(n, noop, () => engine.start()),
    // receive(): the authorize response (1.6 kB flow document) checked and turned into a Step.
    receive: measure(n, () => engine.start(), () => engine.receive(response)),
    // submit(): the input checked against the step and the request described.
    submit: measure(n, () => { engine.start(); engine.receive(response); },
      () => engine.submit('usernamePassword.check', { username: 'user.password', password: 'Pingflow1!' })),
    // resolve(): a WebAuthn credential turned into the assertion.check request.
    resolve: measure(n, () => { engine.start(); engine.receive(assertion); engine.submit('assertion.check', {}); },
      () => engine.resolve(ceremony)),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.stdout.write(JSON.stringify(await callOverhead(Number(process.argv[2]) || 1000)));
}
