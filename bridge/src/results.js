// Effects (what the engine wants done) become results (what the page gets). The page sees one
// of five shapes; the engine's fetch effects and its WebAuthn and Protect ceremonies never
// reach it (the client performs them), and a navigate ceremony is a redirect.

import { corsRefusal } from './http.js';

/**
 * A normalised error: details is always an array. A network error that the bridge found to be
 * a CORS refusal (http.js: the host answers a plain request) becomes a misconfiguration naming
 * the origin to allow: retrying cannot help.
 */
export function normaliseError(error) {
  if (!error) return error;
  const out = { ...error, details: error.details ?? [] };
  const cors = out.code === 'network' ? corsRefusal(out.message) : null;
  if (cors) {
    out.code = 'cors_refused';
    out.class = 'misconfiguration';
    out.message = `${cors.host} answers, but its CORS settings do not allow this page's origin, ${cors.origin}, ` +
      `to read its answers: allow ${cors.origin} in the application's CORS settings ` +
      `(with the pingflow emulator: go run ./example-app -app-origin ${cors.origin})`;
  }
  return out;
}

function normaliseStep(step) {
  return step.error ? { ...step, error: normaliseError(step.error) } : step;
}

/** The result for a show, wait, redirect, done, fail or navigate ceremony effect. */
export function toResult(effect) {
  switch (effect.kind) {
    case 'show':
      return { kind: 'form', step: normaliseStep(effect.step) };
    case 'wait':
      return { kind: 'wait', step: normaliseStep(effect.step), delayMs: effect.delayMs ?? 0 };
    case 'redirect':
      return { kind: 'redirect', url: effect.url };
    case 'done':
      return { kind: 'success', tokens: effect.tokens };
    case 'fail':
      return { kind: 'failure', error: normaliseError(effect.error) };
    case 'ceremony':
      if (effect.ceremony?.kind === 'navigate') return { kind: 'redirect', url: effect.ceremony.url };
      throw new Error(`a ${effect.ceremony?.kind} ceremony is performed, not shown`);
    default:
      throw new Error(`unknown effect kind ${effect.kind}`);
  }
}

/** A failure the bridge itself produces (cancel, a refused snapshot). */
export function bridgeFailure(code, klass, message) {
  return { kind: 'failure', error: normaliseError({ code, class: klass, message, details: [] }) };
}
