// Tokens after sign-on: kept valid (refresh_token grant with rotation, or a silent prompt=none
// sign-on), one renewal at a time (within a page or process, and across tabs), userinfo,
// revocation, and the token events. The requests and their checks are the engine's (a refresh
// goes through the same ID token checks as a sign-on, signature included); this file decides
// when, and shares the outcome.

import { PingflowError } from './errors.js';
import { perform } from './http.js';
import { normaliseError } from './results.js';
import { verifySignature } from './verify.js';
import { withLock, openChannel, settle } from './sync.js';

/** The 'expiring' event fires this long before the access token expires. */
export const EXPIRING_MS = 60_000;

// Clients that share a storage object (and storage key) share their tokens: one page's clients,
// or in Node the clients given one storage, as tabs of one browser would.
const registry = new WeakMap();

/** The token state shared by the clients of storage under key. */
export function sharedTokens(storage, key, { persist, syncTabs }) {
  let byKey = registry.get(storage);
  if (!byKey) registry.set(storage, (byKey = new Map()));
  let shared = byKey.get(key);
  if (!shared) byKey.set(key, (shared = new SharedTokens(key, persist, syncTabs)));
  return shared;
}

class SharedTokens {
  tokens = null;
  inflight = null; // the renewal under way in this page or process
  listeners = new Set(); // (event, payload) => void, one per client
  #key;
  #persist; // sessionStorage / localStorage for the refresh token, or null
  #channel = null;
  #timers = [];

  constructor(key, persist, syncTabs) {
    this.#key = key;
    this.#persist = persist;
    if (syncTabs) {
      this.#channel = openChannel(`${key}:tokens`, (msg) => {
        if (msg.type === 'tokens' && msg.tokens?.accessToken) this.set(msg.tokens, { fromTab: true });
        else if (msg.type === 'signedOut') this.clear({ fromTab: true });
      });
    }
  }

  get lockName() {
    return `${this.#key}:refresh`;
  }

  /** New tokens: kept, persisted (the refresh token, when asked), told to the clients and tabs. */
  set(tokens, { fromTab = false, except = null } = {}) {
    this.tokens = tokens;
    this.#schedule();
    if (!fromTab) {
      this.#save(tokens);
      this.#channel?.post({ type: 'tokens', tokens });
    }
    this.emit('tokens', tokens, except);
  }

  /** Signed out: the tokens forgotten here, in storage and in the other tabs. */
  clear({ fromTab = false } = {}) {
    const had = this.tokens !== null;
    this.tokens = null;
    this.#schedule();
    if (!fromTab) {
      this.#save(null);
      this.#channel?.post({ type: 'signedOut' });
    }
    if (had || fromTab) this.emit('signedOut', { otherTab: fromTab });
  }

  /** The persisted refresh token and its subject, or null. */
  persisted() {
    try {
      const raw = this.#persist?.getItem(`${this.#key}:tokens`);
      const saved = raw ? JSON.parse(raw) : null;
      return typeof saved?.refreshToken === 'string' ? saved : null;
    } catch {
      return null;
    }
  }

  /** Tells every client's listeners (but except's: a client that announces a sign-on itself). */
  emit(event, payload, except = null) {
    for (const fn of this.listeners) if (fn !== except) fn(event, payload);
  }

  #save(tokens) {
    if (!this.#persist) return;
    try {
      const key = `${this.#key}:tokens`;
      if (tokens?.refreshToken) {
        this.#persist.setItem(key, JSON.stringify({ refreshToken: tokens.refreshToken, sub: subjectOf(tokens) }));
      } else {
        this.#persist.removeItem(key);
      }
    } catch {
      // a full or disabled storage costs the persistence, not the tokens in memory
    }
  }

  /** 'expiring' EXPIRING_MS before the access token expires, 'expired' when it does. */
  #schedule() {
    for (const t of this.#timers) clearTimeout(t);
    this.#timers = [];
    const tokens = this.tokens;
    if (!tokens?.expiresAt) return;
    const at = (ms, event) => {
      const t = setTimeout(() => { if (this.tokens === tokens) this.emit(event, tokens); }, Math.max(0, Math.min(ms, 2 ** 31 - 1)));
      t.unref?.(); // Node: a timer must not keep the process alive
      this.#timers.push(t);
    };
    const left = tokens.expiresAt - Date.now();
    at(left - EXPIRING_MS, 'expiring');
    at(left, 'expired');
  }
}

/** The ID token's subject, or ''. */
export function subjectOf(tokens) {
  return tokens?.claims?.sub ?? '';
}

/** Whether tokens are good for at least minValidityMs more. */
function fresh(tokens, minValidityMs) {
  return !!tokens && (!tokens.expiresAt || tokens.expiresAt - Date.now() > minValidityMs);
}

/** A rejection for a renewal or request that failed: code and class are the error's. */
export function tokenError(error) {
  const err = new PingflowError(error.code, error.message);
  err.class = error.class;
  err.error = error;
  return err;
}

/**
 * One client's side of the tokens: its engines for refreshing and for silent renewal (never the
 * sign-on engine, so a flow on screen is not disturbed), and its requests (with its cookies and
 * middleware).
 */
export class TokenKeeper {
  #shared;
  #spawn;
  #http;
  #log;
  #refresher = null;
  #renewer = null;

  /**
   * @param {SharedTokens} shared
   * @param {(configOverrides: object) => import('./engine.js').Engine} spawn a new engine
   * @param {() => object} http the client's request options (fetch, cookies, middleware...)
   * @param {object} log
   */
  constructor(shared, spawn, http, log) {
    this.#shared = shared;
    this.#spawn = spawn;
    this.#http = http;
    this.#log = log;
  }

  get shared() {
    return this.#shared;
  }

  /** Valid tokens, renewed first when they expire within minValidityMs. */
  async getTokens(minValidityMs = 0) {
    const t = this.#shared.tokens;
    if (fresh(t, minValidityMs)) return t;
    return this.#renewOnce(t, minValidityMs);
  }

  /** New tokens now, whatever the old ones' expiry. */
  refresh() {
    return this.#renewOnce(this.#shared.tokens, Infinity);
  }

  /**
   * One renewal at a time: a call while one runs in this page or process waits for it, and
   * across tabs the Web Lock serialises them — the tab that gets the lock second finds the first
   * one's tokens (broadcast) and does not spend the refresh token again.
   */
  #renewOnce(seen, minValidityMs) {
    const shared = this.#shared;
    if (shared.inflight) return shared.inflight;
    const run = withLock(shared.lockName, async (waited) => {
      await settle(waited);
      const now = shared.tokens;
      if (now && now !== seen) return now; // renewed meanwhile (another tab): spend nothing
      return this.#renew(now);
    });
    shared.inflight = run.finally(() => { shared.inflight = null; });
    return shared.inflight;
  }

  async #renew(old) {
    const saved = old ? null : this.#shared.persisted();
    const refreshToken = old?.refreshToken ?? saved?.refreshToken;
    const subject = old ? subjectOf(old) : (saved?.sub ?? '');
    let out;
    if (refreshToken) {
      this.#refresher ??= this.#spawn({});
      out = await this.#drive(this.#refresher, this.#refresher.refresh(refreshToken));
      if (out.error && this.#shared.tokens && this.#shared.tokens.refreshToken !== refreshToken) {
        return this.#shared.tokens; // another tab rotated it meanwhile: its tokens are the ones
      }
    } else {
      // No refresh token: a silent sign-on (prompt=none) while the PingOne session lives.
      this.#renewer ??= this.#spawn({ prompt: 'none' });
      out = await this.#drive(this.#renewer, this.#renewer.start());
    }
    if (out.error) throw tokenError(out.error);
    const tokens = { ...out.tokens };
    if (!tokens.idToken && old) Object.assign(tokens, { idToken: old.idToken, claims: old.claims });
    if (!tokens.refreshToken && refreshToken && old?.refreshToken === refreshToken) tokens.refreshToken = refreshToken; // not rotated
    if (subject && subjectOf(tokens) !== subject) {
      throw tokenError(normaliseError({ code: 'id_token_invalid', class: 'protocol',
        message: `ID token: the renewed tokens are for another subject than the signed-on one (${subjectOf(tokens)})` }));
    }
    if (this.#log.enabled) this.#log.log('tokens', { renewed: refreshToken ? 'refresh_token' : 'prompt=none', expiresAt: tokens.expiresAt });
    this.#shared.set(tokens);
    return tokens;
  }

  /** Performs an engine's requests and signature checks until it is done or fails. */
  async #drive(engine, effect) {
    const http = this.#http();
    for (;;) {
      switch (effect.kind) {
        case 'fetch':
          effect = engine.receive(await perform(effect.request, http));
          break;
        case 'verify':
          effect = engine.resolve(await verifySignature(effect.verify));
          break;
        case 'done':
          return { tokens: effect.tokens };
        case 'fail':
          return { error: normaliseError(effect.error) };
        default:
          // prompt=none never shows a step; a server that does needs the person after all
          engine.cancel();
          return { error: normaliseError({ code: 'login_required', class: 'restart', message: 'silent renewal needs the person to sign on again' }) };
      }
    }
  }

  /** GET userinfo with the access token; its sub must be the ID token's. */
  async userinfo(issuer) {
    const tokens = await this.getTokens(0);
    const req = {
      method: 'GET', url: `${issuer}/userinfo`, credentials: 'omit', purpose: 'userinfo', idempotent: true,
      headers: { Accept: 'application/json', Authorization: `Bearer ${tokens.accessToken}` },
    };
    const res = await perform(req, this.#http());
    let body = null;
    try {
      body = JSON.parse(res.body);
    } catch {
      // not JSON: refused below
    }
    if (res.networkError !== undefined || res.status !== 200 || !body || typeof body !== 'object') {
      const code = res.networkError !== undefined ? 'network' : (body?.error ?? 'userinfo_failed');
      throw tokenError(normaliseError({ code, class: res.networkError !== undefined || res.status >= 500 ? 'retry' : 'restart',
        message: `userinfo failed: ${res.networkError ?? `HTTP ${res.status}`} ${body?.error_description ?? ''}`.trim(), httpStatus: res.status }));
    }
    const sub = subjectOf(tokens);
    if (sub && body.sub !== sub) {
      throw tokenError(normaliseError({ code: 'userinfo_mismatch', class: 'protocol',
        message: `userinfo answered for ${body.sub}, not the ID token's subject ${sub}` }));
    }
    return body;
  }

  /** Revokes the refresh token and the access token (RFC 7009); failures are logged, not thrown. */
  async revoke(issuer, tokens, clientId) {
    const list = [[tokens?.refreshToken, 'refresh_token'], [tokens?.accessToken, 'access_token']];
    for (const [token, hint] of list) {
      if (!token) continue;
      const req = {
        method: 'POST', url: `${issuer}/revoke`, credentials: 'omit', purpose: 'revoke', idempotent: true, sensitive: true,
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
        body: new URLSearchParams({ token, token_type_hint: hint, client_id: clientId }).toString(),
      };
      const res = await perform(req, this.#http());
      if (res.networkError !== undefined || res.status !== 200) {
        this.#log.log('revoke', { hint, failed: res.networkError ?? res.status });
      }
    }
  }
}
