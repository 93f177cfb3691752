// Passkeys through the bridge against the emulator's WebAuthn relying party (go-webauthn): the
// software authenticator is the client's `webauthn` option, as navigator.credentials is in a
// page. Flows API: user.passkey's FIDO2 device (ASSERTION_REQUIRED, its preloaded credential).
// DaVinci: "Set up a passkey" after a password sign-on, "Sign in with a passkey" in a fresh
// client, the preloaded credential, a passkey as the second factor. Cancelled and unsupported
// ceremonies come back as steps, and the other ways on still work.
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { createClient } from '../pingflow.node.js';
import { startEmulator } from './support/emulator.js';
import { SoftwareAuthenticator, unb64url } from './support/authenticator.js';
import { expectForm, expectDaVinciForm, expectSuccess, actionOf, declinePasskeyOffer } from './support/flow.js';

let emu;
before(async () => { emu = await startEmulator(); });
after(() => emu?.stop());
beforeEach(() => emu.reset());

/** An authenticator on the page's origin holding user.passkey's preloaded credential. */
function demoAuthenticator() {
  const auth = new SoftwareAuthenticator({ origin: emu.localOrigin });
  const pk = emu.demoPasskey;
  auth.addCredential({ id: pk.credentialId, rpId: pk.rpId, privateKey: pk.privateKey, userHandle: pk.userHandle, signCount: pk.signCount });
  return auth;
}

/** user.passkey signed on with its password: the ASSERTION_REQUIRED step. */
async function toAssertion(client) {
  expectForm(await client.start(), 'USERNAME_PASSWORD_REQUIRED');
  return expectForm(await client.submit('usernamePassword.check', { username: 'user.passkey', password: 'Pingflow1!' }),
    'ASSERTION_REQUIRED', 'assertion.check');
}

test('Flows API: password, then the FIDO2 device through ASSERTION_REQUIRED with the preloaded credential', async () => {
  const auth = demoAuthenticator();
  const client = await createClient(emu.clientConfig({ webauthn: auth.option }));
  const { step } = await toAssertion(client);
  assert.equal(step.key, 'passkey');
  const check = actionOf(step, 'assertion.check');
  assert.equal(check.role, 'passkey');
  assert.equal(check.ceremony, 'webauthn.get');
  assert.equal(step.actions[0].name, 'assertion.check', 'the passkey is the main action');
  assert.equal(actionOf(step, 'device.select').role, 'change-device');
  assert.equal(step.selectedDevice?.key ?? step.devices.find((d) => d.type === 'FIDO2').key, 'passkey');
  assert.deepEqual(step.devices.map((d) => d.key).sort(), ['email', 'passkey']);

  const tokens = expectSuccess(await client.submit('assertion.check'));
  assert.equal(tokens.claims.preferred_username, 'user.passkey');

  const [request] = auth.requests;
  assert.equal(request.kind, 'get');
  assert.equal(request.mediation, undefined);
  assert.equal(request.publicKey.rpId, 'localhost');
  assert.match(request.publicKey.challenge, /^[\w-]{43}$/, 'a 32-byte challenge as base64url');
  assert.deepEqual(request.publicKey.allowCredentials.map((c) => c.id), [emu.demoPasskey.credentialId]);
  assert.equal(auth.credentials[0].signCount, 1, 'one signature');
});

test('Flows API: a cancelled ceremony is the same step with webauthn_cancelled; trying again works', async () => {
  const auth = demoAuthenticator();
  const client = await createClient(emu.clientConfig({ webauthn: auth.option }));
  await toAssertion(client);
  auth.failNext('NotAllowedError');
  const cancelled = expectForm(await client.submit('assertion.check'), 'ASSERTION_REQUIRED', 'assertion.check');
  const { error } = cancelled.step;
  assert.equal(error.code, 'webauthn_cancelled');
  assert.equal(error.class, 'fix-and-resubmit');
  assert.equal(error.details[0].code, 'NotAllowedError');
  assert.ok(error.message, 'a message for the page');
  expectSuccess(await client.submit('assertion.check'));
});

test('Flows API: a wrong credential is the server\'s error on the step', async () => {
  const stranger = new SoftwareAuthenticator({ origin: emu.localOrigin });
  const pk = emu.demoPasskey;
  // The right credential id with another key: the emulator's signature check refuses it.
  const other = new SoftwareAuthenticator({ origin: emu.localOrigin });
  await other.create({ publicKey: { challenge: 'AA', rp: { id: 'localhost', name: 'x' }, user: { id: 'AQ', name: 'x', displayName: 'x' }, pubKeyCredParams: [{ type: 'public-key', alg: -7 }] } });
  stranger.addCredential({ id: pk.credentialId, rpId: 'localhost', privateKey: other.credentials[0].privateKey, userHandle: pk.userHandle });
  const client = await createClient(emu.clientConfig({ webauthn: stranger.option }));
  await toAssertion(client);
  const refused = expectForm(await client.submit('assertion.check'), 'ASSERTION_REQUIRED');
  assert.equal(refused.step.error.httpStatus, 400);
  assert.equal(refused.step.error.class, 'fix-and-resubmit');
});

test('Flows API without WebAuthn: webauthn_unsupported, then the email device instead', async () => {
  const client = await createClient(emu.clientConfig()); // Node: no navigator.credentials, no option
  assert.deepEqual(await client.capabilities(), { webauthn: false, conditional: false, platformAuthenticator: false });
  const { step } = await toAssertion(client);
  const unsupported = expectForm(await client.submit('assertion.check'), 'ASSERTION_REQUIRED');
  assert.equal(unsupported.step.error.code, 'webauthn_unsupported');
  assert.equal(unsupported.step.error.details[0].code, 'NotSupportedError');
  const email = step.devices.find((d) => d.key === 'email');
  expectForm(await client.submit('device.select', { device: email.id }), 'OTP_REQUIRED', 'otp.check');
  const { code } = await emu.latest('user.passkey', 'otp');
  expectSuccess(await client.submit('otp.check', { otp: code }));
});

test('DaVinci: "Set up a passkey" after a password sign-on, then "Sign in with a passkey" in a fresh client', async () => {
  const auth = new SoftwareAuthenticator({ origin: emu.localOrigin });
  const config = emu.davinciConfig({ protect: emu.protect, webauthn: auth.option });
  const first = await createClient(config);
  expectDaVinciForm(await first.start(), 'Sign On');
  const offer = expectDaVinciForm(await first.submit('SIGNON', { username: 'user.password', password: 'Pingflow1!' }), 'Set Up a Passkey', 'passkey');
  assert.equal(actionOf(offer.step, 'passkey').label, 'Set up a passkey');
  const signedOn = expectSuccess(await first.submit('passkey'));
  assert.equal(signedOn.claims.preferred_username, 'user.password');

  const [create] = auth.requests;
  assert.equal(create.kind, 'create');
  assert.equal(create.publicKey.rp.id, 'localhost');
  assert.deepEqual([...unb64url(create.publicKey.user.id)],
    [0x9b, 0xa7, 0x42, 0xde, 0x22, 0x67, 0x4e, 0xf5, 0xb5, 0x47, 0x4d, 0x0a, 0xa4, 0x4a, 0x5a, 0x89],
    'DaVinci\'s byte array user id arrives as base64url');
  assert.equal(create.publicKey.user.name, 'user.password');
  assert.match(create.publicKey.challenge, /^[\w-]{43}$/);
  assert.equal(auth.credentials.length, 1, 'the authenticator holds the new passkey');

  // A fresh client (its own cookies: no session to reuse) signs in with the passkey alone.
  const second = await createClient(config);
  const signOn = expectDaVinciForm(await second.start(), 'Sign On', 'passkey');
  const passkey = actionOf(signOn.step, 'passkey');
  assert.equal(passkey.label, 'Sign in with a passkey');
  assert.equal(passkey.conditional, true);
  const tokens = expectSuccess(await second.submit('passkey'));
  assert.equal(tokens.claims.preferred_username, 'user.password');
  assert.deepEqual(tokens.claims.amr, ['hwk']);
  const get = auth.requests[1];
  assert.deepEqual(get.publicKey.allowCredentials, [], 'discoverable: the credential names the user');
  assert.equal(auth.credentials[0].signCount, 1);
});

test('DaVinci: the preloaded credential signs user.passkey in, and is its second factor after a password', async () => {
  const auth = demoAuthenticator();
  const config = emu.davinciConfig({ protect: emu.protect, webauthn: auth.option });
  let client = await createClient(config);
  expectDaVinciForm(await client.start(), 'Sign On');
  assert.equal(expectSuccess(await client.submit('passkey')).claims.preferred_username, 'user.passkey');

  client = await createClient(config);
  expectDaVinciForm(await client.start(), 'Sign On');
  const choice = expectDaVinciForm(await client.submit('SIGNON', { username: 'user.passkey', password: 'Pingflow1!' }), 'Choose a Device', 'SUBMIT');
  const fido = actionOf(choice.step, 'SUBMIT').fields[0].options.find((o) => o.type === 'FIDO2');
  assert.equal(fido.key, 'passkey');
  const verify = expectDaVinciForm(await client.submit('SUBMIT', { device: fido.value }), 'Verify With Your Passkey', 'passkey');
  assert.equal(actionOf(verify.step, 'passkey').conditional, undefined, 'a named credential is no autofill');
  const tokens = expectSuccess(await declinePasskeyOffer(client, await client.submit('passkey')));
  assert.deepEqual(tokens.claims.amr, ['pwd', 'hwk', 'mfa']);
  assert.deepEqual(auth.requests.at(-1).publicKey.allowCredentials.map((c) => c.id), [emu.demoPasskey.credentialId]);
});

test('DaVinci: a cancelled "Sign in with a passkey" leaves the Sign On form with a message, and the password works', async () => {
  const auth = demoAuthenticator();
  const client = await createClient(emu.davinciConfig({ protect: emu.protect, webauthn: auth.option }));
  expectDaVinciForm(await client.start(), 'Sign On');
  auth.failNext('NotAllowedError');
  const cancelled = expectDaVinciForm(await client.submit('passkey'), 'Sign On', 'SIGNON');
  assert.ok(cancelled.step.error, 'the form says what happened');
  assert.match(cancelled.step.error.message, /passkey/i);
  assert.equal(cancelled.step.error.class, 'fix-and-resubmit');
  const tokens = expectSuccess(await declinePasskeyOffer(client,
    await client.submit('SIGNON', { username: 'user.password', password: 'Pingflow1!' })));
  assert.equal(tokens.claims.preferred_username, 'user.password');
});

test('DaVinci: a cancelled "Set up a passkey" keeps the offer, and "Not now" goes on', async () => {
  const auth = new SoftwareAuthenticator({ origin: emu.localOrigin });
  const client = await createClient(emu.davinciConfig({ protect: emu.protect, webauthn: auth.option }));
  expectDaVinciForm(await client.start(), 'Sign On');
  expectDaVinciForm(await client.submit('SIGNON', { username: 'user.password', password: 'Pingflow1!' }), 'Set Up a Passkey');
  auth.failNext('AbortError', 'the person closed the dialog');
  const again = expectDaVinciForm(await client.submit('passkey'), 'Set Up a Passkey', 'NOT_NOW');
  assert.match(again.step.error.message, /passkey/i);
  assert.equal(auth.credentials.length, 0);
  expectSuccess(await client.submit('NOT_NOW'));
});
