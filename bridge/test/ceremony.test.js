// The ceremony code on its own: base64url, the browser path (JSON options → what
// navigator.credentials takes, the credential → its toJSON() shape, without and with the
// browser's own helpers), error results, Protect's bounds, feature detection. The browser's
// credential objects are made from the software authenticator's real output, turned into
// ArrayBuffers the way a browser hands them over.
import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import {
  toBase64url, fromBase64url, webauthnSource, performWebAuthn, performProtect, passkeySupport,
  credentialToJSON, carriesReturn,
} from '../src/ceremony.js';
import { Cancelled } from '../src/errors.js';
import { SoftwareAuthenticator, b64url, unb64url, cborDecode } from './support/authenticator.js';

const origin = 'https://app.example.com';
const buf = (text) => { const b = unb64url(text); return b.buffer.slice(b.byteOffset, b.byteOffset + b.length); };
const hex = (ab) => Buffer.from(ab).toString('hex');

/** What a browser returns: ArrayBuffers and methods, no toJSON (older browsers). */
function asBrowserCredential(json) {
  const r = json.response;
  const response = r.attestationObject
    ? {
      clientDataJSON: buf(r.clientDataJSON), attestationObject: buf(r.attestationObject),
      getTransports: () => r.transports, getAuthenticatorData: () => buf(r.authenticatorData),
      getPublicKeyAlgorithm: () => r.publicKeyAlgorithm, getPublicKey: () => buf(r.publicKey),
    }
    : {
      clientDataJSON: buf(r.clientDataJSON), authenticatorData: buf(r.authenticatorData), signature: buf(r.signature),
      userHandle: r.userHandle ? buf(r.userHandle) : null,
    };
  return {
    id: json.id, rawId: buf(json.rawId), type: json.type, authenticatorAttachment: json.authenticatorAttachment,
    response, getClientExtensionResults: () => json.clientExtensionResults,
  };
}

/** Installs a browser-like navigator.credentials backed by the authenticator; returns what it saw. */
function installBrowser(authenticator, { withJSONHelpers = false } = {}) {
  const seen = [];
  const toJSONOptions = (o) => ({
    ...o, challenge: b64url(Buffer.from(o.challenge)),
    ...(o.allowCredentials && { allowCredentials: o.allowCredentials.map((c) => ({ ...c, id: b64url(Buffer.from(c.id)) })) }),
    ...(o.excludeCredentials && { excludeCredentials: o.excludeCredentials.map((c) => ({ ...c, id: b64url(Buffer.from(c.id)) })) }),
    ...(o.user && { user: { ...o.user, id: b64url(Buffer.from(o.user.id)) } }),
  });
  const PKC = function PublicKeyCredential() {};
  PKC.isConditionalMediationAvailable = async () => true;
  PKC.isUserVerifyingPlatformAuthenticatorAvailable = async () => false;
  if (withJSONHelpers) {
    PKC.parseRequestOptionsFromJSON = (json) => ({ parsedBy: 'browser', ...json, challenge: buf(json.challenge) });
    PKC.parseCreationOptionsFromJSON = (json) => ({ parsedBy: 'browser', ...json, challenge: buf(json.challenge), user: { ...json.user, id: buf(json.user.id) } });
  }
  globalThis.PublicKeyCredential = PKC;
  globalThis.location = { origin };
  globalThis.navigator = {
    credentials: {
      get: async (options) => {
        seen.push(options);
        const json = await authenticator.get({ ...options, publicKey: toJSONOptions(options.publicKey) });
        const cred = asBrowserCredential(json);
        if (withJSONHelpers) cred.toJSON = () => json;
        return cred;
      },
      create: async (options) => {
        seen.push(options);
        return asBrowserCredential(await authenticator.create({ ...options, publicKey: toJSONOptions(options.publicKey) }));
      },
    },
  };
  return seen;
}

afterEach(() => {
  delete globalThis.PublicKeyCredential;
  delete globalThis.location;
  delete globalThis.navigator;
});

const signal = () => new AbortController().signal;
const requestOptions = (extra = {}) => ({ challenge: b64url(Buffer.from('challenge-bytes-0123456789abcdef')), rpId: 'app.example.com', userVerification: 'preferred', timeout: 60000, ...extra });
const creationOptions = () => ({
  challenge: b64url(Buffer.from('another-challenge')), rp: { id: 'app.example.com', name: 'App' },
  user: { id: b64url(Buffer.from([1, 2, 3, 250, 251])), name: 'user.password', displayName: 'User' },
  pubKeyCredParams: [{ type: 'public-key', alg: -7 }], excludeCredentials: [], authenticatorSelection: { residentKey: 'required' },
});

test('base64url round-trips any bytes, without padding, and reads padded base64 too', () => {
  for (const n of [0, 1, 2, 3, 31, 32, 33, 70000]) {
    const bytes = new Uint8Array(n).map((_, i) => (i * 7 + 3) & 255);
    const text = toBase64url(bytes);
    assert.doesNotMatch(text, /[+/=]/);
    assert.equal(text, Buffer.from(bytes).toString('base64url'));
    assert.equal(hex(fromBase64url(text)), Buffer.from(bytes).toString('hex'));
  }
  assert.equal(hex(fromBase64url('+/8=')), 'fbff');
  assert.throws(() => fromBase64url(42), TypeError);
});

test('a browser without toJSON: binaries become ArrayBuffers, the assertion comes back in toJSON() shape with the page origin', async () => {
  const auth = new SoftwareAuthenticator({ origin });
  const created = await auth.create({ publicKey: creationOptions() });
  const seen = installBrowser(auth);
  const allow = [{ type: 'public-key', id: created.id, transports: ['internal'] }];
  const result = await performWebAuthn(webauthnSource(undefined), { kind: 'webauthn.get', publicKey: requestOptions({ allowCredentials: allow }), mediation: 'conditional' }, signal());

  const [options] = seen;
  assert.ok(options.publicKey.challenge instanceof ArrayBuffer);
  assert.equal(Buffer.from(options.publicKey.challenge).toString(), 'challenge-bytes-0123456789abcdef');
  assert.ok(options.publicKey.allowCredentials[0].id instanceof ArrayBuffer);
  assert.equal(b64url(Buffer.from(options.publicKey.allowCredentials[0].id)), created.id);
  assert.equal(options.mediation, 'conditional');
  assert.ok(options.signal instanceof AbortSignal, 'the request can be aborted');

  assert.equal(result.origin, origin);
  const c = result.credential;
  assert.deepEqual(Object.keys(c).sort(), ['authenticatorAttachment', 'clientExtensionResults', 'id', 'rawId', 'response', 'type']);
  assert.equal(c.rawId, created.id);
  assert.deepEqual(Object.keys(c.response).sort(), ['authenticatorData', 'clientDataJSON', 'signature', 'userHandle']);
  assert.equal(c.response.userHandle, b64url(Buffer.from([1, 2, 3, 250, 251])));
  const clientData = JSON.parse(unb64url(c.response.clientDataJSON));
  assert.equal(clientData.challenge, requestOptions().challenge);
  assert.equal(unb64url(c.response.authenticatorData)[32] & 0x05, 0x05, 'UP and UV');
});

test('a browser without toJSON: a new credential comes back with its attestation object, transports and key', async () => {
  const auth = new SoftwareAuthenticator({ origin });
  const seen = installBrowser(auth);
  const result = await performWebAuthn(webauthnSource(undefined), { kind: 'webauthn.create', publicKey: creationOptions() }, signal());
  assert.ok(seen[0].publicKey.user.id instanceof ArrayBuffer);
  assert.deepEqual([...new Uint8Array(seen[0].publicKey.user.id)], [1, 2, 3, 250, 251]);
  assert.equal(seen[0].mediation, undefined);
  const r = result.credential.response;
  assert.deepEqual(r.transports, ['internal']);
  assert.equal(r.publicKeyAlgorithm, -7);
  const [att] = cborDecode(unb64url(r.attestationObject));
  assert.equal(att.get('fmt'), 'none');
  assert.equal(b64url(att.get('authData')), r.authenticatorData);
  assert.equal(att.get('authData')[32] & 0x41, 0x41, 'UP and AT');
  assert.deepEqual(result.credential.clientExtensionResults, { credProps: { rk: true } });
  assert.equal(result.origin, origin);
});

test("the browser's own parse…FromJSON and toJSON are used when it has them", async () => {
  const auth = new SoftwareAuthenticator({ origin });
  const created = await auth.create({ publicKey: creationOptions() });
  const seen = installBrowser(auth, { withJSONHelpers: true });
  const result = await performWebAuthn(webauthnSource(undefined), { kind: 'webauthn.get', publicKey: requestOptions() }, signal());
  assert.equal(seen[0].publicKey.parsedBy, 'browser');
  assert.equal(result.credential.id, created.id);
});

test('a credential given in JSON form is kept; one with toJSON is asked for it', () => {
  const json = { id: 'a', rawId: 'a', type: 'public-key', response: { clientDataJSON: 'e30' }, clientExtensionResults: {} };
  assert.equal(credentialToJSON(json), json);
  assert.equal(credentialToJSON({ rawId: new ArrayBuffer(1), toJSON: () => json }), json);
  assert.throws(() => credentialToJSON(null), TypeError);
});

test('failures are values: the DOMException name, NotSupportedError without WebAuthn, UnknownError for anything else', async () => {
  const ceremony = { kind: 'webauthn.get', publicKey: requestOptions() };
  assert.equal((await performWebAuthn(webauthnSource(undefined), ceremony, signal())).error, 'NotSupportedError');

  const auth = new SoftwareAuthenticator({ origin });
  installBrowser(auth);
  auth.failNext('NotAllowedError', 'cancelled by the person');
  assert.deepEqual(await performWebAuthn(webauthnSource(undefined), ceremony, signal()), { error: 'NotAllowedError', message: 'cancelled by the person' });
  assert.equal((await performWebAuthn(webauthnSource(undefined), ceremony, signal())).error, 'NotAllowedError', 'no credential for the RP');

  const option = { get: async () => { throw new Error('broken wrapper'); } };
  assert.deepEqual(await performWebAuthn(webauthnSource(option), ceremony, signal()), { error: 'UnknownError', message: 'broken wrapper' });
  assert.equal((await performWebAuthn(webauthnSource(option), { kind: 'webauthn.create', publicKey: creationOptions() }, signal())).error,
    'NotSupportedError', 'an option without create() cannot create');
  const wrong = { get: async () => null };
  assert.equal((await performWebAuthn(webauthnSource(wrong), ceremony, signal())).error, 'UnknownError');
});

test('an aborted ceremony throws Cancelled (cancel()), and the option gets the signal', async () => {
  const controller = new AbortController();
  let got;
  const option = { get: (req) => { got = req; return new Promise((_, reject) => req.signal.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')))); } };
  const pending = performWebAuthn(webauthnSource(option), { kind: 'webauthn.get', publicKey: requestOptions(), mediation: 'conditional' }, controller.signal);
  await new Promise((r) => setImmediate(r));
  assert.equal(got.mediation, 'conditional');
  assert.deepEqual(got.publicKey, requestOptions(), 'the option sees the JSON options');
  controller.abort();
  await assert.rejects(pending, Cancelled);
});

test('without location (Node), the origin is the one the authenticator signed', async () => {
  const auth = new SoftwareAuthenticator({ origin: 'http://localhost:1234' });
  await auth.create({ publicKey: { ...creationOptions(), rp: { id: 'localhost', name: 'x' } } });
  const result = await performWebAuthn(webauthnSource(auth.option), { kind: 'webauthn.get', publicKey: requestOptions({ rpId: 'localhost' }) }, signal());
  assert.equal(result.origin, 'http://localhost:1234');
});

test('protect: signals, a missing option, a throw, a wrong type, a timeout, a cancel', async () => {
  const req = { behavioralDataCollection: true, universalDeviceIdentification: false };
  let asked;
  assert.deepEqual(await performProtect(async (s) => { asked = s; return 'signals-data'; }, req, 1000, signal()), { signals: 'signals-data' });
  assert.deepEqual(asked, req);
  assert.equal((await performProtect(undefined, req, 1000, signal())).error, 'NotSupportedError');
  assert.deepEqual(await performProtect(() => { throw new TypeError('no SDK'); }, req, 1000, signal()), { error: 'TypeError', message: 'no SDK' });
  assert.equal((await performProtect(async () => 42, req, 1000, signal())).error, 'UnknownError');
  const slow = await performProtect(() => new Promise(() => {}), req, 30, signal());
  assert.equal(slow.error, 'TimeoutError');
  const controller = new AbortController();
  const pending = performProtect(() => new Promise(() => {}), req, 10000, controller.signal);
  controller.abort();
  await assert.rejects(pending, Cancelled);
});

test('passkeySupport: nothing in Node, the browser\'s answers, the option\'s answers', async () => {
  assert.deepEqual(await passkeySupport(), { webauthn: false, conditional: false, platformAuthenticator: false });
  installBrowser(new SoftwareAuthenticator({ origin }));
  assert.deepEqual(await passkeySupport(), { webauthn: true, conditional: true, platformAuthenticator: false });
  globalThis.PublicKeyCredential.getClientCapabilities = async () => ({ conditionalGet: false, userVerifyingPlatformAuthenticator: true });
  assert.deepEqual(await passkeySupport(), { webauthn: true, conditional: false, platformAuthenticator: true });
  const auth = new SoftwareAuthenticator({ origin });
  assert.deepEqual(await passkeySupport({ webauthn: auth.option }), { webauthn: true, conditional: true, platformAuthenticator: true });
  assert.deepEqual(await passkeySupport({ webauthn: { create: async () => ({}) } }), { webauthn: true, conditional: false, platformAuthenticator: false });
});

test('an external return is told by flowId, continueToken or error in the URL', () => {
  assert.ok(carriesReturn('https://app/callback?flowId=f'));
  assert.ok(carriesReturn('https://app/?continueToken=t'));
  assert.ok(carriesReturn('https://app/?error=access_denied'));
  assert.ok(!carriesReturn('https://app/'));
  assert.ok(!carriesReturn('not a url'));
});
