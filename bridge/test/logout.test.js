// logout(): the OpenID Connect signoff ends the PingOne session.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createClient } from '../pingflow.node.js';
import { startEmulator } from './support/emulator.js';
import { expectForm, expectSuccess } from './support/flow.js';

let emu;
before(async () => { emu = await startEmulator(); });
after(() => emu?.stop());

const signOn = async (client) => {
  await client.start();
  return expectSuccess(await client.submit('usernamePassword.check', { username: 'user.password', password: 'Pingflow1!' }));
};

test('after logout the session is gone: the next start() asks for the password again', async () => {
  const client = await createClient(emu.clientConfig());
  await signOn(client);
  const out = await client.logout();
  assert.equal(out.kind, 'signedOut');
  assert.equal(out.status, 200);
  assert.match(out.url, /\/as\/signoff\?id_token_hint=/);
  assert.equal(client.tokens, null);
  expectForm(await client.start(), 'USERNAME_PASSWORD_REQUIRED');
});

test('logout with a registered post-logout URI is answered with a redirect to it', async () => {
  const client = await createClient(emu.clientConfig());
  await signOn(client);
  const target = `${emu.demo.authPath}/`;
  const out = await client.logout({ postLogoutRedirectUri: target, state: 'bye' });
  assert.equal(out.kind, 'signedOut');
  assert.equal(out.status, 302);
  assert.equal(new URL(out.url).searchParams.get('post_logout_redirect_uri'), target);
});

test('with navigate, logout sends the browser to signoff instead', async () => {
  const visited = [];
  const client = await createClient(emu.clientConfig({ navigate: (url) => visited.push(url) }));
  const tokens = await signOn(client);
  const out = await client.logout();
  assert.deepEqual(out, { kind: 'redirect', url: visited[0] });
  assert.equal(new URL(visited[0]).searchParams.get('id_token_hint'), tokens.idToken);
});
