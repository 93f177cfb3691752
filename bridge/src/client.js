import { Engine } from './engine.js';
import { Cancelled, PingflowError } from './errors.js';
import { checkEnvironment } from './env.js';
import { loadModule } from './loader.js';
import { splitConfig } from './config.js';
import { perform, sleep, retryAfterMs } from './http.js';
import { makeLogger, describeResult } from './log.js';
import { toResult, bridgeFailure } from './results.js';
import { verifySignature } from './verify.js';
import { sharedTokens, TokenKeeper } from './tokens.js';
import { privateStorages } from './storage.js';
import {
  webauthnSource, performWebAuthn, performProtect, conditionalAvailable, passkeySupport,
  carriesReturn,
} from './ceremony.js';

/**
 * Loads the module (once per page or process), checks the environment and the configuration,
 * and returns a client for one application. Rejects only for misuse: a missing API, a bad
 * configuration, a module that cannot be loaded.
 * @param {object} config see pingflow.d.ts (ClientConfig)
 */
export async function createClient(config) {
  const { engine: engineConfig, engineOptions, bridge } = splitConfig(config);
  checkEnvironment(bridge);
  bridge.ahead = readAhead(engineConfig, bridge);
  const ns = await loadModule(bridge);
  let engine;
  try {
    engine = new Engine(ns, engineConfig, engineOptions);
  } catch (err) {
    // A value of the wrong type (maxAge: "60") fails JSON decoding in the module.
    if (err.code === 'bad_argument') throw new PingflowError('config', err.message, { cause: err });
    throw err;
  }
  // Renewals run on engines of their own, so a flow on screen is never disturbed.
  return new Client(engine, { ...bridge, clientId: engineConfig.clientId }, (overrides) => new Engine(ns, { ...engineConfig, ...overrides }, engineOptions));
}

/**
 * Open mode (openFlowId): the flow read is fully determined by the configuration, so it starts
 * now, while the module loads and Go starts. The first request the engine asks for takes its
 * answer when it is that very request (same method, URL, headers, credentials) and no middleware
 * could change it; otherwise the read is dropped and the engine's request sent as usual. The
 * engine still decides what the answer means.
 */
function readAhead(engine, bridge) {
  const id = bridge.openFlowId;
  if (!id || bridge.middleware.length || !/^[A-Za-z0-9-]{1,64}$/.test(id) || typeof engine.authPath !== 'string') return null;
  const base = engine.authPath.replace(/\/+$/, '') + (engine.customDomain ? '' : `/${engine.envId}`);
  // As the engine's Open builds it (flowcore: getJSON(base/flows/id, flow.read)).
  const req = { method: 'GET', url: `${base}/flows/${id}`, headers: { Accept: 'application/json' }, credentials: 'include', purpose: 'flow.read', idempotent: true };
  const controller = new AbortController();
  const ctx = { fetch: bridge.fetch, jar: bridge.cookies === 'browser' ? null : bridge.cookies, timeoutMs: bridge.timeoutMs, retries: bridge.retries, middleware: [], signal: controller.signal, log: makeLogger(bridge.debug) };
  const response = perform(req, ctx);
  response.catch(() => {}); // dropped (aborted) or taken: whoever takes it sees what happened
  return { req, response, controller };
}

/** sameRequest: does the engine's request ask exactly what the read ahead asked? */
function sameRequest(a, b) {
  const headers = (h) => JSON.stringify(Object.entries(h ?? {}).sort());
  return a.method === b.method && a.url === b.url && (a.credentials || 'omit') === b.credentials && !a.body && headers(a.headers) === headers(b.headers);
}

const EVENTS = ['step', 'error', 'tokens', 'expiring', 'expired', 'signedOut'];

/**
 * One sign-on client. Its calls run one at a time: a second call while one is running rejects
 * with code 'busy', except cancel() (always) and submit() while poll() waits.
 */
export class Client {
  #engine;
  #opts;
  #log;
  #jar;
  #middleware;
  #listeners = new Map(EVENTS.map((e) => [e, new Set()]));
  #busy = null; // the name of the running call
  #abort = null; // aborts the running call (cancel)
  #poller = null; // while poll() runs: { interrupt, queued }
  #delayMs = 0; // the engine's delay before the next poll
  #keeper; // tokens after sign-on (src/tokens.js), shared with the clients of the same storage
  #onShared;
  #lastForm = null; // the step of the last form result (what autofill() looks at)
  #autofill = null; // while autofill() runs: { controller, promise, running, cancelled }
  #returns = new WeakMap(); // redirect result of a navigate ceremony → {flowId, protocol} of its step
  #notBefore = 0; // Date.now() before which retry() waits (the last failure's Retry-After)
  // A read begun before the engine asks for it — createClient's openFlowId read, or a fetch
  // effect's ahead (the JWKS beside the code exchange): { req, response, controller }. The next
  // fetch the engine asks for takes its answer when it is that very request (#takeEarly); any
  // other drops it, as does the end of the call.
  #early = null;
  // With a storage of this client's own (the default outside browsers: memory nobody else can
  // read), the snapshot would only ever come back into this engine, which already holds the
  // flow: none is taken after each step. #held says that the engine itself stands for the
  // snapshot that would have been saved; before anything changes the engine outside a call
  // (autofill), or when a call fails with an error, it is taken after all (#materialize).
  #private;
  #held = false;
  // In a page whose storage is the Web Storage (sessionStorage by default), the snapshot of a
  // form or wait step is taken when it can be needed rather than after each step: when the page
  // is hidden (visibilitychange) or left (pagehide: a reload, a navigation, the tab closing),
  // when the client is disposed, and before anything else reads it (#deferred; see "Snapshots"
  // in README.md for what a crash keeps).
  #deferred;
  #onHidden = null;
  // Whether the storage may hold a snapshot or marker under this client's keys: a new client
  // does not know (an earlier page may have left one); after they are removed, only a save can
  // put one back, so removing them again is skipped.
  #mayHold = true;

  constructor(engine, opts, spawn) {
    this.#engine = engine;
    this.#opts = opts;
    this.#early = opts.ahead ?? null;
    this.#log = makeLogger(opts.debug);
    this.#jar = opts.cookies === 'browser' ? null : opts.cookies;
    this.#private = privateStorages.has(opts.storage);
    this.#deferred = !this.#private && opts.persist && pageLifecycle(opts.storage);
    if (this.#deferred) {
      this.#onHidden = (event) => {
        if (event.type === 'pagehide' || globalThis.document.visibilityState === 'hidden') this.#materializeNow();
      };
      globalThis.addEventListener('pagehide', this.#onHidden);
      globalThis.document.addEventListener('visibilitychange', this.#onHidden);
    }
    this.#middleware = [...opts.middleware];
    const shared = sharedTokens(opts.storage, opts.sessionKey, { persist: opts.persistTokens, syncTabs: opts.syncTabs });
    this.#keeper = new TokenKeeper(shared, spawn, () => this.#http(new AbortController().signal), this.#log);
    this.#onShared = (event, payload) => this.#fire(event, payload, event === 'tokens' ? { kind: 'success', tokens: payload } : undefined);
    shared.listeners.add(this.#onShared);
  }

  /**
   * The current tokens (of the last sign-on or renewal, here or in a client sharing this one's
   * storage, or another tab), or null. In memory; only the refresh token may be persisted.
   */
  get tokens() {
    return this.#keeper.shared.tokens;
  }

  /**
   * Valid tokens: the current ones, or new ones when they expire within minValidityMs —
   * refreshed with the refresh token (rotation kept), or without one renewed silently
   * (prompt=none) while the PingOne session lives. One renewal at a time across the clients
   * sharing a storage and across tabs. Rejects when none can be had: err.code is the error's
   * (login_required, grant_rejected, network...), err.class its class, err.error the whole error.
   */
  getTokens({ minValidityMs = 0 } = {}) {
    if (!(minValidityMs >= 0)) return Promise.reject(new PingflowError('usage', 'getTokens: minValidityMs must be a number of milliseconds ≥ 0'));
    return this.#keeper.getTokens(minValidityMs);
  }

  /** New tokens now (see getTokens), whatever the current ones' expiry. */
  refresh() {
    return this.#keeper.refresh();
  }

  /** The userinfo claims for the current access token; their sub is checked against the ID token's. */
  userinfo() {
    return this.#keeper.userinfo(this.#issuer);
  }

  /** The issuer, {authPath}/{envId}/as (or the custom domain's), as the engine builds it. */
  get #issuer() {
    const u = new URL(this.#engine.signoffUrl({ idTokenHint: '-' }));
    return u.origin + u.pathname.replace(/\/signoff$/, '');
  }

  /** Listens to 'step' (form and wait results), 'error' (failures and step errors) or 'tokens'. */
  on(event, fn) {
    const set = this.#listeners.get(event);
    if (!set) throw new PingflowError('usage', `on: unknown event ${JSON.stringify(event)}; events are ${EVENTS.join(', ')}`);
    if (typeof fn !== 'function') throw new PingflowError('usage', 'on: the listener must be a function');
    set.add(fn);
    return () => set.delete(fn);
  }

  /** Adds request middleware: fn(request, info) may change request.headers (or return changes). */
  use(fn) {
    if (typeof fn !== 'function') throw new PingflowError('usage', 'use: middleware must be a function');
    this.#middleware.push(fn);
    return () => {
      const i = this.#middleware.indexOf(fn);
      if (i >= 0) this.#middleware.splice(i, 1);
    };
  }

  /** Embedded sign-on: authorize with response_mode=pi.flow; resolves with the first step. */
  start() {
    return this.#run('start', (signal) => this.#drive(this.#engine.start(), signal));
  }

  /** Continues a flow PingOne sent to this page with ?flowId= (a custom sign-on page). */
  open(flowId) {
    if (typeof flowId !== 'string') return Promise.reject(new PingflowError('usage', 'open: flowId must be a string'));
    return this.#run('open', (signal) => this.#drive(this.#engine.open(flowId), signal));
  }

  /** Performs one of the step's actions with the person's input. */
  submit(action, input = {}) {
    if (typeof action !== 'string') return Promise.reject(new PingflowError('usage', 'submit: action must be a string'));
    if (input === null || typeof input !== 'object' || Array.isArray(input)) {
      return Promise.reject(new PingflowError('usage', 'submit: input must be an object of field values'));
    }
    if (tooDeep(input, MAX_INPUT_DEPTH)) {
      return Promise.reject(new PingflowError('usage', `submit: input is nested more than ${MAX_INPUT_DEPTH} levels deep (or refers to itself); field values are strings, booleans, arrays or small objects`));
    }
    const run = () => this.#run('submit', (signal) => this.#drive(this.#engine.submit(action, input), signal));
    const poller = this.#poller;
    if (poller) {
      // The person acted while poll() waits (chose another device, say): polling stops, the
      // action is sent, and poll() and submit() both resolve with what it leads to.
      if (poller.queued) return Promise.reject(new PingflowError('busy', 'submit: another submit is already waiting for poll() to stop'));
      poller.queued = { run };
      poller.queued.promise = new Promise((resolve) => { poller.queued.resolve = resolve; });
      poller.interrupt.abort();
      return poller.queued.promise;
    }
    return run();
  }

  /**
   * After a 'wait' result (push confirmation): waits the engine's delay, reads the flow again,
   * and repeats until the flow moves on. cancel() stops it; submit() replaces it.
   */
  poll() {
    return this.#run('poll', async (signal) => {
      const poller = { interrupt: new AbortController(), queued: null };
      this.#poller = poller;
      const superseded = () => poller.interrupt.signal.aborted && !signal.aborted;
      try {
        for (;;) {
          try {
            await sleep(this.#delayMs, anySignal(signal, poller.interrupt.signal));
          } catch (err) {
            if (superseded()) return { superseded: poller };
            throw err;
          }
          const result = await this.#drive(this.#engine.poll(), signal);
          if (superseded()) return { superseded: poller, result };
          if (result.kind !== 'wait') return result;
          this.#delayMs = result.delayMs;
        }
      } catch (err) {
        // A submit() queued behind this poll must not wait forever.
        poller.queued?.resolve(err instanceof Cancelled
          ? bridgeFailure('cancelled', 'restart', 'submit() was cancelled')
          : Promise.reject(err));
        throw err;
      } finally {
        this.#poller = null;
      }
    });
  }

  /** Sends again the request that failed with a retry-class failure (an action is re-read, not re-sent). */
  retry() {
    return this.#run('retry', async (signal) => {
      // A 429/503 asked for a pause (Retry-After): it is kept, up to retries.maxWaitMs.
      const wait = Math.min(this.#notBefore - Date.now(), this.#opts.retries.maxWaitMs);
      if (wait > 0) await sleep(wait, signal);
      return this.#drive(this.#engine.retry(), signal);
    });
  }

  /** Redirect sign-on: saves a snapshot and navigates to authorize (resolves with the URL). */
  login() {
    return this.#run('login', (signal) => this.#drive(this.#engine.login(), signal));
  }

  /** The end of a redirect sign-on: exchanges the code in the callback URL for tokens. */
  handleRedirect(url = globalThis.location?.href) {
    if (typeof url !== 'string' && !(url instanceof URL)) {
      return Promise.reject(new PingflowError('usage', 'handleRedirect: pass the callback URL'));
    }
    return this.#run('handleRedirect', async (signal) => {
      const refused = await this.#restoreSnapshot();
      if (refused) return refused;
      return this.#drive(this.#engine.handleRedirect(String(url)), signal);
    });
  }

  /**
   * Continues the flow saved before a reload. Resolves with its current result, or null when
   * nothing was saved or nothing is left to do here. When the saved flow sent the browser to an
   * external identity provider and url (the page's address by default) is the way back from it
   * (it carries flowId, continueToken or error), the flow continues from there; when the page
   * was reached without them (the Back button), the step the person left comes back.
   */
  restore(url = globalThis.location?.href) {
    if (url !== undefined && typeof url !== 'string' && !(url instanceof URL)) {
      return Promise.reject(new PingflowError('usage', 'restore: url must be a string or a URL'));
    }
    return this.#run('restore', async (signal) => {
      const refused = await this.#restoreSnapshot();
      if (refused !== undefined) return refused;
      // The marker saved with the snapshot says the browser left for an identity provider: its
      // answer, when the address carries it, goes to the engine before anything else (asked
      // for its current effect, the engine gives the navigation up and shows the step again).
      const due = await this.#awaitsReturn();
      if (due && url !== undefined && carriesReturn(String(url))) {
        try {
          return await this.#drive(this.#engine.handleRedirect(String(url)), signal);
        } catch (err) {
          if (err.code !== 'usage') throw err;
        }
      }
      let effect;
      try {
        effect = this.#engine.current();
      } catch (err) {
        if (err.code !== 'usage') throw err;
        if (due) await this.#forget(); // nothing the engine can continue from
        return null; // idle, or waiting for a login() callback (handleRedirect)
      }
      if (isNavigate(effect)) {
        await this.#forget();
        return null;
      }
      return this.#drive(effect, signal); // the Back button: the step the person left
    });
  }

  /**
   * Passkey autofill: when the step on screen offers an action that may run with conditional
   * mediation (action.conditional), starts it in the background. Resolves with the result it
   * leads to once the person picks a passkey from the browser's autofill list, or null when
   * there is nothing to autofill or it was stopped: by another call (a submit() of the
   * password, say — which goes ahead at once), cancel(), stopAutofill(), or the page leaving.
   * Never rejects for a cancellation. Calling it again while it waits returns the same promise.
   */
  autofill() {
    if (this.#autofill) return this.#autofill.promise;
    if (this.#busy) {
      return Promise.reject(new PingflowError('busy', `autofill() was called while ${this.#busy}() is still running; await it first`));
    }
    const action = this.#lastForm?.actions?.find((a) => a.conditional);
    if (!action) return Promise.resolve(null);
    const af = { controller: new AbortController(), running: false, cancelled: false };
    this.#autofill = af;
    const onHide = () => this.stopAutofill();
    if (typeof globalThis.addEventListener === 'function') globalThis.addEventListener('pagehide', onHide);
    af.promise = this.#autofillRun(af, action.name).finally(() => {
      if (typeof globalThis.removeEventListener === 'function') globalThis.removeEventListener('pagehide', onHide);
      if (this.#autofill === af) this.#autofill = null;
    });
    return af.promise;
  }

  /**
   * Stops a waiting autofill(), which resolves with null. Too late once the person has picked a
   * passkey: that sign-on goes on (cancel() stops it).
   */
  stopAutofill() {
    const af = this.#autofill;
    if (!af || af.running) return;
    this.#autofill = null;
    af.controller.abort();
  }

  /** What this client can do with passkeys here: {webauthn, conditional, platformAuthenticator}. */
  capabilities() {
    return passkeySupport({ webauthn: this.#opts.webauthn });
  }

  /** Abandons the flow. A running call resolves with a 'cancelled' failure, autofill() with null. */
  cancel() {
    if (this.#autofill) this.#autofill.cancelled = true;
    this.stopAutofill();
    this.#abort?.abort();
    this.#engine.cancel();
    this.#forget();
  }

  /**
   * Signs off (OpenID Connect RP-initiated logout). In a browser it navigates to the signoff
   * URL; elsewhere (or with navigate: false) it requests it, which ends the PingOne session.
   */
  async logout(opts = {}) {
    this.stopAutofill();
    if (this.#busy) this.cancel();
    const tokens = this.#keeper.shared.tokens;
    const url = this.#engine.signoffUrl({
      idTokenHint: opts.idTokenHint ?? tokens?.idToken,
      postLogoutRedirectUri: opts.postLogoutRedirectUri,
      state: opts.state,
    });
    // Revoked before the signoff, so that neither outlives it; then forgotten here and in the
    // other tabs (signedOut).
    await this.#keeper.revoke(this.#issuer, tokens, this.#opts.clientId);
    this.#keeper.shared.clear();
    this.#engine.cancel();
    await this.#forget();
    if (this.#opts.navigate) {
      this.#opts.navigate(url);
      return { kind: 'redirect', url };
    }
    const req = { method: 'GET', url, headers: {}, credentials: 'include', purpose: 'signoff', idempotent: true };
    const response = await perform(req, this.#http(new AbortController().signal));
    if (response.networkError !== undefined || response.status >= 400) {
      const why = response.networkError ?? `HTTP ${response.status}`;
      return bridgeFailure(response.networkError ? 'network' : 'signoff_rejected', response.networkError ? 'retry' : 'misconfiguration',
        `signoff failed: ${why}`);
    }
    return { kind: 'signedOut', url, status: response.status };
  }

  /** Frees the engine inside the module. The client cannot be used afterwards. */
  dispose() {
    this.#keeper.shared.listeners.delete(this.#onShared);
    this.stopAutofill();
    if (this.#onHidden) {
      globalThis.removeEventListener('pagehide', this.#onHidden);
      globalThis.document.removeEventListener('visibilitychange', this.#onHidden);
      this.#materializeNow(); // a client made later in this page restores the step on screen
    }
    this.#abort?.abort();
    this.#engine.destroy();
  }

  // ---- the effect loop ----

  /**
   * Runs body as the client's one running call. body returns a result (or null, or a poll
   * hand-off); the result is logged, saved, announced and returned.
   */
  async #run(name, body) {
    // Any call replaces a waiting autofill: its WebAuthn request is aborted and the call goes
    // ahead (the engine lets an action be submitted while a ceremony is pending).
    this.stopAutofill();
    if (this.#busy) {
      throw new PingflowError('busy', `${name}() was called while ${this.#busy}() is still running; await it (or cancel())`);
    }
    this.#busy = name;
    const abort = new AbortController();
    this.#abort = abort;
    let outcome;
    try {
      outcome = await body(abort.signal);
    } catch (err) {
      if (!(err instanceof Cancelled)) {
        await this.#materialize(); // restorable as the failed call left the engine (a usage error: unchanged)
        throw err;
      }
      outcome = bridgeFailure('cancelled', 'restart', `${name}() was cancelled`);
    } finally {
      this.#busy = null;
      this.#abort = null;
    }
    if (outcome?.superseded) {
      const { queued } = outcome.superseded;
      if (outcome.result && outcome.result.kind !== 'wait') {
        // The flow moved on (the push was answered) before the action could be sent: there
        // is nothing left to act on, so both calls get where the flow went.
        const result = await this.#settle(name, outcome.result);
        queued.resolve(result);
        return result;
      }
      // poll() stopped for a submit(): run it now that the client is free.
      queued.resolve(queued.run());
      return queued.promise;
    }
    if (abort.signal.aborted) return outcome; // cancelled: nothing to save or announce
    return this.#settle(name, outcome);
  }

  /**
   * Performs fetch effects and ceremonies (WebAuthn, Protect) until the engine asks for
   * something only the page can give, or sends the browser away (a navigate ceremony).
   */
  async #drive(effect, signal) {
    try {
      return await this.#loop(effect, signal);
    } finally {
      this.#dropEarly(); // the engine did not ask for it (the exchange failed, another request came...)
    }
  }

  async #loop(effect, signal) {
    for (;;) {
      if (effect.kind === 'fetch') {
        const req = effect.request;
        const pending = this.#takeEarly(req, signal) ?? perform(req, this.#http(signal));
        if (effect.ahead) this.#readEarly(effect.ahead);
        const response = await pending;
        if (signal.aborted) throw new Cancelled();
        effect = this.#engine.receive(response);
        const after = effect.kind === 'fail' ? retryAfterMs(response) : 0;
        this.#notBefore = Date.now() + after;
        if (after > 0) effect.error.retryAfterMs = after;
      } else if (effect.kind === 'ceremony' && !isNavigate(effect)) {
        effect = this.#engine.resolve(await this.#ceremony(effect.ceremony, signal));
      } else if (effect.kind === 'verify') {
        // The ID token's signature, checked with WebCrypto (src/verify.js).
        effect = this.#engine.resolve(await verifySignature(effect.verify));
        if (signal.aborted) throw new Cancelled();
      } else {
        const result = toResult(effect);
        if (effect.kind === 'ceremony') {
          // navigate: snapshot (with a marker saying a return is due), then go
          const step = effect.ceremony.step;
          this.#returns.set(result, { flowId: step?.flowId ?? '', protocol: step?.protocol ?? '' });
        }
        return result;
      }
    }
  }

  /** Performs one ceremony; resolves with its CeremonyResult (failures included). */
  async #ceremony(ceremony, signal) {
    let outcome;
    switch (ceremony.kind) {
      case 'webauthn.get':
      case 'webauthn.create':
        outcome = await performWebAuthn(webauthnSource(this.#opts.webauthn), ceremony, signal);
        break;
      case 'protect':
        outcome = await performProtect(this.#opts.protect, ceremony.protect, this.#opts.timeoutMs, signal);
        break;
      default:
        outcome = { error: 'NotSupportedError', message: `this bridge cannot perform a ${ceremony.kind} ceremony` };
    }
    if (signal.aborted) throw new Cancelled();
    this.#logCeremony(ceremony, outcome);
    return outcome;
  }

  #logCeremony(ceremony, outcome) {
    if (!this.#log.enabled) return;
    // Never the credential or the signals: only what happened.
    this.#log.log('ceremony', {
      kind: ceremony.kind, action: ceremony.action, mediation: ceremony.mediation || undefined,
      outcome: outcome.error ?? (outcome.credential ? 'credential' : 'signals'),
    });
  }

  /** The body of autofill(): the conditional request, then (once a passkey is picked) a call. */
  async #autofillRun(af, actionName) {
    const { signal } = af.controller;
    if (!(await conditionalAvailable(this.#opts.webauthn)) || signal.aborted) return null;
    const finish = async (next) => {
      af.running = true; // from here on it is the client's running call
      const result = await this.#run('autofill', (s) => this.#drive(next, s));
      return af.cancelled && result?.kind === 'failure' && result.error.code === 'cancelled' ? null : result;
    };
    await this.#materialize(); // the engine changes below, outside a call
    if (signal.aborted) return null;
    let effect = this.#engine.submit(actionName, { mediation: 'conditional' });
    // Another ceremony may come first (Protect signals for the form): it runs in the background
    // too, until the conditional request itself, which waits for the person.
    while (effect.kind === 'ceremony' && !isNavigate(effect) && effect.ceremony.mediation !== 'conditional') {
      let outcome;
      try {
        outcome = await this.#ceremony(effect.ceremony, signal);
      } catch (err) {
        if (err instanceof Cancelled) return null;
        throw err;
      }
      effect = this.#engine.resolve(outcome);
    }
    if (effect.kind !== 'ceremony' || isNavigate(effect)) return finish(effect);
    let outcome;
    try {
      outcome = await performWebAuthn(webauthnSource(this.#opts.webauthn), effect.ceremony, signal);
    } catch (err) {
      if (err instanceof Cancelled) return null; // stopped or replaced: the engine moves on without it
      throw err;
    }
    if (signal.aborted) return null;
    this.#logCeremony(effect.ceremony, outcome);
    if (outcome.error) {
      // The browser ended the conditional request by itself (a cancellation, or a refusal such
      // as SecurityError on an address WebAuthn does not serve): autofill is only ever an offer,
      // so the engine shows the step again and autofill() resolves with null.
      const next = this.#engine.resolve(outcome);
      return next.kind === 'show' ? null : finish(next);
    }
    return finish(this.#engine.resolve(outcome));
  }

  /**
   * A fetch effect may carry `ahead`: the request the engine expects to ask for next (the JWKS
   * beside the code exchange while it has no keys, flowcore Effect.Ahead). It is sent at once,
   * beside the effect's own request, so its answer comes one round trip sooner; the engine still
   * asks for it and decides what it means. Not with middleware, which might change or log a
   * request the engine never asks for.
   */
  #readEarly(req) {
    if (this.#middleware.length > 0) return;
    this.#dropEarly();
    const controller = new AbortController();
    const response = perform(req, this.#http(controller.signal));
    response.catch(() => {}); // dropped (aborted) or taken: whoever takes it sees what happened
    this.#early = { req, response, controller };
  }

  /**
   * The read begun early when req is that very read and no middleware could change it (added by
   * use() since), else null — and the early read is dropped. cancel() (signal) aborts a taken read.
   */
  #takeEarly(req, signal) {
    const early = this.#early;
    if (!early) return null;
    this.#early = null;
    if (this.#middleware.length === 0 && sameRequest(req, early.req)) {
      signal.addEventListener('abort', () => early.controller.abort(), { once: true });
      return early.response;
    }
    early.controller.abort();
    return null;
  }

  #dropEarly() {
    this.#early?.controller.abort();
    this.#early = null;
  }

  #http(signal) {
    const o = this.#opts;
    return { fetch: o.fetch, jar: this.#jar, timeoutMs: o.timeoutMs, retries: o.retries, middleware: this.#middleware, signal, log: this.#log };
  }

  async #settle(name, result) {
    if (result === null) return null;
    if (this.#log.enabled) this.#log.log('result', { call: name, ...describeResult(result) });
    if (result.kind === 'wait') this.#delayMs = result.delayMs;
    this.#lastForm = result.kind === 'form' ? result.step : null;
    if (result.kind === 'success') this.#keeper.shared.set(result.tokens, { except: this.#onShared });
    await this.#save(name, result);
    if (result.kind === 'redirect' && this.#opts.navigate) this.#opts.navigate(result.url);
    this.#emit(result);
    return result;
  }

  // ---- snapshots ----

  /**
   * Keeps a snapshot while there is a flow to come back to: a step on screen, a login on its
   * way to authorize, or a request worth retrying. A finished, failed or handed-over flow
   * leaves nothing behind. login() and a navigate ceremony save even with persist: false, since
   * the way back needs it.
   */
  async #save(name, result) {
    // A navigate ceremony's redirect must survive the trip to the identity provider and back.
    const going = this.#returns.get(result);
    const away = result.kind === 'redirect' && (name === 'login' || going !== undefined);
    const keep = result.kind === 'form' || result.kind === 'wait' || away
      || (result.kind === 'failure' && result.error.class === 'retry');
    if (!keep) return this.#forget();
    const storage = this.#opts.storage;
    const step = result.kind === 'form' || result.kind === 'wait';
    try {
      if ((this.#private || (this.#deferred && step)) && !away) {
        if (this.#opts.persist) {
          this.#held = true;
          // As a new snapshot would replace the old one, and so would the marker below.
          if (this.#mayHold) {
            this.#mayHold = false;
            await storage.removeItem(this.#opts.storageKey);
            await storage.removeItem(this.#awayKey);
          }
        } else if (this.#mayHold) {
          await storage.removeItem(this.#awayKey); // a login() snapshot stays for its callback
        }
        return undefined;
      }
      if (this.#opts.persist || away) {
        this.#held = false;
        this.#mayHold = true;
        await storage.setItem(this.#opts.storageKey, this.#engine.snapshot());
      }
      // The marker goes with the snapshot taken for a navigation, and with no other.
      if (going) await storage.setItem(this.#awayKey, JSON.stringify({ ...going, at: Date.now() }));
      else if (this.#mayHold) await storage.removeItem(this.#awayKey);
    } catch (err) {
      // A full or disabled storage costs the reload-survival, not the sign-on in progress.
      this.#log.log('storage', { error: String(err?.message ?? err) });
    }
    return undefined;
  }

  async #forget() {
    this.#held = false;
    if (!this.#mayHold) return;
    this.#mayHold = false;
    try {
      await this.#opts.storage.removeItem(this.#opts.storageKey);
      await this.#opts.storage.removeItem(this.#awayKey);
    } catch (err) {
      this.#log.log('storage', { error: String(err?.message ?? err) });
    }
  }

  /** Where the marker of a pending return from an identity provider is kept. */
  get #awayKey() {
    return `${this.#opts.storageKey}:away`;
  }

  /** Whether the restored snapshot was taken as the browser left for an identity provider. */
  async #awaitsReturn() {
    try {
      const marker = await this.#opts.storage.getItem(this.#awayKey);
      return typeof marker === 'string' && marker !== '';
    } catch {
      return false;
    }
  }

  /** Takes the snapshot the engine stands for (#held) into the storage after all. */
  async #materialize() {
    if (!this.#held) return;
    this.#held = false;
    this.#mayHold = true;
    try {
      await this.#opts.storage.setItem(this.#opts.storageKey, this.#engine.snapshot());
    } catch (err) {
      this.#log.log('storage', { error: String(err?.message ?? err) });
    }
  }

  /**
   * #materialize for a page being hidden or left: at once (Web Storage is synchronous). The
   * engine may be in the middle of a call; its snapshot then stands for the step on screen (an
   * action under way is read again, a ceremony is given up: flowcore's Snapshot).
   */
  #materializeNow() {
    if (!this.#held) return;
    this.#held = false;
    this.#mayHold = true;
    try {
      this.#opts.storage.setItem(this.#opts.storageKey, this.#engine.snapshot());
    } catch (err) {
      this.#log.log('storage', { error: String(err?.message ?? err) });
    }
  }

  /** Restores the saved snapshot, if any. Returns a failure result if it was refused. */
  async #restoreSnapshot() {
    if (this.#held) return undefined; // the engine holds it already
    const snapshot = await this.#opts.storage.getItem(this.#opts.storageKey);
    if (snapshot === null || snapshot === undefined) return null;
    try {
      this.#engine.restore(snapshot);
      return undefined;
    } catch (err) {
      if (err.code !== 'snapshot') throw err;
      await this.#forget();
      return bridgeFailure('snapshot_refused', 'restart', err.message);
    }
  }

  // ---- events ----

  #emit(result) {
    switch (result.kind) {
      case 'form':
      case 'wait':
        this.#fire('step', result, result);
        if (result.step.error) this.#fire('error', result.step.error, result);
        break;
      case 'failure':
        this.#fire('error', result.error, result);
        break;
      case 'success':
        this.#fire('tokens', result.tokens, result);
        break;
      default:
    }
  }

  #fire(event, payload, result) {
    for (const fn of this.#listeners.get(event)) {
      try {
        fn(payload, result);
      } catch (err) {
        // A listener's bug is the page's to see, but it must not stop the flow or other listeners.
        if (typeof globalThis.reportError === 'function') globalThis.reportError(err);
        else console.error('pingflow: a %s listener threw', event, err);
      }
    }
  }
}

/** How deep submit()'s input may nest (a phone is {countryCode, phoneNumber}: depth 2). */
const MAX_INPUT_DEPTH = 32;

/** Whether value nests deeper than max (a cycle always does), walked without recursion. */
function tooDeep(value, max) {
  const stack = [[value, 1]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop();
    if (depth > max) return true;
    for (const child of Object.values(v)) {
      if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
    }
  }
  return false;
}

/**
 * Whether snapshots may wait for the page to be hidden or left: in a page (window events and
 * document.visibilityState) whose storage is its synchronous Web Storage, which a pagehide
 * listener can still write to. Any other storage (possibly asynchronous) is written after each step.
 */
function pageLifecycle(storage) {
  const doc = globalThis.document;
  if (typeof globalThis.addEventListener !== 'function' || typeof doc?.addEventListener !== 'function'
    || typeof doc.visibilityState !== 'string') return false;
  try {
    return storage === globalThis.sessionStorage || storage === globalThis.localStorage;
  } catch {
    return false; // storage disabled: reading the property throws
  }
}

/** Whether effect is a navigate ceremony (the browser goes to an identity provider). */
function isNavigate(effect) {
  return effect?.kind === 'ceremony' && effect.ceremony?.kind === 'navigate';
}

/** An AbortSignal that aborts when either a or b does. */
function anySignal(a, b) {
  const c = new AbortController();
  const abort = () => c.abort();
  if (a.aborted || b.aborted) c.abort();
  a.addEventListener('abort', abort, { once: true });
  b.addEventListener('abort', abort, { once: true });
  return c.signal;
}
