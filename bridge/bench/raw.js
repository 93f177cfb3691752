// The same sign-on written by hand with fetch, for the benchmarks to hold the bridge against:
// what an application would write without pingflow, doing the same work the engine does by
// default. A password sign-on is authorize (response_mode=pi.flow, PKCE S256, state and nonce
// from crypto.getRandomValues), usernamePassword.check, resume, the token request, and — as the
// engine does — the JWKS read and the ID token's RS256 signature checked with WebCrypto, with its
// iss, aud, nonce and exp, and the state of the authorize response. The JWKS read goes out beside
// the token request, as the bridge sends it (the engine's Effect.Ahead), so both sides make the
// same requests in the same order. No error handling beyond
// throwing: the bench only runs the happy path. Plain JavaScript with no imports, so a page can
// load it as is (the Chromium bench serves it) and Node can import it.

const b64url = (bytes) => {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
};
const random = (n) => b64url(crypto.getRandomValues(new Uint8Array(n)));
const fromB64url = (s) => Uint8Array.from(atob(s.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));

/**
 * A minimal cookie store for Node (browsers keep their own): name=value pairs, sent on every
 * request to the same origin. Enough for the emulator's session cookies.
 */
export function rawJar() {
  const cookies = new Map();
  return {
    header: () => [...cookies].map(([k, v]) => `${k}=${v}`).join('; '),
    store(res) {
      for (const line of res.headers.getSetCookie?.() ?? []) {
        const pair = line.split(';', 1)[0];
        const eq = pair.indexOf('=');
        if (eq > 0) cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
      }
    },
  };
}

/** The authorize request: PKCE, state and nonce, as the engine builds it. */
export async function authorizeRequest(cfg) {
  const verifier = random(32);
  const challenge = b64url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
  const state = random(16);
  const nonce = random(16);
  const params = new URLSearchParams({
    client_id: cfg.clientId, code_challenge: challenge, code_challenge_method: 'S256', nonce,
    redirect_uri: cfg.redirectUri, response_mode: 'pi.flow', response_type: 'code', scope: cfg.scope, state,
  });
  return { url: `${cfg.authPath}/${cfg.envId}/as/authorize?${params}`, verifier, state, nonce };
}

/** fetch with the jar's cookies (Node) or the browser's (jar null). */
async function send(fetchFn, jar, url, init = {}) {
  const headers = { Accept: 'application/json', ...init.headers };
  if (jar) {
    const cookie = jar.header();
    if (cookie) headers.Cookie = cookie;
  }
  const res = await fetchFn(url, { credentials: 'include', ...init, headers });
  jar?.store(res);
  const body = await res.json();
  if (!res.ok) throw new Error(`${init.method ?? 'GET'} ${url} answered ${res.status}: ${JSON.stringify(body).slice(0, 200)}`);
  return body;
}

/** The first step: authorize; resolves with the flow (status USERNAME_PASSWORD_REQUIRED...). */
export async function rawStart(cfg, { fetch: fetchFn = fetch, jar = null } = {}) {
  const auth = await authorizeRequest(cfg);
  const flow = await send(fetchFn, jar, auth.url, { headers: { 'X-Requested-With': 'ping-sdk' } });
  return { auth, flow };
}

/** A whole password sign-on; resolves with {tokens, claims}. */
export async function rawSignOn(cfg, { username, password }, { fetch: fetchFn = fetch, jar = null } = {}) {
  const { auth, flow } = await rawStart(cfg, { fetch: fetchFn, jar });
  if (flow.status !== 'USERNAME_PASSWORD_REQUIRED') throw new Error(`authorize gave ${flow.status}`);
  const checked = await send(fetchFn, jar, flow._links['usernamePassword.check'].href, {
    method: 'POST',
    headers: { 'Content-Type': 'application/vnd.pingidentity.usernamePassword.check+json' },
    body: JSON.stringify({ username, password }),
  });
  if (checked.status !== 'COMPLETED') throw new Error(`usernamePassword.check gave ${checked.status}`);
  const resumed = await send(fetchFn, jar, checked.resumeUrl);
  const { code, state } = resumed.authorizeResponse ?? {};
  if (!code || state !== auth.state) throw new Error('resume gave no code, or another state');
  const jwks = send(fetchFn, null, `${cfg.authPath}/${cfg.envId}/as/jwks`, { credentials: 'omit', headers: {} });
  jwks.catch(() => {}); // awaited below; a failed exchange throws first
  const tokens = await send(fetchFn, null, `${cfg.authPath}/${cfg.envId}/as/token`, {
    method: 'POST',
    credentials: 'omit',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      client_id: cfg.clientId, code, code_verifier: auth.verifier, grant_type: 'authorization_code', redirect_uri: cfg.redirectUri,
    }).toString(),
  });
  const claims = await verifyIdToken(cfg, tokens.id_token, auth.nonce, jwks);
  return { tokens, claims };
}

/** The ID token's RS256 signature against the JWKS, and its iss, aud, nonce and exp. */
async function verifyIdToken(cfg, idToken, nonce, jwks) {
  const [h, p, s] = idToken.split('.');
  const header = JSON.parse(new TextDecoder().decode(fromB64url(h)));
  const claims = JSON.parse(new TextDecoder().decode(fromB64url(p)));
  const { keys } = await jwks;
  const jwk = keys.find((k) => k.kid === header.kid);
  if (header.alg !== 'RS256' || !jwk) throw new Error('no RS256 key for the ID token');
  const key = await crypto.subtle.importKey('jwk', jwk, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, false, ['verify']);
  const ok = await crypto.subtle.verify('RSASSA-PKCS1-v1_5', key, fromB64url(s), new TextEncoder().encode(`${h}.${p}`));
  const aud = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (!ok || claims.iss !== `${cfg.authPath}/${cfg.envId}/as` || !aud.includes(cfg.clientId) || claims.nonce !== nonce
    || claims.exp * 1000 < Date.now()) {
    throw new Error('the ID token does not verify');
  }
  return claims;
}
