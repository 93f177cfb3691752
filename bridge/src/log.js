// The debug log. It says what the bridge does (requests, statuses, results, timings) and never
// what a person typed or what the server handed out: no bodies, no cookies, no tokens, and URL
// parameters that carry secrets are masked. Sensitive requests (the engine marks them) are
// logged without even their size.

const SECRET_PARAMS = new Set([
  'code', 'code_verifier', 'id_token_hint', 'access_token', 'id_token', 'refresh_token',
  'token', 'password', 'otp', 'client_secret', 'state', 'nonce', 'code_challenge',
]);
const SECRET_HEADERS = new Set(['cookie', 'set-cookie', 'authorization', 'interactiontoken', 'x-csrf-token']);
const MASK = '[redacted]';

/** url with secret query and fragment parameters masked. */
export function redactUrl(raw) {
  let url;
  try {
    url = new URL(raw);
  } catch {
    return MASK; // not a URL: do not echo it
  }
  for (const key of [...url.searchParams.keys()]) {
    if (SECRET_PARAMS.has(key.toLowerCase())) url.searchParams.set(key, MASK);
  }
  if (url.hash) url.hash = MASK;
  return url.toString().replaceAll(encodeURIComponent(MASK), MASK);
}

/** headers with credentials masked. */
export function redactHeaders(headers = {}) {
  const out = {};
  for (const [k, v] of Object.entries(headers)) out[k] = SECRET_HEADERS.has(k.toLowerCase()) ? MASK : v;
  return out;
}

/**
 * A logger for the debug option: false (silent), true (console.debug) or a function receiving
 * (message, details).
 * @param {boolean | ((message: string, details: object) => void) | undefined} debug
 */
export function makeLogger(debug) {
  if (!debug) return { enabled: false, log() {} };
  const sink = typeof debug === 'function' ? debug : (msg, details) => console.debug(`[pingflow] ${msg}`, details);
  return {
    enabled: true,
    log(message, details = {}) {
      try {
        sink(message, details);
      } catch {
        // a broken log sink must not break sign-on
      }
    },
  };
}

/** What the log says about an outgoing request. */
export function describeRequest(req, attempt) {
  return {
    method: req.method, url: redactUrl(req.url), purpose: req.purpose, action: req.action,
    headers: redactHeaders(req.headers), attempt,
    body: req.sensitive ? MASK : req.body ? `${req.body.length} bytes` : undefined,
  };
}

/** What the log says about a result: its kind, the step's status, the error's code. */
export function describeResult(result) {
  switch (result.kind) {
    case 'form':
    case 'wait':
      return { kind: result.kind, status: result.step.status, error: result.step.error?.code };
    case 'failure':
      return { kind: result.kind, code: result.error.code, class: result.error.class, httpStatus: result.error.httpStatus };
    case 'redirect':
      return { kind: result.kind, url: redactUrl(result.url) };
    default:
      return { kind: result.kind };
  }
}
