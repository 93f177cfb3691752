import { Cancelled } from './errors.js';

// Ceremonies: what the engine asks the browser itself to do (a ceremony effect), performed
// here and handed back to the engine's resolve as a CeremonyResult:
//   webauthn.get / webauthn.create → {credential: <PublicKeyCredential.toJSON() shape>, origin}
//   protect                        → {signals}
//   any failure                    → {error: <DOMException name>, message}
// A failure is a value: the engine turns it into a step error (Flows API) or the request
// DaVinci expects. Only cancel() interrupts a ceremony (Cancelled), like any other call.

// ---- base64url ----

function bytesOf(data) {
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  throw new TypeError('expected an ArrayBuffer or a typed array');
}

/** base64url without padding, as WebAuthn's JSON forms use. */
export function toBase64url(data) {
  const bytes = bytesOf(data);
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** The bytes of a base64url (or base64) string, as an ArrayBuffer. */
export function fromBase64url(text) {
  if (typeof text !== 'string') throw new TypeError(`expected a base64url string, not ${typeof text}`);
  const b64 = text.replace(/-/g, '+').replace(/_/g, '/');
  const bin = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out.buffer;
}

// ---- options: JSON form → what navigator.credentials takes ----

const withId = (list) => list?.map((c) => ({ ...c, id: fromBase64url(c.id) }));

/** PublicKeyCredentialRequestOptionsJSON → PublicKeyCredentialRequestOptions. */
export function requestOptionsFromJSON(json) {
  const PKC = globalThis.PublicKeyCredential;
  if (typeof PKC?.parseRequestOptionsFromJSON === 'function') return PKC.parseRequestOptionsFromJSON(json);
  const out = { ...json, challenge: fromBase64url(json.challenge) };
  if (json.allowCredentials) out.allowCredentials = withId(json.allowCredentials);
  return out;
}

/** PublicKeyCredentialCreationOptionsJSON → PublicKeyCredentialCreationOptions. */
export function creationOptionsFromJSON(json) {
  const PKC = globalThis.PublicKeyCredential;
  if (typeof PKC?.parseCreationOptionsFromJSON === 'function') return PKC.parseCreationOptionsFromJSON(json);
  const out = { ...json, challenge: fromBase64url(json.challenge), user: { ...json.user, id: fromBase64url(json.user.id) } };
  if (json.excludeCredentials) out.excludeCredentials = withId(json.excludeCredentials);
  return out;
}

// ---- credential → its JSON form ----

/** Extension outputs with every binary value as base64url (prf, largeBlob...). */
function extensionsJSON(value) {
  if (value instanceof ArrayBuffer || ArrayBuffer.isView(value)) return toBase64url(value);
  if (Array.isArray(value)) return value.map(extensionsJSON);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, extensionsJSON(v)]));
  }
  return value;
}

const optional = (fn) => {
  try {
    return fn();
  } catch {
    return undefined;
  }
};

/**
 * The PublicKeyCredential.toJSON() shape of a credential: credential.toJSON() where the browser
 * has it, the same built by hand elsewhere. A credential already in JSON form (from a webauthn
 * option) is returned as it is.
 */
export function credentialToJSON(cred) {
  if (!cred || typeof cred !== 'object') throw new TypeError(`expected a credential, not ${cred === null ? 'null' : typeof cred}`);
  if (typeof cred.rawId === 'string') return cred; // JSON form already
  if (typeof cred.toJSON === 'function') {
    const json = optional(() => cred.toJSON());
    if (json && typeof json.rawId === 'string') return json;
  }
  const r = cred.response;
  const out = {
    id: cred.id,
    rawId: toBase64url(cred.rawId),
    type: cred.type,
    authenticatorAttachment: cred.authenticatorAttachment ?? null,
    response: { clientDataJSON: toBase64url(r.clientDataJSON) },
    clientExtensionResults: extensionsJSON(optional(() => cred.getClientExtensionResults()) ?? {}),
  };
  if (r.attestationObject) {
    // AuthenticatorAttestationResponseJSON
    out.response.attestationObject = toBase64url(r.attestationObject);
    const authData = optional(() => r.getAuthenticatorData());
    if (authData) out.response.authenticatorData = toBase64url(authData);
    out.response.transports = optional(() => r.getTransports()) ?? [];
    const alg = optional(() => r.getPublicKeyAlgorithm());
    if (alg !== undefined) out.response.publicKeyAlgorithm = alg;
    const key = optional(() => r.getPublicKey());
    if (key) out.response.publicKey = toBase64url(key);
  } else {
    // AuthenticatorAssertionResponseJSON
    out.response.authenticatorData = toBase64url(r.authenticatorData);
    out.response.signature = toBase64url(r.signature);
    if (r.userHandle) out.response.userHandle = toBase64url(r.userHandle);
  }
  return out;
}

/** The origin the authenticator signed over (clientDataJSON.origin), for hosts without location. */
function clientDataOrigin(credential) {
  try {
    const bytes = new Uint8Array(fromBase64url(credential.response.clientDataJSON));
    return JSON.parse(new TextDecoder().decode(bytes)).origin;
  } catch {
    return undefined;
  }
}

// ---- errors ----

/** A thrown error as a CeremonyResult: its DOMException name (UnknownError for anything else). */
export function errorResult(err, fallback = 'UnknownError') {
  const name = typeof err?.name === 'string' && /^[A-Z][A-Za-z]*Error$/.test(err.name) && err.name !== 'Error' ? err.name : fallback;
  const message = typeof err?.message === 'string' ? err.message : String(err ?? '');
  return { error: name, message };
}

// ---- WebAuthn ----

/**
 * Where credentials come from: the client's webauthn option (Node, tests, wrappers) or the
 * browser's navigator.credentials. Both are used through the same two calls taking the JSON
 * options and returning the JSON credential.
 * @param {{get?: Function, create?: Function} | undefined} option
 */
export function webauthnSource(option) {
  if (option) {
    return {
      available: (kind) => typeof option[kind === 'webauthn.get' ? 'get' : 'create'] === 'function',
      call: (kind, request) => (kind === 'webauthn.get' ? option.get(request) : option.create(request)),
      native: false,
    };
  }
  const container = globalThis.navigator?.credentials;
  const supported = typeof globalThis.PublicKeyCredential === 'function' && typeof container?.get === 'function';
  return {
    available: () => supported,
    call: async (kind, { publicKey, mediation, signal }) => {
      const options = kind === 'webauthn.get'
        ? { publicKey: requestOptionsFromJSON(publicKey), signal }
        : { publicKey: creationOptionsFromJSON(publicKey), signal };
      if (mediation) options.mediation = mediation;
      const cred = kind === 'webauthn.get' ? await container.get(options) : await container.create(options);
      if (!cred) throw new DOMException('the browser returned no credential', 'NotAllowedError');
      return cred;
    },
    native: true,
  };
}

/**
 * Performs a webauthn.get / webauthn.create ceremony. Resolves with the CeremonyResult; throws
 * Cancelled only when signal (cancel()) aborted it.
 */
export async function performWebAuthn(source, ceremony, signal) {
  if (!source.available(ceremony.kind)) {
    return { error: 'NotSupportedError', message: 'WebAuthn is not available here (no navigator.credentials, and no webauthn option)' };
  }
  let returned;
  try {
    const request = { publicKey: ceremony.publicKey, signal };
    if (ceremony.mediation) request.mediation = ceremony.mediation;
    returned = await source.call(ceremony.kind, request);
  } catch (err) {
    if (signal.aborted) throw new Cancelled();
    return errorResult(err);
  }
  if (signal.aborted) throw new Cancelled();
  let credential;
  try {
    credential = credentialToJSON(returned);
  } catch (err) {
    return { error: 'UnknownError', message: `not a credential: ${err.message}` };
  }
  const origin = globalThis.location?.origin ?? clientDataOrigin(credential);
  return origin ? { credential, origin } : { credential };
}

/** Whether passkey autofill (conditional mediation) can be offered. */
export async function conditionalAvailable(option) {
  if (option) {
    if (typeof option.isConditionalMediationAvailable === 'function') return Boolean(await option.isConditionalMediationAvailable());
    return typeof option.get === 'function';
  }
  return (await passkeySupport()).conditional;
}

/**
 * What this browser (or the given webauthn option) offers: WebAuthn at all, passkey autofill
 * (conditional mediation), and a user-verifying platform authenticator (Touch ID, Windows
 * Hello, Android screen lock).
 * @param {{ webauthn?: object }} [opts]
 * @returns {Promise<{webauthn: boolean, conditional: boolean, platformAuthenticator: boolean}>}
 */
export async function passkeySupport(opts = {}) {
  const option = opts.webauthn;
  if (option) {
    const ask = async (fn, fallback) => (typeof option[fn] === 'function' ? Boolean(await option[fn]()) : fallback);
    return {
      webauthn: typeof option.get === 'function' || typeof option.create === 'function',
      conditional: await ask('isConditionalMediationAvailable', typeof option.get === 'function'),
      platformAuthenticator: await ask('isUserVerifyingPlatformAuthenticatorAvailable', false),
    };
  }
  const PKC = globalThis.PublicKeyCredential;
  if (typeof PKC !== 'function' || typeof globalThis.navigator?.credentials?.get !== 'function') {
    return { webauthn: false, conditional: false, platformAuthenticator: false };
  }
  const ask = async (fn) => {
    try {
      return typeof PKC[fn] === 'function' ? Boolean(await PKC[fn]()) : false;
    } catch {
      return false;
    }
  };
  if (typeof PKC.getClientCapabilities === 'function') {
    try {
      const caps = await PKC.getClientCapabilities();
      return {
        webauthn: true,
        conditional: Boolean(caps.conditionalGet ?? (await ask('isConditionalMediationAvailable'))),
        platformAuthenticator: Boolean(caps.userVerifyingPlatformAuthenticator
          ?? (await ask('isUserVerifyingPlatformAuthenticatorAvailable'))),
      };
    } catch {
      // fall through to the older feature tests
    }
  }
  return {
    webauthn: true,
    conditional: await ask('isConditionalMediationAvailable'),
    platformAuthenticator: await ask('isUserVerifyingPlatformAuthenticatorAvailable'),
  };
}

// ---- Protect ----

/**
 * Collects PingOne Protect signals with the client's protect option, bounded by timeoutMs.
 * Resolves with {signals} or an error result; throws Cancelled when signal aborted it.
 */
export async function performProtect(protect, request, timeoutMs, signal) {
  if (typeof protect !== 'function') {
    return { error: 'NotSupportedError', message: 'no protect option: this page collects no PingOne Protect signals' };
  }
  const settings = {
    behavioralDataCollection: Boolean(request?.behavioralDataCollection),
    universalDeviceIdentification: Boolean(request?.universalDeviceIdentification),
  };
  let timer;
  let onAbort;
  const bounded = new Promise((resolve, reject) => {
    timer = setTimeout(() => resolve({ error: 'TimeoutError', message: `protect gave no signals within ${timeoutMs} ms` }), timeoutMs);
    onAbort = () => reject(new Cancelled());
    signal.addEventListener('abort', onAbort, { once: true });
  });
  const collected = (async () => {
    try {
      const signals = await protect(settings);
      if (typeof signals !== 'string') return { error: 'UnknownError', message: `protect returned ${signals === null ? 'null' : typeof signals}, not a signals string` };
      return { signals };
    } catch (err) {
      return errorResult(err);
    }
  })();
  try {
    if (signal.aborted) throw new Cancelled();
    return await Promise.race([collected, bounded]);
  } finally {
    clearTimeout(timer);
    signal.removeEventListener('abort', onAbort);
  }
}

// ---- external returns ----

/** Whether url is the browser coming back from an external identity provider. */
export function carriesReturn(url) {
  try {
    const p = new URL(url).searchParams;
    return p.has('continueToken') || p.has('flowId') || p.has('error');
  } catch {
    return false;
  }
}
