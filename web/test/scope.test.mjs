// The element's default scope: "openid profile email" when neither the attributes nor the
// config file name one (the bridge alone would ask for "openid"); a given scope is kept.
// The Chromium side (the scope reaching createClient) is in landmarks.test.mjs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_SCOPE, withDefaults, mergeConfig, clientConfig } from '../js/config.js';

test('the default scope is openid profile email', () => {
  assert.equal(DEFAULT_SCOPE, 'openid profile email');
  assert.equal(withDefaults({ clientId: 'c' }).scope, 'openid profile email');
  assert.equal(withDefaults({ scope: '' }).scope, 'openid profile email');
  assert.equal(clientConfig(withDefaults(mergeConfig({}, { clientId: 'c' }))).scope, 'openid profile email');
});

test('a scope from the file or the attribute is kept', () => {
  assert.equal(withDefaults(mergeConfig({ scope: 'openid' }, {})).scope, 'openid');
  assert.equal(withDefaults(mergeConfig({ scope: 'openid' }, { scope: 'openid email' })).scope, 'openid email');
  assert.equal(withDefaults(mergeConfig({ scope: 'openid phone' }, { scope: '' })).scope, 'openid phone');
});

test('withDefaults leaves the rest of the config alone', () => {
  const config = { clientId: 'c', locale: 'de' };
  assert.deepEqual(withDefaults(config), { clientId: 'c', locale: 'de', scope: 'openid profile email' });
  assert.deepEqual(config, { clientId: 'c', locale: 'de' });
});
