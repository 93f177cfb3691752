import { Cancelled } from './errors.js';
import { describeRequest } from './log.js';

// Performs one request the engine described and turns whatever happened into the engine's
// Response shape: {status, headers, body} when an HTTP answer arrived, {networkError} when none
// did. It never throws for network trouble (the engine classifies it); it throws Cancelled only
// when the client was cancelled.

/**
 * @typedef {object} HttpContext
 * @property {typeof fetch} fetch
 * @property {import('./cookies.js').CookieJar | null} jar null where the browser keeps cookies
 * @property {number} timeoutMs per attempt, covering the headers and the body
 * @property {{ count: number, baseDelayMs: number, maxDelayMs: number, maxWaitMs: number }} retries
 * @property {Array<Function>} middleware
 * @property {AbortSignal} signal aborted by cancel()
 * @property {{ enabled: boolean, log: Function }} log
 */

/**
 * @param {object} req the engine's request description
 * @param {HttpContext} ctx
 */
export async function perform(req, ctx) {
  let out = applyMiddleware(req, ctx.middleware);
  if (out instanceof Promise) out = await out;
  // Only requests the engine marks idempotent (GETs of flows and authorize) are repeated: a
  // POSTed action may already have been applied by the server, resume consumes the flow and a
  // code is redeemed once.
  const attempts = req.idempotent ? 1 + ctx.retries.count : 1;
  let response;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    let started = 0;
    if (ctx.log.enabled) {
      ctx.log.log('request', describeRequest({ ...req, ...out }, attempt));
      started = performanceNow();
    }
    response = await attemptOnce(out, req, ctx);
    if (ctx.log.enabled) {
      ctx.log.log('response', {
        purpose: req.purpose, attempt, ms: Math.round(performanceNow() - started),
        status: response.status, networkError: response.networkError,
      });
    }
    const transient = response.networkError !== undefined || response.status >= 500 || response.status === 429;
    if (!transient || attempt === attempts) break;
    // Retry-After (429, 503) is honoured up to maxWaitMs; a longer wait ends the retries here
    // and the failure carries retryAfterMs for the page.
    const after = retryAfterMs(response);
    if (after > ctx.retries.maxWaitMs) break;
    await sleep(Math.max(after, backoff(attempt, ctx.retries)), ctx.signal);
  }
  if (response.networkError !== undefined && !timedOutResponses.has(response)) {
    return explainBrowserFailure(response, out, req, ctx);
  }
  return response;
}

// ---- CORS refusals ----
//
// In a browser, a response the server's CORS settings do not let the page read and a host that
// cannot be reached both reject fetch with the same TypeError: the page cannot tell which.
// After such a failure of a credentialed request to another origin (authorize, flows, resume:
// the endpoints with per-application CORS settings), one plain request is sent to the same
// host in no-cors mode, without cookies: an answer (opaque, unreadable, but an answer) means
// the host is up and it was CORS that refused. The network error then says so in a form the
// results recognise (corsRefusal) and turn into a misconfiguration; when the probe fails too the
// error stays a network error and says it is the network or CORS. Outside browsers there is
// no CORS and nothing changes.

const CORS_REFUSED = 'CORS refused:';

/** Responses of attempts that timed out (a CORS refusal is immediate, never a timeout). */
const timedOutResponses = new WeakSet();

/** The page's origin where the browser enforces CORS (a window or a worker), else null. */
function pageOrigin() {
  const origin = globalThis.location?.origin;
  return typeof origin === 'string' && /^https?:\/\//.test(origin) ? origin : null;
}

async function explainBrowserFailure(response, out, req, ctx) {
  const origin = pageOrigin();
  if (!origin || req.credentials !== 'include') return response;
  let target;
  try {
    target = new URL(out.url, origin);
  } catch {
    return response;
  }
  if (target.origin === origin) return response; // same origin: CORS does not apply
  const answered = await probe(target.origin + '/', ctx);
  if (ctx.log.enabled) ctx.log.log('cors-probe', { purpose: req.purpose, host: target.origin, answered });
  const networkError = answered
    ? `${CORS_REFUSED} ${target.origin} answers, but its CORS settings do not allow ${origin} to read its answers`
    : `${response.networkError}; ${target.origin} did not answer a plain request either: it is the network ` +
      `(or the server is down), or CORS — the application's CORS settings must allow ${origin} ` +
      `(with the pingflow emulator: -app-origin ${origin})`;
  return { ...response, networkError };
}

/**
 * True when the host answers a no-cors GET without cookies (the response is opaque: only that
 * it came is known). Throws Cancelled when the client is cancelled meanwhile.
 */
async function probe(url, ctx) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), ctx.timeoutMs);
  const onCancel = () => controller.abort();
  ctx.signal.addEventListener('abort', onCancel, { once: true });
  try {
    await ctx.fetch(url, { mode: 'no-cors', credentials: 'omit', cache: 'no-store', signal: controller.signal });
    return true;
  } catch {
    if (ctx.signal.aborted) throw new Cancelled();
    return false;
  } finally {
    clearTimeout(timer);
    ctx.signal.removeEventListener('abort', onCancel);
  }
}

/**
 * When message (an error's) tells of a CORS refusal found by the probe: the origin of the
 * refusing host and of the page; else null.
 */
export function corsRefusal(message) {
  const m = typeof message === 'string'
    && /CORS refused: (\S+) answers, but its CORS settings do not allow (\S+) to read its answers/.exec(message);
  return m ? { host: m[1], origin: m[2] } : null;
}

/**
 * Runs the middleware in order on a copy of the request: each may change headers or body.
 * Without middleware the engine's headers are used as they are (each request description is
 * parsed afresh from the module's answer: nothing else holds it).
 */
function applyMiddleware(req, middleware) {
  const headers = req.headers ?? {};
  if (middleware.length === 0) return { method: req.method, url: req.url, headers, body: req.body || undefined };
  return applyEach(req, middleware, { method: req.method, url: req.url, headers: { ...headers }, body: req.body || undefined });
}

async function applyEach(req, middleware, out) {
  for (const mw of middleware) {
    const changed = await mw(out, { purpose: req.purpose, action: req.action, sensitive: !!req.sensitive });
    if (changed && typeof changed === 'object') out = { ...out, ...changed };
  }
  return out;
}

async function attemptOnce(out, req, ctx) {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, ctx.timeoutMs);
  const onCancel = () => controller.abort();
  ctx.signal.addEventListener('abort', onCancel, { once: true });
  try {
    let headers = out.headers;
    if (ctx.jar && req.credentials === 'include') {
      const cookie = ctx.jar.header(out.url);
      if (cookie) headers = { ...headers, Cookie: cookie };
    }
    const res = await ctx.fetch(out.url, {
      method: out.method,
      headers,
      body: out.body,
      credentials: req.credentials || 'omit',
      // A redirect is never what the engine asks for (every leg answers JSON); following it
      // would hide the misconfiguration the engine reports for 3xx.
      redirect: 'manual',
      signal: controller.signal,
    });
    const body = await res.text();
    if (ctx.jar && typeof res.headers.getSetCookie === 'function') ctx.jar.store(out.url, res.headers.getSetCookie());
    return { status: res.type === 'opaqueredirect' ? 302 : res.status, headers: headerObject(res.headers), body };
  } catch (err) {
    if (ctx.signal.aborted) throw new Cancelled();
    if (timedOut) {
      const response = { status: 0, body: '', networkError: `no answer within ${ctx.timeoutMs} ms (timed out)` };
      timedOutResponses.add(response);
      return response;
    }
    return { status: 0, body: '', networkError: describeFetchError(err) };
  } finally {
    clearTimeout(timer);
    ctx.signal.removeEventListener('abort', onCancel);
  }
}

/**
 * The response headers anything reads — the engine (content-type, location) and the retries
 * (retry-after) — as a plain object with lower-case names. Looked up one by one: walking every
 * header (Headers.forEach sorts them) cost more than the rest of the response handling.
 */
const READ_HEADERS = ['content-type', 'location', 'retry-after'];

function headerObject(headers) {
  const out = {};
  for (const name of READ_HEADERS) {
    const value = headers.get(name);
    if (value !== null) out[name] = value;
  }
  return out;
}

/** "fetch failed" says nothing; Node puts the reason (ECONNREFUSED...) in err.cause. */
function describeFetchError(err) {
  const cause = err?.cause;
  const detail = cause?.code || cause?.message;
  return detail ? `${err.message} (${detail})` : String(err?.message ?? err);
}

/**
 * A response's Retry-After in milliseconds (delay-seconds or an HTTP date), 0 without one.
 * @param {{status?: number, headers?: Record<string, string>}} response
 */
export function retryAfterMs(response) {
  const v = response.headers?.['retry-after']?.trim();
  if (!v || (response.status !== 429 && response.status !== 503)) return 0;
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const at = Date.parse(v);
  return Number.isNaN(at) ? 0 : Math.max(0, at - Date.now());
}

/** Exponential backoff with jitter, so many clients do not retry in step. */
function backoff(attempt, { baseDelayMs, maxDelayMs }) {
  const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1));
  return ceiling / 2 + Math.random() * (ceiling / 2);
}

/** Resolves after ms, or throws Cancelled as soon as signal aborts. */
export function sleep(ms, signal) {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(new Cancelled());
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(new Cancelled());
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

const performanceNow = () => globalThis.performance.now();
