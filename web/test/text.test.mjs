// Words the page shows for errors and devices.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { attemptsText, heading, humanize, otpPrompt, sentences } from '../js/render/text.js';

test('attempts left come from the failuresRemaining and secondsUntilUnlock the engine lifts out', () => {
  assert.equal(attemptsText({ failuresRemaining: 3 }), '3 attempts left.');
  assert.equal(attemptsText({ failuresRemaining: 1 }), '1 attempt left.');
  assert.equal(attemptsText({ secondsUntilUnlock: 30 }), 'Try again in 30 seconds.');
  assert.equal(attemptsText({ secondsUntilUnlock: 900 }), 'Try again in 15 minutes.');
  assert.equal(attemptsText({ message: 'x' }), '');
});

test('headings fall back to the status for one this page does not know', () => {
  assert.equal(heading({ status: 'SOMETHING_NEW_REQUIRED' }).title, 'Something new required');
  assert.equal(heading({ status: 'FORM', title: 'Register' }).title, 'Register');
  assert.match(heading({ status: 'USERNAME_PASSWORD_REQUIRED', application: { name: 'Shop' } }).subtitle, /Shop/);
  assert.equal(humanize('user.sendVerificationCode'), 'Send verification code');
  assert.match(otpPrompt({ type: 'EMAIL', target: 'j***@x.com' }), /j\*\*\*@x\.com/);
});

test('a refused new password says which requirements failed', async () => {
  const { requirementsText } = await import('../js/render/text.js');
  assert.equal(requirementsText({ unsatisfiedRequirements: ['history'] }), 'Not accepted: it is one of your recent passwords.');
  assert.equal(requirementsText({ innerError: { unsatisfiedRequirements: ['excludesCommonlyUsed', 'length'] } }),
    'Not accepted: it is too commonly used and it is too short or too long.');
  assert.equal(requirementsText({}), '');
});

test('messages are joined as sentences, a full stop added where the server left none', () => {
  assert.equal(sentences(['The provided password did not match provisioned password', '4 attempts left.']),
    'The provided password did not match provisioned password. 4 attempts left.');
  assert.equal(sentences(['Done!', ' ', 'Check this box to continue.']), 'Done! Check this box to continue.');
  assert.equal(sentences([]), '');
});
