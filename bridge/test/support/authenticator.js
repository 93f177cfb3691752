// A software WebAuthn authenticator for the Node tests: ES256 keys from node:crypto, CBOR for
// the COSE public key and the 'none' attestation object, authenticator data with the rpIdHash,
// the UP/UV/AT flags and a signature counter. It is handed to the client as the `webauthn`
// option ({get, create} taking the JSON options and returning the JSON credential), which is
// where a browser's navigator.credentials would otherwise be.
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, sign } from 'node:crypto';

export const b64url = (buf) => Buffer.from(buf).toString('base64url');
export const unb64url = (text) => Buffer.from(text, 'base64url');
const sha256 = (data) => createHash('sha256').update(data).digest();

// ---- CBOR (RFC 8949), the subset WebAuthn needs ----

function head(major, n) {
  if (n < 24) return Buffer.from([(major << 5) | n]);
  if (n < 0x100) return Buffer.from([(major << 5) | 24, n]);
  if (n < 0x10000) { const b = Buffer.alloc(3); b[0] = (major << 5) | 25; b.writeUInt16BE(n, 1); return b; }
  const b = Buffer.alloc(5); b[0] = (major << 5) | 26; b.writeUInt32BE(n, 1); return b;
}

/** Encodes integers, byte strings (Buffer), text, arrays, booleans, null and Maps (keys in insertion order). */
export function cborEncode(value) {
  if (Number.isInteger(value)) return value >= 0 ? head(0, value) : head(1, -1 - value);
  if (Buffer.isBuffer(value) || value instanceof Uint8Array) return Buffer.concat([head(2, value.length), Buffer.from(value)]);
  if (typeof value === 'string') { const t = Buffer.from(value, 'utf8'); return Buffer.concat([head(3, t.length), t]); }
  if (Array.isArray(value)) return Buffer.concat([head(4, value.length), ...value.map(cborEncode)]);
  if (value instanceof Map) return Buffer.concat([head(5, value.size), ...[...value].flatMap(([k, v]) => [cborEncode(k), cborEncode(v)])]);
  if (value === false) return Buffer.from([0xf4]);
  if (value === true) return Buffer.from([0xf5]);
  if (value === null) return Buffer.from([0xf6]);
  throw new TypeError(`cannot CBOR-encode ${typeof value}`);
}

/** Decodes one CBOR item from buf at offset; returns [value, nextOffset]. Maps become Maps. */
export function cborDecode(buf, offset = 0) {
  const first = buf[offset];
  const major = first >> 5;
  const info = first & 31;
  let n;
  let pos = offset + 1;
  if (info < 24) n = info;
  else if (info === 24) { n = buf[pos]; pos += 1; }
  else if (info === 25) { n = buf.readUInt16BE(pos); pos += 2; }
  else if (info === 26) { n = buf.readUInt32BE(pos); pos += 4; }
  else if (major === 7) n = info;
  else throw new Error(`unsupported CBOR head 0x${first.toString(16)}`);
  switch (major) {
    case 0: return [n, pos];
    case 1: return [-1 - n, pos];
    case 2: return [buf.subarray(pos, pos + n), pos + n];
    case 3: return [buf.subarray(pos, pos + n).toString('utf8'), pos + n];
    case 4: { const out = []; for (let i = 0; i < n; i++) { let v; [v, pos] = cborDecode(buf, pos); out.push(v); } return [out, pos]; }
    case 5: { const out = new Map(); for (let i = 0; i < n; i++) { let k; let v; [k, pos] = cborDecode(buf, pos); [v, pos] = cborDecode(buf, pos); out.set(k, v); } return [out, pos]; }
    case 7: return [n === 20 ? false : n === 21 ? true : null, pos];
    default: throw new Error(`unsupported CBOR major type ${major}`);
  }
}

// ---- keys ----

/** A private key from a KeyObject, PEM text, or base64 / base64url PKCS#8 DER. */
export function privateKeyFrom(key) {
  if (typeof key === 'object' && key?.type === 'private') return key;
  if (typeof key === 'string' && key.includes('-----BEGIN')) return createPrivateKey(key);
  if (typeof key === 'string') return createPrivateKey({ key: Buffer.from(key, /[-_]/.test(key) ? 'base64url' : 'base64'), format: 'der', type: 'pkcs8' });
  throw new TypeError('expected a private key');
}

/** The COSE_Key (EC2, P-256, ES256) of a public key, CBOR-encoded in CTAP2 canonical order. */
export function coseKey(publicKey) {
  const jwk = publicKey.export({ format: 'jwk' });
  return cborEncode(new Map([[1, 2], [3, -7], [-1, 1], [-2, unb64url(jwk.x)], [-3, unb64url(jwk.y)]]));
}

const FLAG_UP = 0x01;
const FLAG_UV = 0x04;
const FLAG_AT = 0x40;

function domError(name, message) {
  return new DOMException(message, name);
}

/**
 * One authenticator holding any number of credentials. origin is the page's origin (it goes
 * into clientDataJSON); the RP id is the options' rpId (rp.id) or the origin's host.
 */
export class SoftwareAuthenticator {
  /** @type {{id: Buffer, rpId: string, privateKey: import('node:crypto').KeyObject, userHandle?: Buffer, signCount: number, discoverable: boolean}[]} */
  credentials = [];
  /** Every request made, newest last: {kind, publicKey, mediation}. */
  requests = [];
  #failNext = null;

  constructor({ origin, userVerification = true, attachment = 'platform', aaguid = Buffer.alloc(16) }) {
    this.origin = origin;
    this.userVerification = userVerification;
    this.attachment = attachment;
    this.aaguid = aaguid;
  }

  /** Adds a credential the authenticator already holds (a preloaded one, say). */
  addCredential({ id, rpId, privateKey, userHandle, signCount = 0, discoverable = Boolean(userHandle) }) {
    this.credentials.push({
      id: Buffer.isBuffer(id) ? id : unb64url(id), rpId, privateKey: privateKeyFrom(privateKey),
      userHandle: userHandle === undefined ? undefined : Buffer.isBuffer(userHandle) ? userHandle : unb64url(userHandle),
      signCount, discoverable,
    });
  }

  /** The next get or create throws a DOMException of that name (NotAllowedError: the person cancelled). */
  failNext(name, message = 'The operation either timed out or was not allowed.') {
    this.#failNext = domError(name, message);
  }

  /** The client's `webauthn` option. */
  get option() {
    return {
      get: (request) => this.get(request),
      create: (request) => this.create(request),
      isConditionalMediationAvailable: async () => true,
      isUserVerifyingPlatformAuthenticatorAvailable: async () => this.attachment === 'platform',
    };
  }

  #clientData(type, challenge) {
    return Buffer.from(JSON.stringify({ type, challenge, origin: this.origin, crossOrigin: false }));
  }

  #rpId(id) {
    return id ?? new URL(this.origin).hostname;
  }

  #begin(kind, request) {
    this.requests.push({ kind, publicKey: request.publicKey, mediation: request.mediation });
    if (request.signal?.aborted) throw domError('AbortError', 'The operation was aborted.');
    if (this.#failNext) {
      const err = this.#failNext;
      this.#failNext = null;
      throw err;
    }
  }

  /** navigator.credentials.get with JSON options: an assertion in JSON form. */
  async get(request) {
    this.#begin('get', request);
    const options = request.publicKey;
    const rpId = this.#rpId(options.rpId);
    const allowed = (options.allowCredentials ?? []).map((c) => c.id);
    const cred = this.credentials.find((c) => c.rpId === rpId
      && (allowed.length ? allowed.includes(b64url(c.id)) : c.discoverable));
    if (!cred) throw domError('NotAllowedError', `no credential for ${rpId} among ${allowed.length ? allowed.join(', ') : 'the discoverable ones'}`);
    cred.signCount += 1;
    const flags = FLAG_UP | (this.userVerification ? FLAG_UV : 0);
    const count = Buffer.alloc(4);
    count.writeUInt32BE(cred.signCount);
    const authData = Buffer.concat([sha256(rpId), Buffer.from([flags]), count]);
    const clientDataJSON = this.#clientData('webauthn.get', options.challenge);
    const signature = sign('sha256', Buffer.concat([authData, sha256(clientDataJSON)]), cred.privateKey); // DER, as WebAuthn wants
    const response = {
      clientDataJSON: b64url(clientDataJSON), authenticatorData: b64url(authData), signature: b64url(signature),
    };
    if (cred.userHandle) response.userHandle = b64url(cred.userHandle);
    return {
      id: b64url(cred.id), rawId: b64url(cred.id), type: 'public-key', authenticatorAttachment: this.attachment,
      response, clientExtensionResults: {},
    };
  }

  /** navigator.credentials.create with JSON options: a new ES256 credential, attestation 'none'. */
  async create(request) {
    this.#begin('create', request);
    const options = request.publicKey;
    const rpId = this.#rpId(options.rp?.id);
    if (!(options.pubKeyCredParams ?? []).some((p) => p.alg === -7)) throw domError('NotSupportedError', 'only ES256 (-7) is supported');
    const excluded = (options.excludeCredentials ?? []).map((c) => c.id);
    if (this.credentials.some((c) => c.rpId === rpId && excluded.includes(b64url(c.id)))) {
      throw domError('InvalidStateError', 'a credential of this authenticator is excluded');
    }
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const id = randomBytes(16);
    const discoverable = options.authenticatorSelection?.residentKey !== 'discouraged';
    const userHandle = options.user?.id ? unb64url(options.user.id) : undefined;
    this.credentials.push({ id, rpId, privateKey, userHandle, signCount: 0, discoverable });
    const flags = FLAG_UP | FLAG_AT | (this.userVerification ? FLAG_UV : 0);
    const idLength = Buffer.alloc(2);
    idLength.writeUInt16BE(id.length);
    const authData = Buffer.concat([sha256(rpId), Buffer.from([flags]), Buffer.alloc(4), this.aaguid, idLength, id, coseKey(publicKey)]);
    const attestationObject = cborEncode(new Map([['fmt', 'none'], ['attStmt', new Map()], ['authData', authData]]));
    const clientDataJSON = this.#clientData('webauthn.create', options.challenge);
    return {
      id: b64url(id), rawId: b64url(id), type: 'public-key', authenticatorAttachment: this.attachment,
      response: {
        clientDataJSON: b64url(clientDataJSON), attestationObject: b64url(attestationObject),
        authenticatorData: b64url(authData), transports: ['internal'], publicKeyAlgorithm: -7,
        publicKey: b64url(publicKey.export({ format: 'der', type: 'spki' })),
      },
      clientExtensionResults: discoverable ? { credProps: { rk: true } } : {},
    };
  }
}

/** The public key of a private one, for checks in tests. */
export const publicKeyOf = (privateKey) => createPublicKey(privateKeyFrom(privateKey));
