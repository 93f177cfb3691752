// DaVinci flows (the emulator's DaVinci application) through the bridge: the same client and
// the same Step model as the Flows API, with forms told apart by their titles. The clients give
// Protect signals (the emulator's sign-on steps up to an email code without them) and decline
// the passkey offer that follows a password sign-on; ceremonies.test.js covers both.
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { createClient } from '../pingflow.node.js';
import { startEmulator } from './support/emulator.js';
import { expectDaVinciForm, expectSuccess, actionOf, declinePasskeyOffer } from './support/flow.js';

let emu;
before(async () => { emu = await startEmulator(); });
after(() => emu?.stop());
beforeEach(() => emu.reset());

const NEW_PASSWORD = 'Fresh-Start-42';

test('DaVinci sign-in: the Sign On form, then tokens for the DaVinci application', async () => {
  const client = await createClient(emu.davinciConfig({ protect: emu.protect }));
  const first = expectDaVinciForm(await client.start(), 'Sign On', 'SIGNON');
  const { step } = first;
  assert.equal(step.description, 'Sign on with your username and password.');
  const idp = emu.demo.identityProviders[0].id;
  assert.deepEqual(step.actions.map((a) => [a.name, a.event, Boolean(a.link), a.role, a.ceremony]),
    [['SIGNON', 'submit', false, 'primary', undefined], ['passkey', 'submit', false, 'passkey', 'webauthn.get'],
      [idp, undefined, false, 'social', 'navigate'], ['PHONE', 'action', false, 'alternative', undefined],
      ['TROUBLE', 'action', false, 'alternative', undefined], ['REGISTER', 'action', true, 'alternative', undefined]],
    'the submit button first, then the passkey and social buttons, the flow buttons and the flow link');
  assert.equal(step.key, 'form');
  assert.deepEqual(actionOf(step, 'SIGNON').fields.map((f) => [f.key, f.type, f.autocomplete]),
    [['username', 'text', 'username webauthn'], ['password', 'password', 'current-password']],
    'the username field offers passkey autofill');
  assert.deepEqual(actionOf(step, 'TROUBLE').fields, [], 'a flow button carries no fields');

  const offer = expectDaVinciForm(await client.submit('SIGNON', { username: 'user.password', password: 'Pingflow1!' }), 'Set Up a Passkey');
  assert.deepEqual(offer.step.actions.map((a) => [a.name, a.role, a.ceremony]),
    [['passkey', 'passkey', 'webauthn.create'], ['NOT_NOW', 'alternative', undefined]]);
  const tokens = expectSuccess(await client.submit('NOT_NOW'));
  const davinci = emu.demo.apps.find((a) => a.kind === 'davinci');
  assert.equal(tokens.claims.aud, davinci.clientId);
  assert.equal(tokens.claims.acr, davinci.policy, 'acr is the DaVinci flow policy');
  assert.equal(tokens.claims.preferred_username, 'user.password');
  assert.deepEqual(tokens.claims.amr, ['pwd']);
});

test('DaVinci wrong password: the same form with the error on the password field, then the right one', async () => {
  const client = await createClient(emu.davinciConfig({ protect: emu.protect }));
  expectDaVinciForm(await client.start(), 'Sign On');
  const wrong = expectDaVinciForm(await client.submit('SIGNON', { username: 'user.password', password: 'Not-The-Passw0rd' }), 'Sign On', 'SIGNON');
  const { error } = wrong.step;
  assert.equal(error.code, 'invalid_credentials');
  assert.equal(error.class, 'fix-and-resubmit');
  assert.equal(error.httpStatus, 400);
  assert.equal(error.details.length, 1);
  assert.equal(error.details[0].target, 'password');
  assert.equal(error.details[0].failuresRemaining, 4, 'PingOne counts down the attempts left');
  const [username, password] = actionOf(wrong.step, 'SIGNON').fields;
  assert.deepEqual(username.errors ?? [], []);
  assert.deepEqual(password.errors, ['The provided password did not match provisioned password']);

  const again = expectDaVinciForm(await client.submit('SIGNON', { username: 'user.password', password: 'Still-Wr0ng!' }), 'Sign On');
  assert.equal(again.step.error.details[0].failuresRemaining, 3);
  const tokens = expectSuccess(await declinePasskeyOffer(client, await client.submit('SIGNON', { username: 'user.password', password: 'Pingflow1!' })));
  assert.equal(tokens.claims.preferred_username, 'user.password');
});

test('DaVinci registration: the link, the checks on the form, then the verification code from the inbox', async () => {
  const client = await createClient(emu.davinciConfig({ protect: emu.protect }));
  expectDaVinciForm(await client.start(), 'Sign On');
  const form = expectDaVinciForm(await client.submit('REGISTER'), 'Registration', 'SUBMIT');
  const register = actionOf(form.step, 'SUBMIT');
  assert.deepEqual(register.fields.map((f) => [f.key, f.type, Boolean(f.required)]),
    [['username', 'text', true], ['email', 'email', true], ['password', 'new-password', true], ['agreement', 'boolean', true]]);
  const password = register.fields[2];
  assert.equal(password.verify, true, 'PASSWORD_VERIFY asks for the password twice');
  assert.equal(password.policy.minLength, 8, 'the password policy comes with the field');
  assert.ok(register.fields[1].pattern, 'the email field carries its regular expression');
  const [terms] = form.step.content;
  assert.equal(terms.type, 'rich-text');
  const link = terms.parts.find((p) => p.href);
  assert.equal(link.text, 'terms of use');
  assert.equal(link.href, `${emu.base}/_emulator/terms`);
  assert.equal(link.target, '_blank');

  const username = 'dv.person';
  const good = { username, email: `${username}@example.com`, password: NEW_PASSWORD, agreement: true };

  // Checked before anything is sent: the agreement, the email pattern, the password policy.
  const unchecked = expectDaVinciForm(await client.submit('SUBMIT', { ...good, agreement: false }), 'Registration');
  assert.equal(unchecked.step.error.code, 'missing_field');
  assert.ok(actionOf(unchecked.step, 'SUBMIT').fields[3].errors.length > 0, 'the error sits on the agreement checkbox');
  const badEmail = expectDaVinciForm(await client.submit('SUBMIT', { ...good, email: 'not an email' }), 'Registration');
  assert.equal(badEmail.step.error.code, 'invalid_input');
  assert.deepEqual(actionOf(badEmail.step, 'SUBMIT').fields[1].errors, ['Enter a valid email address.']);
  const weak = expectDaVinciForm(await client.submit('SUBMIT', { ...good, password: 'short' }), 'Registration');
  assert.equal(weak.step.error.code, 'password_policy');
  assert.ok(weak.step.error.details[0].unsatisfiedRequirements.includes('length'));

  // The server's check: a taken username.
  const taken = expectDaVinciForm(await client.submit('SUBMIT', { ...good, username: 'user.password' }), 'Registration');
  assert.equal(taken.step.error.code, 'already_exists');

  const verify = expectDaVinciForm(await client.submit('SUBMIT', good), 'Verify Email', 'SUBMIT');
  assert.match(verify.step.description, /d\*+@example\.com/, 'the masked address');
  const wrongCode = expectDaVinciForm(await client.submit('SUBMIT', { verificationCode: 'WRONG123' }), 'Verify Email');
  assert.equal(wrongCode.step.error.class, 'fix-and-resubmit');
  assert.ok(actionOf(wrongCode.step, 'SUBMIT').fields[0].errors.length > 0);

  const { code } = await emu.latest(username, 'verification');
  const tokens = expectSuccess(await client.submit('SUBMIT', { verificationCode: code }));
  assert.equal(tokens.claims.preferred_username, username);
  assert.equal(tokens.claims.email, good.email);
});

test('DaVinci trouble signing on: recovery code from the inbox, a new password, then sign in with it', async () => {
  const client = await createClient(emu.davinciConfig({ protect: emu.protect }));
  expectDaVinciForm(await client.start(), 'Sign On');
  const trouble = expectDaVinciForm(await client.submit('TROUBLE'), 'Trouble Signing On', 'SUBMIT');
  assert.ok(trouble.step.actions.some((a) => a.name === 'BACK' && a.event === 'action'));
  const reset = expectDaVinciForm(await client.submit('SUBMIT', { username: 'user.password' }), 'Reset Password', 'SUBMIT');
  const [codeField, newPassword] = actionOf(reset.step, 'SUBMIT').fields;
  assert.equal(codeField.type, 'code');
  assert.equal(newPassword.type, 'new-password');
  assert.equal(newPassword.verify, true);

  const wrong = expectDaVinciForm(await client.submit('SUBMIT', { recoveryCode: 'NOPE1234', newPassword: NEW_PASSWORD }), 'Reset Password');
  assert.ok(actionOf(wrong.step, 'SUBMIT').fields[0].errors.length > 0, 'a wrong recovery code is the code field\'s error');

  const { code } = await emu.latest('user.password', 'recovery');
  const signOn = expectDaVinciForm(await client.submit('SUBMIT', { recoveryCode: code, newPassword: NEW_PASSWORD }), 'Sign On', 'SIGNON');
  assert.equal(actionOf(signOn.step, 'SIGNON').fields[0].value, 'user.password', 'the username comes back filled in');
  assert.match(signOn.step.content[0].text, /password has been changed/);
  assert.equal(await emu.password('user.password'), NEW_PASSWORD);

  // The prefilled username is sent when the input leaves it out.
  const tokens = expectSuccess(await declinePasskeyOffer(client, await client.submit('SIGNON', { password: NEW_PASSWORD })));
  assert.equal(tokens.claims.preferred_username, 'user.password');
});
