// The demo single-page app: a home page offering the ways to sign on (the embedded
// <pingflow-signon> card, a redirect through PingOne's authorize to the custom sign-on page,
// and the same card on a DaVinci application when config.json names one), the /callback that
// finishes a redirect sign-on — or continues a card's flow that an identity provider sent back
// (?flowId=, ?continueToken=) — a profile page with the ID token's claims and the userinfo
// response, and sign out.

import '/signon/js/element.js';
import { h } from '/signon/js/dom.js';
import { openSession, claimsOf, displayName, saveAway, loadAway, clearAway } from './session.js';
import { davinciOption } from './davinci.js';
import { signalsFor } from './protect.js';

const main = document.getElementById('app');
const config = await (await fetch('/config.json', { headers: { Accept: 'application/json' } })).json();
const protect = signalsFor(config);
// The session (session.js): the bridge's tokens, shared with the cards and the other tabs.
// Resuming it (a silent sign-on after a reload) may report before the first render: ignored
// until then, as render() reads the session itself.
let session = null;
session = await openSession(config, onSessionChange);

/**
 * A sign-on or sign-out here or in another tab: the page follows (a signed-out page shows the
 * welcome, a signed-in one the start); a renewal only updates the token's clock on the profile.
 */
function onSessionChange() {
  if (!session) return;
  const signedIn = Boolean(session.tokens);
  updateHeader();
  if (location.pathname === '/profile') {
    if (!signedIn) render();
    else updateTokenClock();
  } else if (location.pathname === '/') {
    // A moment later: a sign-on by this page's own card goes to the profile by itself (its
    // pingflow-success), and that must not be pre-empted by redrawing the card away.
    setTimeout(() => {
      if (location.pathname === '/' && Boolean(session.tokens) !== Boolean(main.querySelector('.app-welcome'))) render();
    }, 300);
  }
}

// ---- routing ----

const routes = { '/': home, '/profile': profile, '/callback': callback };

function navigate(path, { replace = false } = {}) {
  if (replace) history.replaceState(null, '', path);
  else history.pushState(null, '', path);
  render();
}

document.addEventListener('click', (event) => {
  const link = event.target.closest('a[data-route]');
  if (!link || event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
  event.preventDefault();
  navigate(new URL(link.href).pathname);
});
window.addEventListener('popstate', render);

function render() {
  const view = routes[location.pathname] || notFound;
  updateHeader();
  for (const a of document.querySelectorAll('.app-nav a[data-route]')) {
    if (new URL(a.href).pathname === location.pathname) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  view();
}

function updateHeader() {
  const signedIn = Boolean(session.tokens);
  document.getElementById('signout').classList.toggle('app-hidden', !signedIn);
  const inbox = document.getElementById('inbox-link');
  if (config.inboxUrl) {
    inbox.href = config.inboxUrl;
    inbox.classList.remove('app-hidden');
  }
}

document.getElementById('signout').addEventListener('click', signOut);

// ---- pages ----

function home() {
  document.title = 'pingflow demo';
  const tokens = session.tokens;
  if (tokens) {
    main.replaceChildren(h('section', { class: 'app-panel app-welcome' },
      h('h1', {}, `Welcome back, ${displayName(claimsOf(tokens))}`),
      h('p', {}, 'You are signed in.'),
      h('p', {}, h('a', { class: 'app-button', href: '/profile', 'data-route': true }, 'View your profile'))));
    return;
  }
  const newCard = (acrValues) => signonCard({ 'acr-values': acrValues || null });
  let card = newCard();
  const policies = policyPicker((acr) => {
    const next = newCard(acr);
    card.replaceWith(next);
    card = next;
  });
  const redirectButton = h('button', { class: 'app-button', type: 'button', id: 'signin-redirect' }, 'Sign in with redirect');
  redirectButton.addEventListener('click', async () => {
    redirectButton.disabled = true;
    redirectButton.textContent = 'Redirecting…';
    try {
      const c = session.client; // the app's own client: redirect sign-on and its callback
      const result = await c.login(); // navigates to authorize
      if (result.kind === 'failure') throw new Error(result.error.message);
    } catch (err) {
      redirectButton.disabled = false;
      redirectButton.textContent = 'Sign in with redirect';
      showProblem(redirectButton.parentElement, err.message);
    }
  });
  main.replaceChildren(
    h('section', { class: 'app-intro' },
      h('h1', {}, 'Sign on to the pingflow demo'),
      h('p', {}, config.davinciClientId ? 'Three ways in, one engine. ' : 'Two ways in, one engine. ', 'Demo users and their passwords are printed by the server; one-time codes and push requests arrive in the ',
        config.inboxUrl ? h('a', { href: config.inboxUrl, target: '_blank', rel: 'noopener' }, 'inbox') : 'inbox', '.')),
    h('div', { class: 'app-columns' },
      h('section', { class: 'app-option', 'aria-labelledby': 'here-title' },
        h('h2', { id: 'here-title' }, 'Sign in here'),
        h('p', { class: 'app-muted' }, 'The sign-on card runs inside this page (response_mode=pi.flow).'),
        policies,
        card),
      h('section', { class: 'app-option', 'aria-labelledby': 'redirect-title' },
        h('h2', { id: 'redirect-title' }, 'Sign in with redirect'),
        h('p', { class: 'app-muted' }, 'Go to PingOne’s authorize endpoint, which sends you to the custom sign-on page and then back to /callback.'),
        h('div', { class: 'app-panel app-redirect' }, redirectButton),
        davinciOption(config, signonCard),
        demoUsers())));
}

/**
 * The cards' language: ?locale=de on the demo's address (kept for the tab), else the browser's
 * (the element reads navigator.languages itself).
 */
function demoLocale() {
  try {
    const chosen = new URLSearchParams(globalThis.location.search).get('locale');
    if (chosen) sessionStorage.setItem('pingflow:demo:locale', chosen);
    return chosen || sessionStorage.getItem('pingflow:demo:locale');
  } catch {
    return null;
  }
}

/**
 * An embedded card (attrs over the site's config.json) whose sign-on leads to the profile. When
 * it sends the browser to an identity provider, the app notes which card it was, so /callback
 * can put the same card back to continue its flow.
 */
function signonCard(attrs = {}) {
  const locale = demoLocale();
  const el = h('pingflow-signon', { config: '/config.json', 'bridge-url': '/bridge/pingflow.js', 'no-autofocus': true, 'heading-level': '3', ...(locale ? { locale } : {}), ...attrs });
  el.protect = protect; // Protect signals for DaVinci forms that ask for them (protect.js)
  el.addEventListener('pingflow-success', (event) => {
    event.preventDefault();
    clearAway(); // the tokens are the session's already: the card's client shares them
    navigate('/profile');
  });
  el.addEventListener('pingflow-failure', () => clearAway());
  el.addEventListener('pingflow-navigate', (event) => {
    if (event.detail.reason === 'identity-provider') saveAway(attrs);
  });
  return el;
}

// A choice of the demo application's sign-on policies (acr_values) for the embedded card.
function policyPicker(onChange) {
  if (!config.inboxUrl) return null;
  const select = h('select', { id: 'policy', class: 'app-select' }, h('option', { value: '' }, 'Default (Demo_Sign_On)'));
  select.addEventListener('change', () => onChange(select.value));
  fetch(new URL('/_emulator/demo', config.inboxUrl)).then((r) => r.json()).then((demo) => {
    const app = demo.apps.find((a) => a.clientId === config.clientId);
    for (const p of app?.policies || []) if (p !== app.policy) select.append(h('option', { value: p }, p));
  }).catch(() => {});
  return h('p', { class: 'app-policy' }, h('label', { for: 'policy' }, 'Sign-on policy '), select);
}

// The emulator's demo users, so a visitor knows whom to sign on as (emulator only).
function demoUsers() {
  if (!config.inboxUrl) return null;
  const list = h('tbody', {});
  const panel = h('section', { class: 'app-panel app-users', 'aria-labelledby': 'users-title' },
    h('h2', { id: 'users-title' }, 'Demo users'),
    h('table', { class: 'app-claims' }, list),
    h('p', { class: 'app-muted app-small' }, 'Codes and push requests: ', h('a', { href: config.inboxUrl, target: '_blank', rel: 'noopener' }, 'the inbox'), '.'));
  fetch(new URL('/_emulator/demo', config.inboxUrl)).then((r) => r.json()).then((demo) => {
    list.replaceChildren(...demo.users.map((u) => h('tr', {},
      h('th', { scope: 'row' }, u.username),
      h('td', {}, u.scenario.split(':')[0], u.acrValues ? h('span', { class: 'app-muted' }, ` (acr_values ${u.acrValues})`) : null,
        h('br', {}), h('span', { class: 'app-muted' }, `password ${u.password}`)))));
  }).catch(() => panel.remove());
  return panel;
}

async function callback() {
  document.title = 'Signing on… · pingflow demo';
  const query = new URL(location.href).searchParams;
  const away = loadAway();
  // Back from an identity provider: the card that went there continues its flow (it reads
  // ?flowId= / ?continueToken= itself). A redirect sign-on's flow that went to one comes back
  // with ?flowId= alone: a card opens that flow and finishes it at the application, here.
  if (!query.has('code') && (away || query.has('flowId'))) {
    const card = signonCard({ ...(away || { 'flow-id': query.get('flowId') }), 'heading-level': '2' });
    main.replaceChildren(h('section', { class: 'app-option app-return', 'aria-labelledby': 'return-title' },
      h('h1', { id: 'return-title' }, 'Continue signing on'),
      h('p', { class: 'app-muted' }, 'You are back from your identity provider.'),
      card));
    card.addEventListener('pingflow-step', () => card.card?.querySelector('.pf-title')?.focus(), { once: true });
    return;
  }
  main.replaceChildren(h('section', { class: 'app-panel', role: 'status' }, h('h1', {}, 'Finishing sign-on…')));
  const c = session.client; // the app's own client: redirect sign-on and its callback
  let result;
  try {
    result = await c.handleRedirect(location.href);
  } catch (err) {
    result = { kind: 'failure', error: { code: err.code || 'usage', message: err.message } };
  }
  if (result?.kind === 'success') {
    navigate('/profile', { replace: true });
    return;
  }
  const error = result?.error || { code: 'no_result', message: 'There was no sign-on to finish.' };
  main.replaceChildren(h('section', { class: 'app-panel' },
    h('h1', {}, 'Sign-on did not finish'),
    h('p', { class: 'app-error', 'data-error-code': error.code }, error.message),
    h('p', {}, h('a', { class: 'app-button', href: '/', 'data-route': true }, 'Back to the start'))));
}

async function profile() {
  document.title = 'Profile · pingflow demo';
  const c = session.active;
  const tokens = c?.tokens;
  if (!tokens) {
    main.replaceChildren(h('section', { class: 'app-panel' },
      h('h1', {}, 'You are not signed in'),
      h('p', {}, h('a', { class: 'app-button', href: '/', 'data-route': true }, 'Sign in'))));
    return;
  }
  const claims = claimsOf(tokens);
  const userinfo = h('pre', { class: 'app-json', 'aria-live': 'polite', id: 'userinfo' }, 'Loading…');
  const renew = h('button', { class: 'app-button app-button-secondary', type: 'button', id: 'renew' }, 'Renew now');
  renew.addEventListener('click', async () => {
    renew.disabled = true;
    try {
      await session.active?.getTokens({ minValidityMs: Infinity });
    } catch (err) {
      showProblem(renew.parentElement, err.message);
    } finally {
      renew.disabled = false;
    }
  });
  main.replaceChildren(h('section', { class: 'app-panel app-profile' },
    h('h1', {}, `Hello, ${displayName(claims)}`),
    h('p', { class: 'app-muted' }, 'Signed in with PingOne. These are the ID token’s claims and what the userinfo endpoint says.'),
    h('h2', {}, 'Access token'),
    h('p', { class: 'app-token' }, h('span', { id: 'token-clock', role: 'timer', 'aria-live': 'off' }), ' ', renew),
    h('p', { class: 'app-muted app-small' }, 'Renewed a little before it expires (the refresh token, rotated), once for all open tabs.'),
    h('h2', {}, 'ID token claims'),
    claimsTable(claims),
    h('h2', {}, 'Userinfo'),
    userinfo,
    h('p', {}, signOutButton())));
  tokenClock.seen = tokens.accessToken;
  tokenClock.renewals = 0;
  updateTokenClock();
  main.focus();
  try {
    const body = await c.userinfo();
    userinfo.textContent = JSON.stringify(body, null, 2);
    userinfo.dataset.loaded = 'true';
  } catch (err) {
    userinfo.textContent = `Could not read userinfo: ${err.message}`;
    userinfo.dataset.loaded = 'false';
  }
}

// The profile's clock: how long the access token has left, ticking each second, and how many
// times it was renewed while the page was open (data-renewals, data-expires-at for tests).
const tokenClock = { timer: null, seen: null, renewals: 0 };

function updateTokenClock() {
  const el = document.getElementById('token-clock');
  const tokens = session.tokens;
  if (!el || !tokens) {
    clearInterval(tokenClock.timer);
    tokenClock.timer = null;
    return;
  }
  if (tokenClock.seen !== tokens.accessToken) {
    tokenClock.seen = tokens.accessToken;
    tokenClock.renewals++;
  }
  const left = Math.max(0, Math.round((tokens.expiresAt - Date.now()) / 1000));
  el.textContent = `Expires in ${Math.floor(left / 60)}:${String(left % 60).padStart(2, '0')}` +
    (tokenClock.renewals ? ` · renewed ${tokenClock.renewals} ${tokenClock.renewals === 1 ? 'time' : 'times'}` : '');
  el.dataset.expiresAt = String(tokens.expiresAt);
  el.dataset.renewals = String(tokenClock.renewals);
  tokenClock.timer ??= setInterval(updateTokenClock, 1000);
}

function claimsTable(claims) {
  const rows = Object.entries(claims).map(([k, v]) => h('tr', { 'data-claim': k },
    h('th', { scope: 'row' }, k),
    h('td', {}, typeof v === 'object' ? JSON.stringify(v) : String(v), TIME_CLAIMS.has(k) && typeof v === 'number' ? h('span', { class: 'app-muted' }, ` (${new Date(v * 1000).toLocaleString()})`) : null)));
  return h('table', { class: 'app-claims' }, h('tbody', {}, rows));
}

const TIME_CLAIMS = new Set(['iat', 'exp', 'auth_time', 'nbf']);

function signOutButton() {
  const button = h('button', { class: 'app-button app-button-secondary', type: 'button' }, 'Sign out');
  button.addEventListener('click', signOut);
  return button;
}

async function signOut() {
  // Revokes the tokens, signs the other tabs out, ends the PingOne session and comes back home.
  await session.signOut(config.postLogoutRedirectUri);
}

function notFound() {
  main.replaceChildren(h('section', { class: 'app-panel' }, h('h1', {}, 'Not found'),
    h('p', {}, h('a', { href: '/', 'data-route': true }, 'Home'))));
}

function showProblem(where, message) {
  where.querySelector('.app-error')?.remove();
  where.append(h('p', { class: 'app-error', role: 'alert' }, message));
}

render();
