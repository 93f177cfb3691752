// The fault matrix: through a proxy that resets (before and after the server applied the
// request), hangs, truncates or stalls the body, 5xx's (with and without Retry-After) and
// replays each kind of request — authorize, action, resume, token, a DaVinci call — a sign-on
// ends signed on by following the error's class (retry → retry(), a step with an error →
// submit again, restart → start()), and no action POST, DaVinci call, resume or token request
// is ever sent twice by the bridge on its own.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createClient } from '../pingflow.node.js';
import { startEmulator } from './support/emulator.js';
import { faultProxy, FAULTS } from './support/proxy.js';
import { retryAfterMs } from '../src/http.js';

const KINDS = ['authorize', 'action', 'resume', 'token', 'davinci'];
const creds = { username: 'user.password', password: 'Pingflow1!' };
const TIMEOUT_MS = 1500;

let emu;
let px;
const matrix = [];

before(async () => {
  px = await faultProxy();
  emu = await startEmulator({ baseUrl: px.url });
  px.forwardTo(`http://127.0.0.1:${new URL(emu.base).port}`);
  emu.base = px.url;
});
after(async () => {
  await emu?.stop();
  await px?.close();
  if (matrix.length > 0) printMatrix();
});

/** Describes a result in a few characters: ✓, form, or the failure's code/class. */
function outcome(r) {
  if (r.kind === 'success') return '✓';
  if (r.kind === 'form') return r.step.error ? `form(${r.step.error.code})` : 'form';
  if (r.kind === 'failure') return `${r.error.code}/${r.error.class}`;
  return r.kind;
}

/**
 * Signs on as a page would, following each result: a form is submitted (again), a retry
 * failure is retried, a restart failure starts again. Returns the steps taken.
 */
async function signOn(client, calls) {
  const steps = [];
  const call = async (name, fn) => {
    calls.push({ name, from: px.log.length });
    const r = await fn();
    steps.push(`${name}→${outcome(r)}`);
    return r;
  };
  let r = await call('start', () => client.start());
  for (let i = 0; i < 10 && r.kind !== 'success'; i++) {
    if (r.kind === 'form' && r.step.protocol === 'davinci') {
      // DaVinci: the Sign On form, then the offer to set up a passkey.
      const [action, input] = r.step.title === 'Sign On' ? ['SIGNON', creds] : ['NOT_NOW', {}];
      assert.ok(r.step.actions.some((a) => a.name === action), `${r.step.title}: ${JSON.stringify(r.step.error)}`);
      r = await call('submit', () => client.submit(action, input));
    } else if (r.kind === 'form') {
      assert.equal(r.step.status, 'USERNAME_PASSWORD_REQUIRED', JSON.stringify(r.step.error));
      r = await call('submit', () => client.submit('usernamePassword.check', creds));
    } else if (r.kind === 'failure' && r.error.class === 'retry') {
      r = await call('retry', () => client.retry());
    } else if (r.kind === 'failure' && r.error.class === 'restart') {
      r = await call('start', () => client.start());
    } else {
      assert.fail(`no way on from ${JSON.stringify(r).slice(0, 400)}`);
    }
  }
  assert.equal(r.kind, 'success', steps.join(' '));
  return { steps, result: r };
}

for (const kind of KINDS) {
  for (const fault of FAULTS) {
    test(`${kind} × ${fault}: signed on by following the error's class`, async () => {
      let armed = true;
      px.rule = (req) => {
        if (armed && req.kind === kind) {
          armed = false;
          return fault;
        }
        return undefined;
      };
      const from = px.log.length;
      const upFrom = px.upstream.length;
      const calls = [];
      const opts = { timeoutMs: TIMEOUT_MS, retries: { count: 2, baseDelayMs: 20, maxDelayMs: 40 } };
      const client = await createClient(kind === 'davinci' ? emu.davinciConfig({ ...opts, protect: emu.protect }) : emu.clientConfig(opts));
      const t0 = Date.now();
      let steps;
      try {
        ({ steps } = await signOn(client, calls));
      } finally {
        px.rule = () => undefined;
        client.dispose();
      }
      const ms = Date.now() - t0;
      assert.equal(armed, false, 'the fault was injected');

      // Per call of the page, no action POST, DaVinci call, resume or token request is sent twice:
      // the bridge repeats none of them on its own (only idempotent GETs are retried
      // automatically). (One call may lead to two different DaVinci calls: a form that only
      // collects Protect signals is submitted by the engine.)
      for (const [i, c] of calls.entries()) {
        const end = calls[i + 1]?.from ?? px.log.length;
        const sent = px.log.slice(c.from, end).filter((r) => ['action', 'davinci', 'resume', 'token'].includes(r.kind));
        const seen = new Set();
        for (const r of sent) {
          const key = `${r.method} ${r.url} ${r.digest}`;
          assert.ok(!seen.has(key), `${c.name} sent ${r.kind} twice (${steps?.join(' ')}): ${JSON.stringify(sent)}`);
          seen.add(key);
        }
        for (const k of ['action', 'resume', 'token']) {
          assert.ok(sent.filter((r) => r.kind === k).length <= 1, `${c.name} sent ${k} twice: ${JSON.stringify(sent)}`);
        }
      }
      const log = px.log.slice(from);
      const submits = steps.filter((s) => s.startsWith('submit')).length;
      assert.equal(log.filter((r) => r.kind === 'action' || r.kind === 'davinci').length, submits, 'one action POST per submit()');
      const upstream = px.upstream.slice(upFrom);
      matrix.push({ kind, fault, steps, ms, sent: log.length, upstream: upstream.length });

      // What the protocol makes of each fault, where it matters most.
      const sentBy = (name, nth = 0) => {
        const mine = calls.filter((c) => c.name === name)[nth];
        const next = calls[calls.indexOf(mine) + 1];
        return px.log.slice(mine.from, next?.from ?? px.log.length).map((r) => r.kind);
      };
      if (kind === 'action' && ['reset-after', 'hang', 'truncate', 'stall-body'].includes(fault)) {
        // Applied by the server, answer lost: retry() reads the flow, which has moved on (to
        // resume); the password is not posted again. (The emulator sends the session cookie
        // only with the answer that completed the flow, which was lost: resume refuses the
        // flow, session_rejected, and start() signs on again.)
        assert.equal(steps[2].split('→')[0], 'retry');
        assert.deepEqual(sentBy('retry').slice(0, 2), ['flow.read', 'resume']);
      }
      if (kind === 'action' && ['reset-before', '503', '503-retry-after'].includes(fault)) {
        // Not applied: retry() reads the flow, still on the same step (not_applied), submitted again.
        assert.deepEqual(steps, [steps[0], steps[1], 'retry→form(not_applied)', 'submit→✓']);
      }
      if (kind === 'action' && fault === 'replay') {
        // The duplicate's refusal (the action is not available: the flow moved on) is not shown
        // as a field error: the engine reads the flow and goes where it is (resume).
        assert.deepEqual(sentBy('submit').slice(0, 3), ['action', 'flow.read', 'resume']);
      }
      if (kind === 'authorize' && fault !== 'hang') {
        assert.equal(steps[0].split('→')[1], 'form', 'authorize is a GET: the bridge retries it by itself');
      }
      if (kind === 'authorize' && fault === '503-retry-after') assert.ok(ms >= 1000, `Retry-After: 1 was waited (${ms} ms)`);
      if (kind === 'token' && fault !== 'replay') {
        assert.match(steps[1], /\/restart$/, 'a lost token answer is restart: the code may be spent');
      }
      if (kind === 'action' && fault === '503-retry-after') assert.ok(ms >= 1000, `retry() waited the Retry-After (${ms} ms)`);
      if (kind === 'davinci' && ['reset-after', 'hang', 'truncate', 'stall-body', 'replay'].includes(fault)) {
        // Applied by DaVinci: the form sent again carries the spent interaction token, which
        // DaVinci refuses (never applies twice): restart, and start() signs on.
        assert.ok(steps.some((s) => s.endsWith('interaction_rejected/restart')), steps.join(' '));
      }
    });
  }
}

test('Retry-After: seconds or an HTTP date, only on 429 and 503', () => {
  assert.equal(retryAfterMs({ status: 503, headers: { 'retry-after': '2' } }), 2000);
  assert.equal(retryAfterMs({ status: 429, headers: { 'retry-after': ' 0 ' } }), 0);
  const date = retryAfterMs({ status: 429, headers: { 'retry-after': new Date(Date.now() + 5000).toUTCString() } });
  assert.ok(date > 3000 && date <= 5000, String(date));
  assert.equal(retryAfterMs({ status: 503, headers: { 'retry-after': new Date(Date.now() - 5000).toUTCString() } }), 0);
  assert.equal(retryAfterMs({ status: 503, headers: { 'retry-after': 'soon' } }), 0);
  assert.equal(retryAfterMs({ status: 500, headers: { 'retry-after': '2' } }), 0);
  assert.equal(retryAfterMs({ status: 503 }), 0);
});

test('a Retry-After longer than retries.maxWaitMs ends the retries: a retry failure that carries it', async () => {
  let n = 0;
  px.rule = (req) => (req.kind === 'authorize' && n++ === 0 ? '503-retry-after' : undefined);
  try {
    const client = await createClient(emu.clientConfig({ retries: { count: 2, baseDelayMs: 5, maxDelayMs: 10, maxWaitMs: 500 } }));
    const t0 = Date.now();
    const r = await client.start();
    assert.equal(r.kind, 'failure');
    assert.equal(r.error.code, 'server_unavailable');
    assert.equal(r.error.retryAfterMs, 1000);
    assert.ok(Date.now() - t0 < 900, 'not waited');
    assert.equal(n, 1, 'not retried');
    // retry() waits what it may (maxWaitMs), then asks again.
    const t1 = Date.now();
    assert.equal((await client.retry()).kind, 'form');
    assert.ok(Date.now() - t1 >= 450, `retry() waited (${Date.now() - t1} ms)`);
    client.dispose();
  } finally {
    px.rule = () => undefined;
  }
});

test('input nested 10,000 deep, or referring to itself, is a usage error, not a RangeError', async () => {
  const client = await createClient(emu.clientConfig());
  assert.equal((await client.start()).kind, 'form');
  let deep = {};
  for (let i = 0; i < 10000; i++) deep = { x: deep };
  await assert.rejects(client.submit('usernamePassword.check', { username: deep, password: 'x' }),
    (err) => err.name === 'PingflowError' && err.code === 'usage' && /nested more than 32 levels/.test(err.message));
  const cyclic = { username: 'a' };
  cyclic.self = cyclic;
  await assert.rejects(client.submit('usernamePassword.check', cyclic), (err) => err.code === 'usage');
  // The client is still usable.
  assert.equal((await client.submit('usernamePassword.check', creds)).kind, 'success');
  client.dispose();
});

function printMatrix() {
  const rows = [['request', 'fault', 'outcome', 'steps (call→result)', 'ms']];
  for (const m of matrix) {
    rows.push([m.kind, m.fault, 'signed on', m.steps.join('  '), String(m.ms)]);
  }
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  const line = (r) => r.map((c, i) => c.padEnd(widths[i])).join(' | ');
  const out = ['', 'fault matrix (request kind × fault → outcome, steps):', line(rows[0]), widths.map((w) => '-'.repeat(w)).join('-|-'), ...rows.slice(1).map(line)];
  console.log(out.join('\n'));
}
