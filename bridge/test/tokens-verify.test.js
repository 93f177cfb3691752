// src/verify.js alone: the host's half of the engine's verify effect, with keys made here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { verifySignature } from '../src/verify.js';

const { subtle } = globalThis.crypto;
const enc = new TextEncoder();
const b64url = (bytes) => Buffer.from(bytes).toString('base64url');

async function signed(alg) {
  const params = alg === 'RS256'
    ? { name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' }
    : { name: 'ECDSA', namedCurve: 'P-256' };
  const pair = await subtle.generateKey(params, true, ['sign', 'verify']);
  const jwk = { ...(await subtle.exportKey('jwk', pair.publicKey)), kid: 'k1', use: 'sig', alg };
  const signingInput = `${b64url(enc.encode(JSON.stringify({ alg, kid: 'k1' })))}.${b64url(enc.encode('{"sub":"u"}'))}`;
  const sig = await subtle.sign(alg === 'RS256' ? 'RSASSA-PKCS1-v1_5' : { name: 'ECDSA', hash: 'SHA-256' }, pair.privateKey, enc.encode(signingInput));
  return { alg, jwk, signingInput, signature: b64url(new Uint8Array(sig)) };
}

for (const alg of ['RS256', 'ES256']) {
  test(`${alg}: a good signature is valid; a changed byte or payload is not`, async () => {
    const v = await signed(alg);
    assert.deepEqual(await verifySignature(v), { valid: true });
    const sig = Buffer.from(v.signature, 'base64url');
    sig[5] ^= 0x80;
    assert.deepEqual(await verifySignature({ ...v, signature: sig.toString('base64url') }), { valid: false });
    assert.deepEqual(await verifySignature({ ...v, signingInput: `${v.signingInput}x` }), { valid: false });
  });
}

test('another alg is never valid; no crypto.subtle or a broken key is an error, not a throw', async () => {
  const v = await signed('RS256');
  assert.deepEqual(await verifySignature({ ...v, alg: 'HS256' }), { valid: false });
  assert.deepEqual(await verifySignature({ ...v, alg: 'none' }), { valid: false });
  const none = await verifySignature(v, null);
  assert.equal(none.error, 'NotSupportedError');
  const es = await signed('ES256');
  const wrongType = await verifySignature({ ...v, jwk: es.jwk }); // an EC key for RS256
  assert.ok(wrongType.error, JSON.stringify(wrongType));
  const badSig = await verifySignature({ ...v, signature: '%%%' });
  assert.ok(badSig.error || badSig.valid === false);
});
