// The demo's session: the tokens of the last sign-on. A real app would keep them in memory; the
// demo keeps them in sessionStorage (this tab only) so the profile page survives a reload.

const KEY = 'pingflow-demo:tokens';

export function saveTokens(tokens) {
  sessionStorage.setItem(KEY, JSON.stringify(tokens));
}

export function loadTokens() {
  try {
    const tokens = JSON.parse(sessionStorage.getItem(KEY) || 'null');
    if (!tokens?.accessToken) return null;
    // The bridge gives expiresAt in milliseconds since the epoch.
    if (Number.isFinite(tokens.expiresAt) && tokens.expiresAt < Date.now()) {
      clearTokens();
      return null;
    }
    return tokens;
  } catch {
    return null;
  }
}

export function clearTokens() {
  sessionStorage.removeItem(KEY);
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
