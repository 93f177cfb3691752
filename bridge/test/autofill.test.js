// Passkey autofill (conditional mediation) on the emulator's DaVinci Sign On form, whose
// "Sign in with a passkey" has no allowCredentials and so may run as autofill: the request is
// made in the background with mediation 'conditional', the client stays free, a password
// submit aborts it and goes ahead, and stopping it in any way resolves autofill() with null.
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { createClient } from '../pingflow.node.js';
import { startEmulator } from './support/emulator.js';
import { SoftwareAuthenticator } from './support/authenticator.js';
import { expectForm, expectDaVinciForm, expectSuccess, declinePasskeyOffer } from './support/flow.js';

let emu;
before(async () => { emu = await startEmulator(); });
after(() => emu?.stop());
beforeEach(() => emu.reset());

/**
 * A webauthn option whose get() waits, as a browser's conditional request does, until the
 * person picks a passkey (call.pick(credential)) or the request is aborted through its signal.
 * call(n) resolves with the n-th request (from 1) once it has been made.
 */
function waitingWebAuthn() {
  const calls = [];
  const waiting = new Map();
  const option = {
    get(request) {
      return new Promise((resolve, reject) => {
        const call = { request, aborted: false, pick: resolve };
        calls.push(call);
        request.signal.addEventListener('abort', () => {
          call.aborted = true;
          reject(new DOMException('The operation was aborted.', 'AbortError'));
        }, { once: true });
        waiting.get(calls.length)?.(call);
      });
    },
  };
  const call = (n) => (calls[n - 1] ? Promise.resolve(calls[n - 1]) : new Promise((resolve) => waiting.set(n, resolve)));
  return { option, calls, call };
}

const signOnPassword = { username: 'user.password', password: 'Pingflow1!' };

/** A client on the DaVinci Sign On form, with a request log of the purposes sent. */
async function onSignOn(extra) {
  const sent = [];
  const client = await createClient(emu.davinciConfig({
    protect: emu.protect, middleware: [(req, info) => { sent.push(info.purpose); }], ...extra,
  }));
  expectDaVinciForm(await client.start(), 'Sign On', 'passkey');
  sent.length = 0;
  return { client, sent };
}

test('autofill waits in the background; a password submit aborts it and goes ahead without busy', async () => {
  const webauthn = waitingWebAuthn();
  const { client } = await onSignOn({ webauthn: webauthn.option });
  const autofill = client.autofill();
  assert.equal(client.autofill(), autofill, 'calling it again returns the same promise');
  const call = await webauthn.call(1);
  assert.equal(call.request.mediation, 'conditional');
  assert.deepEqual(call.request.publicKey.allowCredentials, []);
  assert.equal(call.request.publicKey.rpId, 'localhost');

  const offer = expectDaVinciForm(await client.submit('SIGNON', signOnPassword), 'Set Up a Passkey');
  assert.ok(offer, 'the password went through while autofill waited');
  assert.equal(call.aborted, true, 'the conditional request was aborted');
  assert.equal(await autofill, null);
  expectSuccess(await client.submit('NOT_NOW'));
  assert.equal(webauthn.calls.length, 1);
});

test('autofill resolves with the sign-on once the person picks a passkey', async () => {
  const auth = new SoftwareAuthenticator({ origin: emu.localOrigin });
  const pk = emu.demoPasskey;
  auth.addCredential({ id: pk.credentialId, rpId: pk.rpId, privateKey: pk.privateKey, userHandle: pk.userHandle });
  const { client } = await onSignOn({ webauthn: auth.option });
  assert.deepEqual(await client.capabilities(), { webauthn: true, conditional: true, platformAuthenticator: true });
  const steps = [];
  client.on('tokens', (t) => steps.push(t.claims.preferred_username));
  const result = await client.autofill();
  const tokens = expectSuccess(result);
  assert.equal(tokens.claims.preferred_username, 'user.passkey');
  assert.deepEqual(steps, ['user.passkey'], 'the result is announced like any other');
  assert.equal(auth.requests[0].mediation, 'conditional');
  assert.equal(client.tokens, tokens);
});

test('once a passkey is picked, autofill is the running call: another call is busy', async () => {
  const webauthn = waitingWebAuthn();
  const { client } = await onSignOn({ webauthn: webauthn.option });
  const autofill = client.autofill();
  const call = await webauthn.call(1);
  const auth = new SoftwareAuthenticator({ origin: emu.localOrigin });
  const pk = emu.demoPasskey;
  auth.addCredential({ id: pk.credentialId, rpId: pk.rpId, privateKey: pk.privateKey, userHandle: pk.userHandle });
  call.pick(await auth.get({ publicKey: call.request.publicKey }));
  await new Promise((r) => setImmediate(r));
  await assert.rejects(client.submit('SIGNON', signOnPassword), (err) => err.code === 'busy' && /autofill/.test(err.message));
  expectSuccess(await autofill);
});

test('stopAutofill(), cancel() and pagehide resolve autofill() with null; the form stays usable', async () => {
  const webauthn = waitingWebAuthn();
  const { client, sent } = await onSignOn({ webauthn: webauthn.option });

  let autofill = client.autofill();
  let call = await webauthn.call(1);
  client.stopAutofill();
  assert.equal(await autofill, null);
  assert.equal(call.aborted, true);

  // A page: pagehide stops it too.
  const page = new EventTarget();
  globalThis.addEventListener = page.addEventListener.bind(page);
  globalThis.removeEventListener = page.removeEventListener.bind(page);
  try {
    autofill = client.autofill();
    call = await webauthn.call(2);
    page.dispatchEvent(new Event('pagehide'));
    assert.equal(await autofill, null);
    assert.equal(call.aborted, true);
  } finally {
    delete globalThis.addEventListener;
    delete globalThis.removeEventListener;
  }
  assert.deepEqual(sent, [], 'nothing was sent for the stopped requests');

  autofill = client.autofill();
  call = await webauthn.call(3);
  client.cancel();
  assert.equal(await autofill, null, 'cancel() is a cancellation, not a failure');
  assert.equal(call.aborted, true);
  expectDaVinciForm(await client.start(), 'Sign On');
});

for (const name of ['NotAllowedError', 'SecurityError', 'NotSupportedError']) {
  test(`the browser ending the conditional request itself (${name}) sends nothing: null, and the password works`, async () => {
    const { client, sent } = await onSignOn({
      webauthn: { get: async () => { throw new DOMException('The conditional request ended.', name); } },
    });
    // null, not the step again: a page that starts autofill() on every form must not loop.
    assert.equal(await client.autofill(), null);
    assert.deepEqual(sent, [], 'no request for an autofill nobody asked for');
    expectSuccess(await declinePasskeyOffer(client, await client.submit('SIGNON', signOnPassword)));
  });
}

test('nothing to autofill: a step without a conditional action, or no conditional mediation here', async () => {
  const flows = await createClient(emu.clientConfig({ webauthn: new SoftwareAuthenticator({ origin: emu.localOrigin }).option }));
  expectForm(await flows.start(), 'USERNAME_PASSWORD_REQUIRED');
  assert.equal(await flows.autofill(), null);

  const asked = [];
  const { client } = await onSignOn({
    webauthn: { get: async (r) => { asked.push(r); return null; }, isConditionalMediationAvailable: async () => false },
  });
  assert.equal(await client.autofill(), null);
  assert.equal(asked.length, 0, 'no request when the browser cannot autofill');

  const { client: plain } = await onSignOn({}); // Node without a webauthn option
  assert.equal(await plain.autofill(), null);
  expectSuccess(await declinePasskeyOffer(plain, await plain.submit('SIGNON', signOnPassword)));
});

test('autofill() while another call runs is busy; before any step it has nothing to do', async () => {
  const client = await createClient(emu.davinciConfig({ protect: emu.protect, webauthn: waitingWebAuthn().option }));
  assert.equal(await client.autofill(), null);
  const starting = client.start();
  await assert.rejects(client.autofill(), (err) => err.code === 'busy');
  expectDaVinciForm(await starting, 'Sign On');
});
