// Password policy rules: what a PingOne password policy (Step.passwordPolicy) asks for, as a
// checklist that is re-evaluated on every keystroke. Pure functions, no DOM; the server remains
// the judge (it checks history, common passwords and profile data too), so rules that cannot be
// checked here are listed with state 'info' rather than guessed. The labels are the catalog's
// (policy.rules in js/i18n/<locale>.js).

import { t } from './render/text.js';

const UPPER = /^[A-Z]+$/;
const LOWER = /^[a-z]+$/;
const DIGITS = /^[0-9]+$/;

/** setKind names a minCharacters set: 'upper', 'lower', 'digit', 'special' or 'other'. */
export function setKind(characters) {
  if (UPPER.test(characters)) return 'upper';
  if (LOWER.test(characters)) return 'lower';
  if (DIGITS.test(characters)) return 'digit';
  if (!/[A-Za-z0-9]/.test(characters)) return 'special';
  return 'other';
}

/** describeSet is the rule's label for a minCharacters set: "At least 1 uppercase letter", … */
export function describeSet(characters, min) {
  return t(['policy', 'rules', setKind(characters)], { count: min, characters });
}

/** longestRun is the length of the longest run of one repeated character. */
export function longestRun(text) {
  let best = 0;
  let run = 0;
  let prev = null;
  for (const ch of text) {
    run = ch === prev ? run + 1 : 1;
    prev = ch;
    if (run > best) best = run;
  }
  return best;
}

function countFrom(text, characters) {
  let n = 0;
  for (const ch of text) if (characters.includes(ch)) n += 1;
  return n;
}

// The profile values a password must not contain: the username, names and the email's local
// part, whole, when at least three characters long (a password may still contain "user").
function profileWords(profile) {
  const words = [];
  const email = typeof profile?.email === 'string' ? profile.email.split('@')[0] : null;
  for (const value of [profile?.username, profile?.given, profile?.family, email]) {
    if (typeof value === 'string' && value.length >= 3) words.push(value.toLowerCase());
  }
  return words;
}

/**
 * rules lists the checks a policy makes, in display order. Each rule is
 * {id, label, test(password) → boolean} or {id, label, test: null} for a rule only the server
 * can check. `profile` ({username, given, family, email}) lets the profile-data rule be checked
 * where the page knows who is signing on.
 */
export function rules(policy, profile = null) {
  if (!policy || typeof policy !== 'object') return [];
  const out = [];
  const min = policy.minLength || 0;
  const max = policy.maxLength || 0;
  if (min > 0 && max > 0 && max < 64) {
    out.push({ id: 'length', label: t('policy.rules.length', { min, max }), test: (pw) => [...pw].length >= min && [...pw].length <= max });
  } else {
    if (min > 0) out.push({ id: 'minLength', label: t('policy.rules.minLength', { count: min }), test: (pw) => [...pw].length >= min });
    if (max > 0) out.push({ id: 'maxLength', label: t('policy.rules.maxLength', { count: max }), test: (pw) => [...pw].length <= max, hideWhenMet: true });
  }
  for (const set of policy.minCharacters || []) {
    if (!set || !set.characters || !(set.min > 0)) continue;
    out.push({
      id: `chars:${set.characters}`,
      label: describeSet(set.characters, set.min),
      test: (pw) => countFrom(pw, set.characters) >= set.min,
    });
  }
  if (policy.minUniqueCharacters > 0) {
    const n = policy.minUniqueCharacters;
    out.push({ id: 'unique', label: t('policy.rules.unique', { count: n }), test: (pw) => new Set(pw).size >= n });
  }
  if (policy.maxRepeatedCharacters > 0) {
    const n = policy.maxRepeatedCharacters;
    out.push({
      id: 'repeat',
      label: t('policy.rules.repeat', { count: n }),
      test: (pw) => pw.length > 0 && longestRun(pw) <= n,
    });
  }
  if (policy.excludesProfileData) {
    const words = profileWords(profile);
    out.push({
      id: 'profile',
      label: t('policy.rules.profile'),
      test: words.length ? (pw) => pw.length > 0 && !words.some((w) => pw.toLowerCase().includes(w)) : null,
    });
  }
  if (policy.excludesCommonlyUsed) out.push({ id: 'common', label: t('policy.rules.common'), test: null });
  if (policy.historyCount > 0) out.push({ id: 'history', label: t('policy.rules.history'), test: null });
  return out;
}

/**
 * evaluate checks a password against rules: [{id, label, state: 'met'|'unmet'|'info'}], plus
 * whether every checkable rule is met. Rules flagged hideWhenMet are left out while met.
 */
export function evaluate(ruleList, password) {
  const items = [];
  let ok = true;
  for (const rule of ruleList) {
    if (!rule.test) {
      items.push({ id: rule.id, label: rule.label, state: 'info' });
      continue;
    }
    const met = rule.test(password);
    if (!met) ok = false;
    if (met && rule.hideWhenMet) continue;
    items.push({ id: rule.id, label: rule.label, state: met ? 'met' : 'unmet' });
  }
  return { items, ok };
}
