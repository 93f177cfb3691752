// The page's configuration: attributes over the JSON file, only createClient's keys passed on.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { attributeConfig, mergeConfig, clientConfig, missingKeys, flowIdFromUrl } from '../js/config.js';

function element(attrs) {
  return { getAttribute: (name) => (name in attrs ? attrs[name] : null) };
}

test('attributes are read plain or as data-*, and custom-domain is a boolean', () => {
  const cfg = attributeConfig(element({ 'client-id': 'abc', 'data-env-id': 'env', 'custom-domain': '', 'acr-values': 'Passwordless' }));
  assert.deepEqual(cfg, { clientId: 'abc', envId: 'env', customDomain: true, acrValues: 'Passwordless' });
  assert.deepEqual(attributeConfig(element({ 'custom-domain': 'false' })), { customDomain: false });
});

test('attributes override the file, empty ones do not', () => {
  const merged = mergeConfig({ clientId: 'file', scope: 'openid' }, { clientId: 'attr', scope: '' });
  assert.deepEqual(merged, { clientId: 'attr', scope: 'openid' });
});

test('clientConfig keeps what createClient accepts and drops the page keys', () => {
  const out = clientConfig({ authPath: 'a', envId: 'e', clientId: 'c', redirectUri: 'r', wasmUrl: '/m.wasm', restartUrl: '/', inboxUrl: 'x', flowId: 'f', postLogoutRedirectUri: '/', acrValues: '' });
  assert.deepEqual(out, { authPath: 'a', envId: 'e', clientId: 'c', redirectUri: 'r', wasmUrl: '/m.wasm' });
});

test('missingKeys names what is needed, envId only without a custom domain', () => {
  assert.deepEqual(missingKeys({}), ['authPath', 'envId', 'clientId', 'redirectUri']);
  assert.deepEqual(missingKeys({ customDomain: true, authPath: 'x', clientId: 'c', redirectUri: 'r' }), []);
});

test('flowIdFromUrl reads ?flowId=', () => {
  assert.equal(flowIdFromUrl('https://app.example.com/signon/?flowId=03b1-aa'), '03b1-aa');
  assert.equal(flowIdFromUrl('https://app.example.com/signon/'), null);
  assert.equal(flowIdFromUrl('not a url'), null);
});
