// Small helpers for walking a flow in tests.
import assert from 'node:assert/strict';

/** Asserts result is a form for status, offering action, and returns it. */
export function expectForm(result, status, action) {
  assert.equal(result.kind, 'form', `expected a form, got ${JSON.stringify(result).slice(0, 400)}`);
  assert.equal(result.step.status, status);
  if (action) {
    assert.ok(result.step.actions.some((a) => a.name === action),
      `${status} does not offer ${action}: ${result.step.actions.map((a) => a.name)}`);
  }
  return result;
}

/** Asserts result is a success with tokens, and returns the tokens. */
export function expectSuccess(result) {
  assert.equal(result.kind, 'success', `expected success, got ${JSON.stringify(result).slice(0, 600)}`);
  assert.match(result.tokens.accessToken, /^[\w-]+\.[\w-]+\.[\w-]+$/);
  assert.match(result.tokens.idToken, /^[\w-]+\.[\w-]+\.[\w-]+$/);
  return result.tokens;
}

/** Asserts result is a failure with code and class. */
export function expectFailure(result, code, klass) {
  assert.equal(result.kind, 'failure', `expected a failure, got ${JSON.stringify(result).slice(0, 400)}`);
  assert.equal(result.error.code, code, result.error.message);
  if (klass) assert.equal(result.error.class, klass);
  assert.ok(Array.isArray(result.error.details));
  return result.error;
}

/**
 * Asserts result is a DaVinci form titled title (DaVinci forms all have status FORM, or POLLING
 * while they wait), offering action, and returns it.
 */
export function expectDaVinciForm(result, title, action) {
  assert.equal(result.kind, 'form', `expected a form, got ${JSON.stringify(result).slice(0, 400)}`);
  assert.equal(result.step.protocol, 'davinci');
  assert.equal(result.step.status, 'FORM');
  assert.equal(result.step.title, title, `expected the ${title} form`);
  if (action) {
    assert.ok(result.step.actions.some((a) => a.name === action),
      `${title} does not offer ${action}: ${result.step.actions.map((a) => a.name)}`);
  }
  return result;
}

/** The action named name of a step (failing when it is not there). */
export function actionOf(step, name) {
  const action = step.actions.find((a) => a.name === name);
  assert.ok(action, `no action ${name} in ${step.actions.map((a) => a.name)}`);
  return action;
}

/**
 * After a DaVinci password sign-on, the emulator's flow offers "Set Up a Passkey" to a user
 * without one: this declines it ("Not now") and returns what follows; any other result is
 * returned as it is.
 */
export async function declinePasskeyOffer(client, result) {
  if (result.kind !== 'form' || result.step.title !== 'Set Up a Passkey') return result;
  assert.ok(result.step.actions.some((a) => a.name === 'NOT_NOW'), 'the offer can be declined');
  return client.submit('NOT_NOW');
}
