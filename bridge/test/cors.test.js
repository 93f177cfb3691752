// A CORS refusal and an unreachable host are the same TypeError in a browser: after one, the
// bridge probes the host with a plain no-cors request and tells them apart. Here `location` and
// fetch are stand-ins for a browser's; example-app/e2e/tests/cors.test.mjs checks it in Chromium.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { perform, corsRefusal } from '../src/http.js';
import { normaliseError, toResult, bridgeFailure } from '../src/results.js';

const PAGE = 'http://localhost:5173';
const AUTH = 'http://127.0.0.1:8080';

function ctx(fetch, extra = {}) {
  return {
    fetch, jar: null, timeoutMs: 2000, retries: { count: 1, baseDelayMs: 1, maxDelayMs: 2 }, middleware: [],
    signal: new AbortController().signal, log: { enabled: false, log() {} }, ...extra,
  };
}

const flowRequest = { method: 'GET', url: `${AUTH}/env/flows/f1`, headers: {}, credentials: 'include', purpose: 'flow', idempotent: true };

/** A browser's fetch: the credentialed request is refused; the probe is answered when up. */
function browserFetch({ hostUp }) {
  const calls = [];
  const fetch = async (url, init) => {
    calls.push({ url, mode: init.mode ?? 'cors', credentials: init.credentials });
    if (init.mode === 'no-cors' && hostUp) return new Response(null, { status: 200 });
    throw new TypeError('Failed to fetch');
  };
  return { fetch, calls };
}

function inBrowser(t) {
  const had = Object.getOwnPropertyDescriptor(globalThis, 'location');
  Object.defineProperty(globalThis, 'location', { value: { origin: PAGE }, configurable: true });
  t.after(() => {
    if (had) Object.defineProperty(globalThis, 'location', had);
    else delete globalThis.location;
  });
}

test('a refused credentialed request to a host that answers a plain probe is a CORS refusal', async (t) => {
  inBrowser(t);
  const { fetch, calls } = browserFetch({ hostUp: true });
  const response = await perform(flowRequest, ctx(fetch));
  assert.equal(response.status, 0);
  assert.deepEqual(corsRefusal(response.networkError), { host: AUTH, origin: PAGE });
  // Two attempts (the request is idempotent), then one probe: no cookies, no CORS, the host's root.
  assert.deepEqual(calls.map((c) => [c.url, c.mode, c.credentials]), [
    [flowRequest.url, 'cors', 'include'], [flowRequest.url, 'cors', 'include'], [`${AUTH}/`, 'no-cors', 'omit'],
  ]);

  // The engine wraps the network error in its message; the result is a misconfiguration.
  const engineError = { code: 'network', class: 'retry', message: `no response from the authorization server (${response.networkError}); check the network` };
  const failure = toResult({ kind: 'fail', error: engineError });
  assert.equal(failure.error.code, 'cors_refused');
  assert.equal(failure.error.class, 'misconfiguration');
  assert.match(failure.error.message, new RegExp(`allow ${PAGE} in the application's CORS settings`));
  assert.match(failure.error.message, new RegExp(`-app-origin ${PAGE}`));
  // On a step (an action's network error) too.
  const form = toResult({ kind: 'show', step: { status: 'X', error: engineError } });
  assert.equal(form.step.error.class, 'misconfiguration');
  // And on failures the bridge makes itself (logout).
  assert.equal(bridgeFailure('network', 'retry', `signoff failed: ${response.networkError}`).error.class, 'misconfiguration');
});

test('when the probe fails too it stays a network error that names both causes', async (t) => {
  inBrowser(t);
  const { fetch, calls } = browserFetch({ hostUp: false });
  const response = await perform(flowRequest, ctx(fetch));
  assert.equal(corsRefusal(response.networkError), null);
  assert.match(response.networkError, /Failed to fetch; http:\/\/127\.0\.0\.1:8080 did not answer a plain request either: it is the network/);
  assert.match(response.networkError, /or CORS — the application's CORS settings must allow http:\/\/localhost:5173/);
  assert.equal(calls.length, 3);
  const error = normaliseError({ code: 'network', class: 'retry', message: `(${response.networkError})` });
  assert.equal(error.code, 'network');
  assert.equal(error.class, 'retry');
});

test('no probe outside browsers, for same-origin requests, uncredentialed ones or timeouts', async (t) => {
  const { fetch, calls } = browserFetch({ hostUp: true });
  const once = { ...flowRequest, idempotent: false };
  let response = await perform(once, ctx(fetch)); // Node: no location
  assert.equal(response.networkError, 'Failed to fetch');
  assert.equal(calls.length, 1);

  inBrowser(t);
  calls.length = 0;
  await perform({ ...once, url: `${PAGE}/env/flows/f1` }, ctx(fetch));
  await perform({ ...once, credentials: 'omit', url: `${AUTH}/env/as/token` }, ctx(fetch));
  assert.deepEqual(calls.map((c) => c.mode), ['cors', 'cors']);

  calls.length = 0;
  const hanging = (url, init) => {
    calls.push(init.mode ?? 'cors');
    return new Promise((_, reject) => init.signal.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))));
  };
  response = await perform(once, ctx(hanging, { timeoutMs: 20 }));
  assert.match(response.networkError, /timed out/);
  assert.deepEqual(calls, ['cors']);
});

test('other errors are left as they are', () => {
  const e = { code: 'network', class: 'retry', message: 'no response (fetch failed (ECONNREFUSED))' };
  assert.deepEqual(normaliseError(e), { ...e, details: [] });
  assert.equal(corsRefusal(undefined), null);
});
