import { PingflowError } from './errors.js';
import { defaultStorage } from './storage.js';
import { isBrowser } from './env.js';
import { CookieJar } from './cookies.js';

// createClient takes one flat object. Its keys are split three ways: the engine's configuration
// (validated by the engine itself), the engine's timing options, and the bridge's own options
// (validated here). Unknown keys are refused so a typo fails loudly.

const ENGINE_KEYS = ['authPath', 'envId', 'customDomain', 'clientId', 'redirectUri', 'scope',
  'acrValues', 'loginHint', 'prompt', 'maxAge', 'uiLocales'];
const ENGINE_OPTION_KEYS = ['pollIntervalMs', 'maxPolls', 'clockSkewMs'];

const DEFAULTS = {
  timeoutMs: 15000,
  retries: { count: 2, baseDelayMs: 250, maxDelayMs: 2000, maxWaitMs: 10000 },
  persist: true,
  debug: false,
  middleware: [],
  cookies: 'auto',
};

const BRIDGE_KEYS = ['timeoutMs', 'retries', 'fetch', 'storage', 'storageKey', 'sessionKey', 'persist', 'debug',
  'middleware', 'navigate', 'cookies', 'wasmUrl', 'wasmExecUrl', 'webauthn', 'protect', 'syncTabs', 'openFlowId'];

function bad(field, message) {
  return new PingflowError('config', `config ${field}: ${message}`, { field });
}

/**
 * @param {object} config what the app passed to createClient
 * @returns {{ engine: object, engineOptions: object, bridge: object }}
 */
export function splitConfig(config) {
  if (!config || typeof config !== 'object') throw bad('(config)', 'createClient needs a configuration object');
  const engine = {};
  const engineOptions = {};
  const bridge = { ...DEFAULTS };
  for (const [key, value] of Object.entries(config)) {
    if (value === undefined) continue;
    if (ENGINE_KEYS.includes(key)) engine[key] = value;
    else if (ENGINE_OPTION_KEYS.includes(key)) engineOptions[key] = checkCount(key, value);
    else if (BRIDGE_KEYS.includes(key)) bridge[key] = value;
    else throw bad(key, `unknown option; known options are ${[...ENGINE_KEYS, ...ENGINE_OPTION_KEYS, ...BRIDGE_KEYS].join(', ')}`);
  }
  bridge.timeoutMs = checkCount('timeoutMs', bridge.timeoutMs);
  bridge.retries = checkRetries(bridge.retries);
  bridge.fetch ??= globalThis.fetch?.bind(globalThis);
  bridge.storage ??= defaultStorage();
  checkStorage(bridge.storage);
  bridge.storageKey ??= `pingflow:${engine.clientId ?? ''}`;
  if (typeof bridge.storageKey !== 'string') throw bad('storageKey', 'must be a string');
  // The tokens are the application's, not one flow's: clients of one environment and client id
  // (an app's redirect client and its embedded cards, each with its own storageKey) share them.
  bridge.sessionKey ??= `pingflow:${engine.envId ?? ''}:${engine.clientId ?? ''}`;
  if (typeof bridge.sessionKey !== 'string') throw bad('sessionKey', 'must be a string');
  bridge.middleware = checkFunctions('middleware', bridge.middleware);
  if (typeof bridge.debug !== 'boolean' && typeof bridge.debug !== 'function') throw bad('debug', 'must be true, false or a function');
  bridge.navigate = checkNavigate(bridge.navigate);
  bridge.cookies = checkCookies(bridge.cookies);
  checkWebAuthn(bridge.webauthn);
  if (bridge.protect !== undefined && typeof bridge.protect !== 'function') throw bad('protect', 'must be a function returning the signals string');
  bridge.persistTokens = checkPersist(bridge.persist);
  bridge.syncTabs ??= isBrowser();
  if (typeof bridge.syncTabs !== 'boolean') throw bad('syncTabs', 'must be true or false');
  if (bridge.openFlowId !== undefined && typeof bridge.openFlowId !== 'string') throw bad('openFlowId', 'must be the flow id open() will be given');
  return { engine, engineOptions, bridge };
}

/**
 * cookies: 'browser' (fetch's own cookie store), 'jar' (a store of the client's own), a
 * CookieJar shared between clients (as a browser shares one), or 'auto' (browser in a page,
 * a jar elsewhere). The result is 'browser' or a CookieJar.
 */
function checkCookies(c) {
  if (c instanceof CookieJar) return c;
  if (c === 'auto') return isBrowser() ? 'browser' : new CookieJar();
  if (c === 'jar') return new CookieJar();
  if (c === 'browser') return c;
  throw bad('cookies', "must be 'auto', 'browser', 'jar' or a CookieJar");
}

function checkCount(field, v) {
  if (!Number.isInteger(v) || v <= 0) throw bad(field, `must be a positive whole number, not ${JSON.stringify(v)}`);
  return v;
}

function checkRetries(r) {
  if (Number.isInteger(r) && r >= 0) return { ...DEFAULTS.retries, count: r };
  if (!r || typeof r !== 'object') throw bad('retries', 'must be a count or {count, baseDelayMs, maxDelayMs, maxWaitMs}');
  const out = { ...DEFAULTS.retries, ...r };
  if (!Number.isInteger(out.count) || out.count < 0) throw bad('retries', 'count must be a whole number ≥ 0');
  if (!(out.baseDelayMs >= 0) || !(out.maxDelayMs >= out.baseDelayMs)) throw bad('retries', 'need 0 ≤ baseDelayMs ≤ maxDelayMs');
  if (!(out.maxWaitMs >= 0)) throw bad('retries', 'maxWaitMs (the longest Retry-After honoured) must be ≥ 0');
  return out;
}

function checkStorage(s) {
  for (const m of ['getItem', 'setItem', 'removeItem']) {
    if (typeof s?.[m] !== 'function') throw bad('storage', `must have ${m}() like sessionStorage`);
  }
}

function checkFunctions(field, list) {
  if (!Array.isArray(list) || list.some((f) => typeof f !== 'function')) throw bad(field, 'must be an array of functions');
  return [...list];
}

/**
 * webauthn: {get, create} taking the JSON options ({publicKey, mediation?, signal}) and
 * returning the JSON credential, instead of navigator.credentials (Node, tests, wrappers).
 */
function checkWebAuthn(w) {
  if (w === undefined) return;
  if (!w || typeof w !== 'object') throw bad('webauthn', 'must be an object with get() and/or create()');
  const fns = ['get', 'create', 'isConditionalMediationAvailable', 'isUserVerifyingPlatformAuthenticatorAvailable'];
  for (const name of fns) {
    if (w[name] !== undefined && typeof w[name] !== 'function') throw bad('webauthn', `${name} must be a function`);
  }
  if (typeof w.get !== 'function' && typeof w.create !== 'function') throw bad('webauthn', 'needs get() and/or create()');
}

/**
 * persist: true (snapshots, the default), false (nothing), or 'session' / 'local': snapshots and
 * the refresh token too, in sessionStorage / localStorage (src/tokens.js). Returns that storage,
 * or null.
 */
function checkPersist(p) {
  if (p === true || p === false) return null;
  if (p !== 'session' && p !== 'local') throw bad('persist', "must be true, false, 'session' or 'local'");
  let store;
  try {
    store = p === 'session' ? globalThis.sessionStorage : globalThis.localStorage;
  } catch {
    // disabled storage: refused below
  }
  if (!store || typeof store.getItem !== 'function') throw bad('persist', `${p}Storage is not available here`);
  return store;
}

/** navigate: a function, false (never navigate) or undefined (location.assign in a browser). */
function checkNavigate(n) {
  if (n === false) return null;
  if (typeof n === 'function') return n;
  if (n === undefined) return isBrowser() ? (url) => globalThis.location.assign(url) : null;
  throw bad('navigate', 'must be a function or false');
}
