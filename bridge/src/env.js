import { PingflowError } from './errors.js';

// What the bridge needs from its host, with the reason each is needed, so that a missing piece
// is named up front instead of surfacing later as "undefined is not a function".
const needs = [
  ['WebAssembly', () => typeof WebAssembly === 'object' && typeof WebAssembly.instantiate === 'function',
    'WebAssembly (to run the engine)'],
  ['crypto.getRandomValues', () => typeof globalThis.crypto?.getRandomValues === 'function',
    'crypto.getRandomValues (the engine draws PKCE verifiers, state and nonce from it; a secure context is required in browsers)'],
  ['TextEncoder', () => typeof TextEncoder === 'function' && typeof TextDecoder === 'function',
    'TextEncoder/TextDecoder (strings between JavaScript and the engine)'],
  ['performance.now', () => typeof globalThis.performance?.now === 'function',
    'performance.now (the engine clock)'],
  ['AbortController', () => typeof AbortController === 'function',
    'AbortController (request timeouts and cancel())'],
];

/**
 * Throws a PingflowError naming everything missing.
 * @param {{ fetch?: unknown }} opts the fetch the client will use (config.fetch or the global one)
 */
export function checkEnvironment(opts) {
  const missing = needs.filter(([, ok]) => !ok()).map(([, , why]) => why);
  if (typeof opts.fetch !== 'function') {
    missing.unshift('fetch (Node 18+ and every current browser have it; or pass config.fetch)');
  }
  if (missing.length > 0) {
    throw new PingflowError('environment', `pingflow cannot run here; missing: ${missing.join('; ')}`);
  }
}

/** True in a page with a DOM: the browser keeps cookies and can navigate. */
export function isBrowser() {
  return typeof window === 'object' && typeof document === 'object' && typeof location === 'object';
}
