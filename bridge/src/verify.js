// The host's half of the engine's ID token check (flowcore EffectVerify): the engine picks the
// key from the environment's JWKS and says what to check; WebCrypto checks it. The module holds
// no cryptography of its own, as it holds no random source of its own.

const ALGS = {
  RS256: { importAs: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, verifyAs: { name: 'RSASSA-PKCS1-v1_5' } },
  ES256: { importAs: { name: 'ECDSA', namedCurve: 'P-256' }, verifyAs: { name: 'ECDSA', hash: 'SHA-256' } },
};

/** base64url (no padding) → bytes. */
function fromB64url(s) {
  const b64 = s.replace(/-/g, '+').replace(/_/g, '/');
  const bin = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/**
 * Checks verify = {alg, jwk, signingInput, signature} with crypto.subtle. Resolves with the
 * engine's answer: {valid: true|false}, or {error, message} when it could not check (no
 * crypto.subtle outside a secure context, a key WebCrypto refuses). Never rejects.
 * @param {{alg: string, jwk: object, signingInput: string, signature: string}} verify
 * @param {SubtleCrypto} [subtle]
 */
export async function verifySignature(verify, subtle = globalThis.crypto?.subtle) {
  const alg = ALGS[verify?.alg];
  if (!alg) return { valid: false };
  if (!subtle) {
    return { error: 'NotSupportedError', message: 'crypto.subtle is not available (a secure context, https or localhost, is needed)' };
  }
  try {
    const { kty, n, e, crv, x, y } = verify.jwk; // the public parts only (no alg/use/key_ops quarrels)
    const key = await subtle.importKey('jwk', { kty, n, e, crv, x, y, ext: true }, alg.importAs, false, ['verify']);
    const valid = await subtle.verify(alg.verifyAs, key, fromB64url(verify.signature), new TextEncoder().encode(verify.signingInput));
    return { valid };
  } catch (err) {
    return { error: err?.name && /^[A-Za-z]+$/.test(err.name) ? err.name : 'DataError', message: String(err?.message ?? err) };
  }
}
