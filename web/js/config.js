// Configuration of the sign-on page: a small JSON file (the `config` attribute, "config.json"
// next to the page by default for the standalone page) and/or attributes on the element
// (client-id="..." or data-client-id="..."). Attributes win over the file.

/** Attribute name → config key. Bridge keys first, then the page's own. */
export const ATTRIBUTES = {
  'auth-path': 'authPath',
  'env-id': 'envId',
  'client-id': 'clientId',
  'redirect-uri': 'redirectUri',
  scope: 'scope',
  'acr-values': 'acrValues',
  'login-hint': 'loginHint',
  'custom-domain': 'customDomain',
  'wasm-url': 'wasmUrl',
  'bridge-url': 'bridgeUrl',
  'restart-url': 'restartUrl',
  'flow-id': 'flowId',
  locale: 'locale',
};

/** Keys createClient takes (the bridge refuses any other). */
export const CLIENT_KEYS = new Set(['authPath', 'envId', 'customDomain', 'clientId', 'redirectUri', 'scope',
  'acrValues', 'loginHint', 'prompt', 'maxAge', 'uiLocales', 'pollIntervalMs', 'maxPolls', 'timeoutMs',
  'wasmUrl', 'wasmExecUrl', 'debug']);

const BOOLEAN_KEYS = new Set(['customDomain']);

/** attributeConfig reads the config keys present as attributes (plain or data-) on el. */
export function attributeConfig(el) {
  const out = {};
  for (const [attr, key] of Object.entries(ATTRIBUTES)) {
    const value = el.getAttribute(attr) ?? el.getAttribute(`data-${attr}`);
    if (value === null) continue;
    out[key] = BOOLEAN_KEYS.has(key) ? value !== 'false' : value;
  }
  return out;
}

/** mergeConfig layers attribute values over the file's; empty strings do not override. */
export function mergeConfig(file, attrs) {
  const out = { ...(file || {}) };
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === '' || value === undefined || value === null) continue;
    out[key] = value;
  }
  return out;
}

/** clientConfig keeps the keys createClient takes. */
export function clientConfig(config) {
  const out = {};
  for (const [key, value] of Object.entries(config)) if (CLIENT_KEYS.has(key) && value !== '' && value !== null) out[key] = value;
  return out;
}

/**
 * withLocale settles the card's language: config.locale (the `locale` attribute or option),
 * else the browser's navigator.languages, matched to a shipped locale (js/i18n/index.js). The
 * choice is also PingOne's ui_locales (its emails and hosted pages), unless config.uiLocales
 * says otherwise.
 */
export function withLocale(config, languages, match) {
  const locale = match(config.locale ? [config.locale] : languages || []);
  return { ...config, locale, uiLocales: config.uiLocales || locale };
}

/**
 * The scope the element asks for when the attribute and the config file give none: an ID token
 * with the person's profile and email claims (the bridge alone asks for "openid").
 */
export const DEFAULT_SCOPE = 'openid profile email';

/** withDefaults fills what the element sets when neither the file nor the attributes did. */
export function withDefaults(config) {
  return { ...config, scope: config.scope || DEFAULT_SCOPE };
}

/** missingKeys names what a config lacks to start or open a flow. */
export function missingKeys(config) {
  const need = ['authPath', 'clientId', 'redirectUri'];
  if (!config.customDomain) need.splice(1, 0, 'envId');
  return need.filter((k) => !config[k]);
}

/** loadConfigFile fetches the JSON config; a missing file is an error the page shows. */
export async function loadConfigFile(url) {
  // No extra headers: the page preloads this same request (<link rel=preload as=fetch>).
  const response = await fetch(url, { credentials: 'same-origin' });
  if (!response.ok) throw new Error(`could not load the sign-on configuration ${url} (HTTP ${response.status})`);
  const data = await response.json();
  if (!data || typeof data !== 'object' || Array.isArray(data)) throw new Error(`${url} is not a JSON object`);
  return data;
}

/** flowIdFromUrl returns ?flowId= of the page's address, if it has one. */
export function flowIdFromUrl(href) {
  try {
    return new URL(href).searchParams.get('flowId') || null;
  } catch {
    return null;
  }
}

// What an identity provider sends back to the application's redirect URI: the Flows API's
// ?flowId=, DaVinci's ?continueToken=, or an OAuth error.
const RETURN_PARAMS = ['flowId', 'continueToken', 'error', 'error_description'];

/** returnParams reads a return from an identity provider off an address, or null. */
export function returnParams(href) {
  try {
    const q = new URL(href).searchParams;
    if (q.has('code')) return null; // an authorization code is the application's own callback
    const out = {};
    for (const name of RETURN_PARAMS) if (q.get(name)) out[name] = q.get(name);
    return out.flowId || out.continueToken || out.error ? out : null;
  } catch {
    return null;
  }
}

/** withoutReturnParams is the address with the return's parameters taken off (for replaceState). */
export function withoutReturnParams(href) {
  const url = new URL(href);
  for (const name of RETURN_PARAMS) url.searchParams.delete(name);
  return `${url.pathname}${url.search}${url.hash}`;
}
