import { PingflowError } from './errors.js';

// A thin handle on one engine inside the module. Each method calls the namespace function of
// the same name, passes JSON strings, and unwraps the {ok, value} / {ok:false, error} result:
// an error result is a misuse (or a bug) and becomes a PingflowError.

export class Engine {
  #ns;
  #handle;

  /**
   * @param {object} ns the module's namespace (globalThis.__pingflow)
   * @param {object} config the engine's configuration (flowcore.Config)
   * @param {object} options {pollIntervalMs, maxPolls, clockSkewMs}
   */
  constructor(ns, config, options) {
    this.#ns = ns;
    this.#handle = call(ns, 'create', JSON.stringify(config), JSON.stringify(options)).handle;
  }

  start() { return this.#call('start'); }
  login() { return this.#call('login'); }
  poll() { return this.#call('poll'); }
  retry() { return this.#call('retry'); }
  current() { return this.#call('current'); }
  open(flowId) { return this.#call('open', flowId); }
  handleRedirect(url) { return this.#call('handleRedirect', url); }
  receive(response) {
    // The body crosses as its own string argument, not escaped inside the JSON.
    const head = JSON.stringify(engineResponse(response));
    return response.body === undefined ? this.#call('receive', head) : this.#call('receive', head, String(response.body));
  }
  resolve(result) { return this.#call('resolve', JSON.stringify(result)); }
  submit(action, input) { return this.#call('submit', action, JSON.stringify(input ?? {})); }
  cancel() { this.#call('cancel'); }
  snapshot() { return this.#call('snapshot'); }
  restore(snapshot) { this.#call('restore', snapshot); }
  step() { return this.#call('step'); }
  tokens() { return this.#call('tokens'); }
  signoffUrl(params) { return this.#call('signoffUrl', JSON.stringify(params ?? {})); }
  refresh(refreshToken) { return this.#call('refresh', refreshToken); }
  destroy() { this.#call('destroy'); }

  #call(fn, ...args) {
    return call(this.#ns, fn, this.#handle, ...args);
  }
}

/**
 * The response as the engine reads it, without its body (which crosses apart): of the headers
 * only content-type and location (the engine reads no other; the bridge keeps them all for
 * itself, Retry-After among them), so that no more JSON than needed crosses into the module.
 */
function engineResponse({ body, headers: h, ...rest }) {
  if (!h) return rest;
  const headers = {};
  if (h['content-type'] !== undefined) headers['content-type'] = h['content-type'];
  if (h.location !== undefined) headers.location = h.location;
  return { ...rest, headers };
}

/** Calls ns[fn](...args) and unwraps its result. Exported for the benchmarks. */
export function call(ns, fn, ...args) {
  let raw;
  try {
    raw = ns[fn](...args);
  } catch (err) {
    // The module's functions never throw; this means it has exited (see loader.js).
    throw new PingflowError('internal', `the pingflow module failed in ${fn}: ${err?.message ?? err}`, { cause: err });
  }
  const result = JSON.parse(raw);
  if (!result.ok) {
    throw new PingflowError(result.error.code, result.error.message, { field: result.error.field });
  }
  return result.value;
}
