// Effects (what the engine wants done) become results (what the page gets). The page sees one
// of five shapes; the engine's fetch effects never reach it.

/** A normalised error: details is always an array. */
export function normaliseError(error) {
  if (!error) return error;
  return { ...error, details: error.details ?? [] };
}

function normaliseStep(step) {
  return step.error ? { ...step, error: normaliseError(step.error) } : step;
}

/** The result for a show, wait, redirect, done or fail effect. */
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
    default:
      throw new Error(`unknown effect kind ${effect.kind}`);
  }
}

/** A failure the bridge itself produces (cancel, a refused snapshot). */
export function bridgeFailure(code, klass, message) {
  return { kind: 'failure', error: { code, class: klass, message, details: [] } };
}
