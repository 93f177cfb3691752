// An expired flow is a restart-class failure; starting again works.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createClient } from '../pingflow.node.js';
import { startEmulator } from './support/emulator.js';
import { expectForm, expectSuccess, expectFailure } from './support/flow.js';

let emu;
// Flows expire after one second of inactivity in this emulator (PingOne: 15 minutes).
before(async () => { emu = await startEmulator({ settings: { flowTimeoutSeconds: 1 } }); });
after(() => emu?.stop());

test('a flow left too long fails with flow_expired, and start() begins a new one', async () => {
  const client = await createClient(emu.clientConfig());
  const first = expectForm(await client.start(), 'USERNAME_PASSWORD_REQUIRED');
  await new Promise((r) => setTimeout(r, 1600));

  const expired = expectFailure(await client.submit('usernamePassword.check', { username: 'user.password', password: 'Pingflow1!' }),
    'flow_expired', 'restart');
  assert.equal(expired.httpStatus, 404);

  const again = expectForm(await client.start(), 'USERNAME_PASSWORD_REQUIRED');
  assert.notEqual(again.step.flowId, first.step.flowId, 'a new flow');
  expectSuccess(await client.submit('usernamePassword.check', { username: 'user.password', password: 'Pingflow1!' }));
});
