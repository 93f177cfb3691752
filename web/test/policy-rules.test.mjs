// The password policy checklist's rules, against the demo environment's policy.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rules, evaluate, longestRun, describeSet } from '../js/policy-rules.js';

const DEMO = {
  minLength: 8,
  maxLength: 255,
  minCharacters: [
    { characters: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', min: 1 },
    { characters: 'abcdefghijklmnopqrstuvwxyz', min: 1 },
    { characters: '0123456789', min: 1 },
    { characters: '~!@#$%^&*()-_=+[]{}|;:,.<>/?', min: 1 },
  ],
  maxRepeatedCharacters: 2,
  minUniqueCharacters: 5,
  excludesCommonlyUsed: true,
  excludesProfileData: true,
  historyCount: 6,
};

function states(password, profile = { username: 'user.expired', given: 'Exa' }) {
  return Object.fromEntries(evaluate(rules(DEMO, profile), password).items.map((i) => [i.id, i.state]));
}

test('an empty password meets no checkable rule', () => {
  const s = states('');
  assert.equal(s.minLength, 'unmet');
  assert.equal(s.repeat, 'unmet');
  assert.equal(s.profile, 'unmet');
  assert.equal(s.common, 'info');
  assert.equal(s.history, 'info');
  assert.equal(evaluate(rules(DEMO), '').ok, false);
});

test('each rule turns as the password grows', () => {
  assert.equal(states('abc')['chars:abcdefghijklmnopqrstuvwxyz'], 'met');
  assert.equal(states('abc')['chars:ABCDEFGHIJKLMNOPQRSTUVWXYZ'], 'unmet');
  assert.equal(states('abcD')['chars:ABCDEFGHIJKLMNOPQRSTUVWXYZ'], 'met');
  assert.equal(states('abcD1!xy').minLength, 'met');
  assert.equal(states('abcD1!xy')['chars:~!@#$%^&*()-_=+[]{}|;:,.<>/?'], 'met');
  const { ok } = evaluate(rules(DEMO, { username: 'user.expired' }), 'Brand-new9');
  assert.equal(ok, true);
});

test('repeats, unique characters and profile data', () => {
  assert.equal(states('Aaaa1!xyz').repeat, 'unmet', 'three a in a row');
  assert.equal(states('Aa1!Aa1!').unique, 'unmet', 'four different characters');
  assert.equal(states('Xuser.expired1!').profile, 'unmet', 'contains the username');
  assert.equal(states('EXA-ok-123!').profile, 'unmet', 'contains the given name, case-insensitively');
  assert.equal(states('user-Pass9!').profile, 'met', 'a part of the username is fine');
});

test('the maximum length only shows once it is broken', () => {
  const r = rules({ minLength: 8, maxLength: 255 });
  assert.deepEqual(evaluate(r, 'x'.repeat(10)).items.map((i) => i.id), ['minLength']);
  assert.deepEqual(evaluate(r, 'x'.repeat(300)).items.map((i) => i.id), ['minLength', 'maxLength']);
  assert.equal(rules({ minLength: 8, maxLength: 20 })[0].label, '8 to 20 characters');
});

test('character sets are named for what they hold', () => {
  assert.equal(describeSet('0123456789', 2), 'At least 2 numbers');
  assert.equal(describeSet('abcdefghijklmnopqrstuvwxyz', 1), 'At least 1 lowercase letter');
  assert.equal(describeSet('!?', 1), 'At least 1 special character (!?)');
  assert.equal(rules(DEMO)[2].label, 'At least 1 uppercase letter');
  assert.equal(rules({ maxRepeatedCharacters: 2 })[0].label, 'No character more than 2 times in a row');
  assert.equal(longestRun('abbccc'), 3);
  assert.equal(longestRun(''), 0);
});

test('no policy means no rules; unknown profile makes the profile rule server-checked', () => {
  assert.deepEqual(rules(null), []);
  const profile = rules({ excludesProfileData: true }, null)[0];
  assert.equal(profile.test, null);
});
