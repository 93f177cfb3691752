// Through a recording proxy in front of the emulator: what goes on the wire.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createClient } from '../pingflow.node.js';
import { startEmulator } from './support/emulator.js';
import { proxy } from './support/servers.js';
import { expectForm, expectSuccess, expectFailure } from './support/flow.js';

let emu;
let px;
before(async () => {
  px = await proxy();
  emu = await startEmulator({ baseUrl: px.url });
  px.forwardTo(`http://127.0.0.1:${new URL(emu.base).port}`);
  emu.base = px.url; // the tests reach the emulator through the proxy too
});
after(async () => {
  await emu?.stop();
  await px?.close();
});

const wire = (purposeUrlPart) => px.seen.filter((r) => r.url.includes(purposeUrlPart));

test('requests carry the engine\'s media types, the session cookie, and the middleware\'s headers', async () => {
  px.seen.length = 0;
  const client = await createClient(emu.clientConfig({
    middleware: [(req) => { req.headers['X-Trace'] = 'abc'; }],
  }));
  const calls = [];
  client.use((req, info) => { calls.push(info.purpose); return { headers: { ...req.headers, 'X-Tenant': 't1' } }; });
  await client.start();
  expectSuccess(await client.submit('usernamePassword.check', { username: 'user.password', password: 'Pingflow1!' }));

  assert.deepEqual(calls, ['authorize', 'flow.action', 'resume', 'token', 'jwks']);
  for (const r of px.seen.filter((x) => !x.url.startsWith('/_emulator'))) {
    assert.equal(r.headers['x-trace'], 'abc', `${r.method} ${r.url}`);
    assert.equal(r.headers['x-tenant'], 't1');
  }
  const [action] = px.seen.filter((r) => r.method === 'POST' && r.url.includes('/flows/'));
  assert.equal(action.headers['content-type'], 'application/vnd.pingidentity.usernamePassword.check+json');
  const [resume] = wire('/as/resume');
  assert.match(resume.headers.cookie ?? '', /(^|; )ST=/, 'the ST cookie reaches resume');
  const [token] = wire('/as/token');
  assert.equal(token.headers.cookie, undefined, 'the token request is sent without credentials');
});

test('a 5xx on an action POST is not retried; a 5xx on a flow GET is', async () => {
  px.seen.length = 0;
  const client = await createClient(emu.clientConfig({ retries: { count: 2, baseDelayMs: 5, maxDelayMs: 10 } }));
  expectForm(await client.start(), 'USERNAME_PASSWORD_REQUIRED');

  let failPosts = 1;
  px.intercept = (req) => (req.method === 'POST' && req.url.includes('/flows/') && failPosts-- > 0 ? { status: 502 } : undefined);
  expectFailure(await client.submit('usernamePassword.check', { username: 'user.password', password: 'Pingflow1!' }),
    'server_unavailable', 'retry');
  assert.equal(px.seen.filter((r) => r.method === 'POST').length, 1, 'the POST went out once');

  // The authorize GET fails twice with 503 and then gets through, within the retry budget.
  let failGets = 2;
  px.intercept = (req) => (req.method === 'GET' && req.url.includes('/as/authorize') && failGets-- > 0 ? { status: 503 } : undefined);
  const before = wire('/as/authorize').length;
  expectForm(await client.start(), 'USERNAME_PASSWORD_REQUIRED');
  assert.equal(wire('/as/authorize').length - before, 3);
  px.intercept = () => undefined;
});
