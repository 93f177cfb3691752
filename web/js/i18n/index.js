// The shipped locales and how one is chosen. Each locale is one module beside this file with the
// same keys as en.js (test/locales.test.mjs checks); it is loaded only when it is chosen. The
// imports are literal, so a bundler finds every catalog.

import en from './en.js';

export const LOCALES = ['en', 'de', 'fr', 'es', 'it', 'nl', 'pt-BR', 'ja', 'zh-CN', 'ar'];

/** Locales written right to left. */
export const RTL = new Set(['ar']);

// English is every catalog's base (render/text.js imports it): it is here already.
const LOADERS = {
  en: async () => ({ default: en }),
  de: () => import('./de.js'),
  fr: () => import('./fr.js'),
  es: () => import('./es.js'),
  it: () => import('./it.js'),
  nl: () => import('./nl.js'),
  'pt-BR': () => import('./pt-BR.js'),
  ja: () => import('./ja.js'),
  'zh-CN': () => import('./zh-CN.js'),
  ar: () => import('./ar.js'),
};

// Chinese written in traditional characters is not served the simplified catalog.
const TRADITIONAL = /^zh-(hant|tw|hk|mo)\b/i;

/**
 * matchLocale picks the shipped locale for a list of wanted language tags (navigator.languages,
 * or one `locale` attribute), in the order given: for each tag its exact locale ('pt-BR'), else a
 * locale of its language ('de-AT' → 'de', 'pt-PT' → 'pt-BR'); 'en' when none matches.
 */
export function matchLocale(wanted, available = LOCALES) {
  const tags = (Array.isArray(wanted) ? wanted : [wanted]).filter((w) => typeof w === 'string' && w.trim());
  for (const raw of tags) {
    const tag = raw.trim().replace(/_/g, '-');
    const exact = available.find((l) => l.toLowerCase() === tag.toLowerCase());
    if (exact) return exact;
    if (TRADITIONAL.test(tag)) continue;
    const lang = tag.split('-')[0].toLowerCase();
    const same = available.find((l) => l.split('-')[0].toLowerCase() === lang);
    if (same) return same;
  }
  return 'en';
}

/** direction is 'rtl' for a locale written right to left, else 'ltr'. */
export function direction(locale) {
  return RTL.has(locale) ? 'rtl' : 'ltr';
}

/** loadLocale resolves to a shipped locale's catalog (en's for an unknown one). */
export async function loadLocale(locale) {
  const load = LOADERS[locale] || LOADERS.en;
  return (await load()).default;
}
