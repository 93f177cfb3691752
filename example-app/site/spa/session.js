// The demo's session is the bridge's own: tokens in memory, shared with the cards of the same
// application (clients of one environment and client id are one session), renewed a little
// before they expire, and shared with the other tabs — a sign-on, a renewal or a sign-out in one
// tab is seen in all, and a renewal is made once whichever tabs ask. A reload or a new tab signs
// on again silently (prompt=none) while the PingOne session lives. localStorage keeps only which
// application is signed on — never a token — so a signed-out visitor costs no silent attempt.

import { createClient } from '/bridge/pingflow.js';

const HINT = 'pingflow-demo:signed-in';
/** Renewal starts when the access token has this long left (the bridge says 'expiring' at 60 s). */
export const RENEW_WITHIN_MS = 2 * 60_000;

/**
 * openSession creates a client per demo application (the Flows API one, which also does the
 * redirect sign-on, and the DaVinci one when there is one) and resumes the session a hint names.
 * onChange(event, client) hears 'tokens' (a sign-on or a renewal, here or in another tab),
 * 'signedOut' and 'expired'.
 */
export async function openSession(config, onChange) {
  const base = { authPath: config.authPath, envId: config.envId, redirectUri: config.redirectUri, scope: config.scope, wasmUrl: config.wasmUrl || undefined };
  const clients = [await createClient({ ...base, clientId: config.clientId })];
  if (config.davinciClientId) {
    clients.push(await createClient({ ...base, clientId: config.davinciClientId, storageKey: 'pingflow-demo:davinci' }));
  }
  const session = new Session(clients);
  for (const c of clients) {
    c.on('tokens', () => {
      setHint(String(clients.indexOf(c))); // which application: a hint, not a token
      onChange('tokens', c);
    });
    c.on('signedOut', () => {
      clearHint();
      onChange('signedOut', c);
    });
    // Every tab hears 'expiring' and asks; the bridge renews once (a Web Lock across tabs).
    c.on('expiring', () => c.getTokens({ minValidityMs: RENEW_WITHIN_MS }).catch(() => {}));
    c.on('expired', () => onChange('expired', c));
  }
  await session.resume();
  return session;
}

class Session {
  #clients;

  constructor(clients) {
    this.#clients = clients;
  }

  /** The Flows API application's client: login(), handleRedirect(), the signed-out state. */
  get client() {
    return this.#clients[0];
  }

  /** The client holding valid tokens, or null. */
  get active() {
    return this.#clients.find((c) => c.tokens && !(c.tokens.expiresAt <= Date.now())) ?? null;
  }

  get tokens() {
    return this.active?.tokens ?? null;
  }

  /** After a reload or in a new tab: the signed-on application's tokens, renewed silently. */
  async resume() {
    const hint = getHint();
    if (hint === null) return;
    const c = this.#clients[Number(hint)] ?? this.#clients[0];
    try {
      await c.getTokens();
    } catch {
      clearHint(); // the PingOne session has ended (or never was): signed out
    }
  }

  /** Revokes the tokens, tells the other tabs, and ends the PingOne session (a navigation). */
  async signOut(postLogoutRedirectUri) {
    const c = this.active ?? this.client;
    const idTokenHint = c.tokens?.idToken;
    clearHint();
    await c.logout({ idTokenHint, postLogoutRedirectUri });
  }
}

function getHint() {
  try {
    return localStorage.getItem(HINT);
  } catch {
    return null;
  }
}

function setHint(value) {
  try {
    localStorage.setItem(HINT, value);
  } catch {
    // no storage: a reload signs on again
  }
}

function clearHint() {
  try {
    localStorage.removeItem(HINT);
  } catch {
    // nothing kept
  }
}

/** claimsOf returns the ID token's claims as an object. */
export function claimsOf(tokens) {
  const c = tokens?.claims;
  if (c && typeof c === 'object') return c;
  if (typeof c === 'string') {
    try { return JSON.parse(c); } catch { return {}; }
  }
  return {};
}

export function displayName(claims) {
  return claims.name || [claims.given_name, claims.family_name].filter(Boolean).join(' ') || claims.preferred_username || claims.sub || 'there';
}

// The card that sent the browser to an identity provider (its attributes), until its flow ends.
const AWAY = 'pingflow-demo:away';

export function saveAway(attrs) {
  sessionStorage.setItem(AWAY, JSON.stringify(attrs || {}));
}

export function loadAway() {
  try {
    const attrs = JSON.parse(sessionStorage.getItem(AWAY) || 'null');
    return attrs && typeof attrs === 'object' ? attrs : null;
  } catch {
    return null;
  }
}

export function clearAway() {
  sessionStorage.removeItem(AWAY);
}
