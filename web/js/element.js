// <pingflow-signon>: the sign-on card as a custom element. Drop it into any page:
//
//   <script type="module" src="/signon/js/element.js"></script>
//   <pingflow-signon config="/config.json"></pingflow-signon>
//
// The card lives in the element's open shadow root, with its own stylesheet (signon.css, found
// beside this folder and loaded by a <link> in the shadow root; the bundled page adopts it as a
// constructed stylesheet instead, see js/style.js), so a host page's CSS neither
// repaints it nor needs linking it. Theming (README "Theming"): --pf-* custom properties set on
// the element, ::part() names (js/parts.js), and theme="light|dark|auto" (default auto: the
// browser's prefers-color-scheme).
// Attributes: config (URL of a JSON file) and/or auth-path, env-id, client-id, redirect-uri,
// scope (default "openid profile email"), acr-values, login-hint, wasm-url, bridge-url,
// restart-url, flow-id, locale (each also as data-*); heading-level (default 2); brand (show the
// application's name); no-autofocus; theme; label (the card's landmark name, default "Sign on";
// cards on one page sharing a name are told apart as "Sign on", "Sign on (2)", … in document order).
// locale: one of js/i18n/index.js's LOCALES (or a tag matched to one: de-AT → de); without it
// the browser's navigator.languages pick; sent to PingOne as ui_locales too.
// Without flow-id the page's ?flowId= is used; with neither an embedded sign-on starts.
// Events (bubbling, composed): pingflow-step {step, waiting}, pingflow-success {tokens,
// claims}, pingflow-failure {error}, pingflow-navigate {url, reason, provider} (the browser is
// about to leave for an identity provider or the application). Calling preventDefault() on
// success or failure keeps the card from drawing its own ending (the page shows its own); on
// pingflow-navigate, the page navigates itself.
// Properties (set before the element is connected): protect — a function returning PingOne
// Protect signals for DaVinci forms that ask for them (the bridge's protect option); messages —
// words to change, a partial catalog merged over the locale's (js/i18n/en.js has every key).
// useCatalog(words), exported here too, does the same for every card on the page.
// Types: ../element.d.ts. Imported where there is no DOM (server-side rendering in Node) the
// module defines nothing and throws nothing; the element is defined in the browser.

import { h } from './dom.js';
import { SignonController } from './controller.js';
import { loadBridge } from './bridge.js';
import { attributeConfig, mergeConfig, loadConfigFile, flowIdFromUrl, missingKeys, withLocale, withDefaults } from './config.js';
import { failurePanel } from './render/outcome.js';
import { t, useLocale, mergeWords } from './render/text.js';
import { matchLocale, loadLocale, direction } from './i18n/index.js';
import { cardSheet } from './style.js';

export { useCatalog } from './render/text.js';

// The card's look. This literal form is the one bundlers (Vite, webpack, Rollup, esbuild, Parcel)
// rewrite to the asset they emit; dist/signon.min.js sits at this folder's depth, so it finds
// the same file.
const STYLESHEET = new URL('../signon.css', import.meta.url).href;

// How long the card stays invisible waiting for its stylesheet before it is shown anyway.
const STYLE_WAIT_MS = 5000;

// Without a DOM (Node rendering a page on the server) the class extends a stand-in and is
// never defined: nothing at this module's top level touches the DOM.
const Base = globalThis.HTMLElement ?? class {};

export class PingflowSignon extends Base {
  #controller = null;
  #started = false;
  #card = null;
  #styled = null;

  /** A function returning PingOne Protect signals (see the bridge's protect option). */
  protect = null;

  #messages = null;

  constructor() {
    super();
    // A page may set messages before this module defined the element: keep what it set.
    if (Object.hasOwn(this, 'messages')) {
      const value = this.messages;
      delete this.messages;
      this.messages = value;
    }
  }

  /**
   * Words to change on this card, a partial catalog ({ui: {back: '…'}}) merged over the chosen
   * locale's; set before the element is connected. The catalog is the page's: cards on one
   * page share one language and its words.
   */
  get messages() {
    return this.#messages;
  }

  set messages(words) {
    this.#messages = words && typeof words === 'object' ? words : null;
  }

  connectedCallback() {
    if (this.#started) return;
    this.#started = true;
    const root = this.shadowRoot ?? this.attachShadow({ mode: 'open' });
    const level = Math.min(6, Math.max(1, parseInt(this.getAttribute('heading-level') || '2', 10) || 2));
    const brand = this.hasAttribute('brand') ? h('div', { class: 'pf-brand pf-hidden' }) : null;
    const body = h('div', { class: 'pf-body' });
    const polite = h('div', { class: 'pf-sr-only', 'aria-live': 'polite', 'aria-atomic': 'true' });
    const assertive = h('div', { class: 'pf-sr-only', 'aria-live': 'assertive', 'aria-atomic': 'true' });
    // Hidden until its stylesheet is in (no flash of an unstyled card), or failed to load.
    const card = h('section', { class: 'pf-card', 'aria-label': t('ui.signOn'), 'aria-busy': 'false', hidden: true }, brand, body, polite, assertive);
    this.#card = card;
    const adopted = cardSheet();
    if (adopted) {
      // The bundled build carries the stylesheet: styled now, no request to wait for.
      root.adoptedStyleSheets = [...root.adoptedStyleSheets.filter((s) => s !== adopted), adopted];
      card.removeAttribute('hidden');
      this.#styled = Promise.resolve();
      root.replaceChildren(card);
    } else {
      const sheet = h('link', { rel: 'stylesheet', href: STYLESHEET });
      this.#styled = stylesheetSettled(sheet).then(() => card.removeAttribute('hidden'));
      root.replaceChildren(sheet, card);
    }
    cards.add(this);
    relabel();
    this.#controller = new SignonController({ card, body, brand, polite, assertive }, {
      headingLevel: level,
      autofocus: !this.hasAttribute('no-autofocus'),
      emit: (name, detail) => this.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true, cancelable: true })),
      protect: this.protect,
    });
    this.#begin(level);
  }

  disconnectedCallback() {
    // Moving the element fires disconnect then connect; only a removal abandons the flow.
    queueMicrotask(() => {
      if (!this.isConnected) {
        this.#controller?.dispose();
        cards.delete(this);
      }
      relabel();
    });
  }

  async #begin(level) {
    // The bridge (and through it the engine) starts loading while the configuration is read.
    const attrBridge = attributeConfig(this).bridgeUrl;
    const bridge = loadBridge(attrBridge);
    bridge.catch(() => {}); // a failure is reported by begin()
    let config;
    try {
      const file = this.getAttribute('config');
      const fromFile = file ? await loadConfigFile(new URL(file, document.baseURI).href) : {};
      config = withDefaults(withLocale(mergeConfig(fromFile, attributeConfig(this)), globalThis.navigator?.languages, matchLocale));
      await this.#speak(config.locale);
      if (!config.flowId) config.flowId = flowIdFromUrl(globalThis.location.href);
      const missing = missingKeys(config);
      if (missing.length) throw new Error(t('ui.notConfigured', { keys: missing.join(', ') }));
    } catch (err) {
      if (!this.#card.lang) await this.#speak(matchLocale(this.getAttribute('locale') || globalThis.navigator?.languages || []));
      const error = { code: 'config', class: 'misconfiguration', message: err.message, details: [] };
      this.dispatchEvent(new CustomEvent('pingflow-failure', { detail: { error }, bubbles: true, composed: true }));
      await this.#styled;
      this.#card.querySelector('.pf-body').replaceChildren(failurePanel(error, { level }));
      return;
    }
    // The first screen is drawn once the card can be seen (focus cannot go into a hidden card).
    await this.#styled;
    await this.#controller.begin(config, config.bridgeUrl && config.bridgeUrl !== attrBridge ? null : bridge);
  }

  /** #speak loads the locale's catalog, makes it the card's words, and sets lang and dir. */
  async #speak(locale) {
    let words = null;
    try {
      words = locale === 'en' ? null : await loadLocale(locale);
    } catch {
      locale = 'en'; // a catalog that did not load: English
    }
    useLocale(locale, words && this.messages ? mergeWords(words, this.messages) : words || this.messages);
    const card = this.#card;
    card.lang = locale;
    card.dir = direction(locale);
    relabel();
  }

  static get observedAttributes() {
    return ['label'];
  }

  attributeChangedCallback() {
    if (this.#card) relabel();
  }

  /** The card's landmark name before numbering: the `label` attribute, else "Sign on" in its language. */
  get label() {
    return this.getAttribute('label')?.trim() || t('ui.signOn');
  }

  /** Setting it is the `label` attribute. */
  set label(value) {
    this.setAttribute('label', value);
  }

  /** The section that is the card's landmark (null before the element is connected). */
  get card() {
    return this.#card;
  }

  /** The locale the card speaks ('de', 'pt-BR', …) once chosen, else the `locale` attribute. */
  get locale() {
    return this.#card?.lang || this.getAttribute('locale');
  }

  /** Setting it before the element is connected is the `locale` attribute. */
  set locale(value) {
    this.setAttribute('locale', value);
  }

  /** The bridge client, once created (for pages that want its tokens or logout()). */
  get client() {
    return this.#controller?.client ?? null;
  }
}

/**
 * stylesheetSettled resolves when the <link> has loaded or failed, or after STYLE_WAIT_MS: the
 * card is shown then whatever happened (unstyled beats never).
 */
function stylesheetSettled(link) {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, STYLE_WAIT_MS);
    const done = () => {
      clearTimeout(timer);
      resolve();
    };
    link.addEventListener('load', done, { once: true });
    link.addEventListener('error', done, { once: true });
  });
}

// The cards on the page (connected elements, in shadow roots too). relabel names each: its label,
// and when cards share one, "(2)", "(3)", … after the first in the page's order (a card inside a
// shadow root counts where its host is), so every landmark on the page has its own name.
const cards = new Set();

function relabel() {
  const seen = new Map();
  for (const el of [...cards].filter((c) => c.isConnected && c.card).sort(pageOrder)) {
    const name = el.label;
    const n = (seen.get(name) || 0) + 1;
    seen.set(name, n);
    el.card.setAttribute('aria-label', n === 1 ? name : `${name} (${n})`);
  }
}

/** pageOrder compares two elements by document order, looking through shadow roots to their hosts. */
function pageOrder(a, b) {
  const ca = hosts(a);
  const cb = hosts(b);
  let i = 0;
  while (i < ca.length && i < cb.length && ca[i] === cb[i]) i++;
  if (i === ca.length || i === cb.length) return ca.length - cb.length;
  return ca[i].compareDocumentPosition(cb[i]) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1;
}

/** hosts is el's chain from the document down: [outermost shadow host, …, el]. */
function hosts(el) {
  const out = [el];
  for (let root = el.getRootNode(); root instanceof ShadowRoot; root = root.host.getRootNode()) out.unshift(root.host);
  return out;
}

if (globalThis.customElements && !customElements.get('pingflow-signon')) customElements.define('pingflow-signon', PingflowSignon);
