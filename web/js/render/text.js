// The words the card shows, looked up in the catalog (../i18n/en.js, or a locale's over it) by what the
// engine puts on the Step: step.key, action.role, device.key, step.wait, error.code and field
// type. Nothing here knows a PingOne status or action name. Words the server wrote (a DaVinci
// form's title and buttons, an identity provider's name) are shown as sent.

import en from '../i18n/en.js';
import { RTL } from '../i18n/index.js';

// The catalog in use: en, the chosen locale's words over it (useLocale), and the page's own
// overrides over both (useCatalog).
// Presentation, not wording, so kept here rather than in each locale's catalog: the steps whose
// title and labels the server wrote (a DaVinci form, its waiting and challenge panels, a status
// the engine does not know), and the icon for each device key, kind of wait and error code.
export const SERVER_WORDED_STEPS = new Set(['form', 'waiting', 'challenge', 'unknown']);
export const DEVICE_ICONS = { sms: 'sms', email: 'email', voice: 'voice', whatsapp: 'sms', push: 'mobile', totp: 'totp', oath: 'totp', passkey: 'key' };
export const WAIT_ICONS = { push: 'mobile', challenge: 'qr', poll: 'clock' };
// By the engine's error.code (also where serverErrors words the server's code); 'alert' for the rest.
const ERROR_ICONS = { flow_expired: 'clock', interaction_expired: 'clock', challenge_expired: 'clock' };

let localeWords = null;
let overrides = null;
let catalog = en;
let current = 'en';

function rebuild() {
  catalog = mergeWords(mergeWords(en, localeWords || undefined), overrides || undefined);
}

/**
 * useCatalog overrides words (a few words changed, or a whole language): `words` is merged over
 * the locale's catalog, which is merged over English, so a partial one is enough.
 * useCatalog(null) drops the overrides.
 */
export function useCatalog(words) {
  overrides = words || null;
  rebuild();
}

/**
 * useLocale makes `words` (a locale module's catalog, js/i18n/<locale>.js) the card's words,
 * English filling any gap; `locale` is its tag ('de', 'pt-BR'). useLocale('en') goes back.
 */
export function useLocale(locale, words = null) {
  current = locale || 'en';
  localeWords = words;
  rebuild();
}

/** locale is the tag of the catalog in use ('en' unless useLocale chose another). */
export function locale() {
  return current;
}

/** mergeWords merges a partial catalog over another (objects key by key, anything else replaced). */
export function mergeWords(base, over) {
  if (!isObject(base) || !isObject(over)) return over === undefined ? base : over;
  const out = { ...base };
  for (const [k, v] of Object.entries(over)) out[k] = mergeWords(base[k], v);
  return out;
}

function isObject(v) {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** lookup returns the catalog value at path ('ui.back' or ['steps', key, 'title']), or undefined. */
export function lookup(path) {
  let node = catalog;
  for (const part of Array.isArray(path) ? path : String(path).split('.')) {
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, part)) return undefined;
    node = node[part];
  }
  return node;
}

/**
 * fill makes text of a catalog value: a function is called with vars; in a string each {name}
 * is replaced, and a string naming a variable that is empty gives '' (so "to continue to {app}"
 * disappears when there is no application name); in an array the first non-empty result wins.
 */
export function fill(value, vars = {}) {
  if (value === undefined || value === null) return '';
  if (typeof value === 'function') return String(value(vars) ?? '');
  if (Array.isArray(value)) {
    for (const v of value) {
      const text = fill(v, vars);
      if (text) return text;
    }
    return '';
  }
  if (typeof value !== 'string') return '';
  let missing = false;
  const text = value.replace(/\{(\w+)\}/g, (_, name) => {
    const v = vars[name];
    if (v === undefined || v === null || v === '') missing = true;
    return v ?? '';
  });
  return missing ? '' : text;
}

/** t returns the filled text at path, '' when the catalog has none. */
export function t(path, vars) {
  return fill(lookup(path), vars);
}

// ---- steps ----

function stepWords(step) {
  return (!SERVER_WORDED_STEPS.has(step?.key) && lookup(['steps', step?.key])) || {};
}

/** serverWorded: the step's own title and labels are shown as sent (DaVinci forms, unknown statuses). */
export function serverWorded(step) {
  return SERVER_WORDED_STEPS.has(step?.key) || !lookup(['steps', step?.key]);
}

function stepVars(step, known = {}) {
  return {
    app: step?.application?.name,
    agreement: step?.agreement?.name,
    prompt: step?.promptText,
    provider: step?.provider?.name,
    sent: otpPrompt(step?.selectedDevice),
    user: step?.identity || step?.user?.username,
    email: emailOf(step) || known.email,
  };
}

// The address a code went to, when the step knows it: the user's email, or a username or
// identity that is one.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
function emailOf(step) {
  return [step?.user?.email, step?.identity, step?.user?.username].find((v) => EMAIL.test(String(v || '').trim())) || '';
}

/**
 * heading returns {title, subtitle} for a step. known: what the page knows that the step may
 * not say ({email}: the address the person typed when they registered).
 */
export function heading(step, known = {}) {
  const w = stepWords(step);
  if (serverWorded(step) || !w.title) {
    return { title: step.title || humanize(step.status || t('ui.signOn')), subtitle: step.description || step.promptText || '' };
  }
  const vars = stepVars(step, known);
  return { title: fill(w.title, vars), subtitle: fill(w.subtitle, vars) };
}

/** viewHeading is the heading of another action's own view (forgot password, register…). */
export function viewHeading(step, action) {
  const r = lookup(['roles', action?.role]);
  if (!serverWorded(step) && r?.title) return { title: fill(r.title, stepVars(step)), subtitle: fill(r.subtitle, stepVars(step)) };
  return { title: action ? actionLabel(action, step) : heading(step).title, subtitle: '' };
}

/** notice is what the card says after an action sent something again (a new code). */
export function resentNotice(step, action) {
  return fill(stepWords(step).resent, stepVars(step)) || t(['roles', action?.role, 'resent']);
}

// ---- fields ----

// Steps whose fields PingOne labels itself (a profile's attributes by their display names).
const LABELLED_BY_SERVER = new Set(['profile']);

/**
 * fieldLabel is what a field is called: the catalog's words for the engine's field.key
 * (labels, or steps[key].labels for a step that calls it something else), or the label as
 * sent where the server wrote it (DaVinci forms, unknown steps, profile attributes).
 */
export function fieldLabel(field, step) {
  const sent = field?.label || field?.key || '';
  if (!field || serverWorded(step) || LABELLED_BY_SERVER.has(step?.key)) return sent;
  return fill(lookup(['steps', step?.key, 'labels', field.key])) || fill(lookup(['labels', field.key])) || sent;
}

// ---- actions ----

/**
 * actionLabel is what a button or link for action says. opts: {place: 'button' | 'link',
 * main: true when it is the step's main action}.
 */
export function actionLabel(action, step, { place = 'button', main = false } = {}) {
  const w = stepWords(step);
  const own = serverWorded(step);
  const provider = action.provider?.name || (own ? '' : action.label);
  if (own) return action.label || provider || humanize(action.name);
  const r = lookup(['roles', action.role]) || {};
  if (action.role === 'social') return fill(r.button, { provider: provider || t('roles.social.provider') });
  if (main && w.button) return fill(w.button, stepVars(step));
  if (action.role === 'passkey') return fill(action.ceremony === 'webauthn.create' ? r.create : r.button);
  const worded = place === 'link' ? r.link || r.button : r.button || r.link;
  return fill(worded, stepVars(step)) || action.label || humanize(action.name);
}

/** busyLabel is what a button says while its request runs. */
export function busyLabel(action, step) {
  const r = lookup(['roles', action?.role]) || {};
  if (action?.role === 'social') return fill(r.busy, { provider: action.provider?.name || action.label || t('roles.social.provider') });
  if (isCeremony(action, 'webauthn.create')) return fill(lookup('roles.passkey.createBusy'));
  if (isCeremony(action, 'webauthn.get') || action?.role === 'passkey') return fill(lookup('roles.passkey.busy'));
  if (action?.role === 'primary') return fill(stepWords(step).busy) || t('ui.pleaseWait');
  return t('ui.pleaseWait');
}

function isCeremony(action, kind) {
  return action?.ceremony === kind;
}

// ---- devices ----

function deviceWords(key) {
  return lookup(['devices', key]) || {};
}

/** deviceName names a kind of device by its key ('sms', 'push', …). */
export function deviceName(key) {
  return fill(deviceWords(key).name) || humanize(key || t('fields.device.name'));
}

export function deviceIcon(key) {
  return DEVICE_ICONS[key] || 'device';
}

/** deviceDetail is the masked target, or what the device does when it has none. */
export function deviceDetail(device) {
  if (!device) return '';
  return device.target || device.name || fill(deviceWords(device.key).detail) || '';
}

/** otpPrompt says where the one-time code went ('' when the catalog cannot say). */
export function otpPrompt(device) {
  if (!device) return '';
  const w = deviceWords(device.key);
  return (device.target && fill(w.sent, { target: device.target })) || fill(w.sentAnywhere) || '';
}

// ---- errors ----

/** failureWords is the {title, text, icon} of a panel for an error that ended the flow. */
export function failureWords(error) {
  const own = lookup(['serverErrors', error?.serverCode]) || lookup(['errors', error?.code]);
  if (own?.title) return { title: fill(own.title), text: fill(own.text), icon: ERROR_ICONS[error?.code] || 'alert' };
  const misconfigured = error?.class === 'misconfiguration' || error?.class === 'protocol';
  if (misconfigured) return { title: t('errors.misconfiguration.title'), text: t('errors.misconfiguration.text'), icon: 'alert' };
  if (error?.class === 'retry') return { title: t('errors.retry.title'), text: t('errors.retry.text'), icon: 'alert' };
  return { title: t('errors.other.title'), text: error?.message || t('errors.other.text'), icon: 'alert' };
}

/** bannerWords is the catalog's text for an error on a step that stays, or '' to show the server's. */
export function bannerWords(error) {
  return t(['errors', error?.code, 'banner']);
}

/**
 * detailMessages is what a field (or the banner) says for an error detail: the server's message,
 * except for a lockout whose end is known, which the catalog says in one go ("Your account is
 * locked. Try again in 15 minutes.") instead of the server's "… Try again later." and ours.
 */
export function detailMessages(detail) {
  if (!detail) return [];
  if (Number.isInteger(detail.secondsUntilUnlock)) return [t('ui.locked'), attemptsText(detail)];
  return [detail.message, requirementsText(detail), attemptsText(detail)].filter(Boolean);
}

/** attemptsText turns an error detail into "3 attempts left." / "Try again in 2 minutes.". */
export function attemptsText(detail) {
  if (!detail) return '';
  // The engine lifts these out of PingOne's innerError onto the detail.
  const left = Number.isInteger(detail.failuresRemaining) ? detail.failuresRemaining : null;
  const wait = Number.isInteger(detail.secondsUntilUnlock) ? detail.secondsUntilUnlock : null;
  if (wait !== null) return t('ui.tryAgainIn', { seconds: wait });
  if (left !== null) return t('ui.attemptsLeft', { count: left });
  return '';
}

/** requirementsText explains a refused new password: "Not accepted: it is …". */
export function requirementsText(detail) {
  const list = detail?.unsatisfiedRequirements || detail?.innerError?.unsatisfiedRequirements || [];
  const reasons = list.map((r) => t(['requirements', r]) || humanize(r).toLowerCase());
  if (!reasons.length) return '';
  const last = reasons.pop();
  const joined = reasons.length ? `${reasons.join(t('requirements.comma'))}${t('requirements.and')}${last}` : last;
  return t('requirements.notAccepted', { reasons: joined });
}

// ---- plain helpers ----

/** humanize turns SOME_STATUS, user.doThing or userName into words. */
export function humanize(text) {
  const last = String(text).split('.').pop();
  const words = last.replace(/_/g, ' ').replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase().trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * sentences joins messages into one text, ending each that lacks it with a full stop (。 after
 * Chinese or Japanese, whichever catalog is in use: a server's English keeps its own).
 */
export function sentences(messages) {
  const parts = messages.map((m) => String(m).trim()).filter(Boolean).map((m) => {
    if (/[.!?…:。！？：]$/.test(m)) return m;
    return `${m}${CJK.test(m.slice(-1)) ? '。' : '.'}`;
  });
  // Right to left, each sentence is isolated: a server's English one keeps its full stop in place.
  if (RTL.has(current)) return parts.map((m) => `\u2068${m}\u2069`).join(' ');
  return parts.reduce((text, m) => (!text ? m : /[。！？：]$/.test(text) && CJK.test(m[0]) ? `${text}${m}` : `${text} ${m}`), '');
}

const CJK = /[\u3000-\u30ff\u3400-\u9fff\uff00-\uffef]/;
