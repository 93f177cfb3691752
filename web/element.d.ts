// Type declarations for <pingflow-signon> (js/element.js). test/types.test.mjs type-checks a
// usage file against them with tsc. The bridge's own types (Client, Step, Tokens, FlowError)
// come from its declarations.

import type { Client, Step, Tokens, FlowError, ProtectCollector } from '../bridge/pingflow.js';

export type { Client, Step, Tokens, FlowError };

/** A partial catalog of the card's words ({ui: {back: '…'}}), merged over the locale's (js/i18n/en.js has every key). */
export interface Messages {
  [group: string]: string | Messages;
}

/** pingflow-step: a step is shown (waiting: the flow waits for something outside the page, e.g. a push). */
export interface PingflowStepDetail {
  step: Step;
  waiting: boolean;
}

/** pingflow-success: signed on. claims are the ID token's (null without one). */
export interface PingflowSuccessDetail {
  tokens: Tokens;
  claims: { [claim: string]: unknown } | null;
}

/** pingflow-failure: the flow ended without success (a configuration the card cannot use: code 'config'). */
export interface PingflowFailureDetail {
  error: FlowError;
}

/** pingflow-navigate: the browser is about to leave for an identity provider or the application. */
export interface PingflowNavigateDetail {
  url: string;
  reason: 'identity-provider' | 'application';
  /** The identity provider's name, for reason 'identity-provider'. */
  provider: string | null;
}

/**
 * The events the element dispatches (bubbling, composed). preventDefault() on pingflow-success or
 * pingflow-failure keeps the card from drawing its own ending; on pingflow-navigate the page
 * navigates itself.
 */
export interface PingflowSignonEventMap {
  'pingflow-step': CustomEvent<PingflowStepDetail>;
  'pingflow-success': CustomEvent<PingflowSuccessDetail>;
  'pingflow-failure': CustomEvent<PingflowFailureDetail>;
  'pingflow-navigate': CustomEvent<PingflowNavigateDetail>;
}

/** The theme attribute's values: auto (the default) follows prefers-color-scheme. */
export type PingflowTheme = 'light' | 'dark' | 'auto';

/**
 * The ::part() names of the card (js/parts.js), for `pingflow-signon::part(button-primary) {…}`.
 * An element carries every part its role gives it: the main button is `button button-primary`.
 */
export type PingflowPart =
  | 'card' | 'brand' | 'header' | 'title' | 'subtitle' | 'body' | 'form' | 'field' | 'label' | 'input'
  | 'field-error' | 'button' | 'button-primary' | 'button-secondary' | 'link' | 'links' | 'banner'
  | 'banner-error' | 'banner-warning' | 'banner-info' | 'device' | 'policy';

/**
 * <pingflow-signon>: the sign-on card. Configuration is by attributes (each also as data-*):
 * config (URL of a JSON file), auth-path, env-id, client-id, redirect-uri, scope (default
 * "openid profile email"), acr-values, login-hint, custom-domain, wasm-url, bridge-url,
 * restart-url, flow-id, locale, heading-level, brand, no-autofocus, label. Attributes are read
 * when the element is connected.
 *
 * The card is drawn in the element's open shadow root (`shadowRoot`) with its own stylesheet, so
 * the page's CSS does not reach it. Theming, from the page's CSS: the --pf-* custom properties
 * set on the element (`pingflow-signon { --pf-accent: #0f766e }`), the parts ({@link PingflowPart})
 * with ::part(), and the `theme` attribute ({@link PingflowTheme}; live: CSS reads it).
 */
export class PingflowSignon extends HTMLElement {
  /** A function returning PingOne Protect signals (the bridge's protect option); set before connecting. */
  protect: ProtectCollector | null;
  /** Words to change on this card, merged over the locale's; set before connecting. */
  get messages(): Messages | null;
  set messages(words: Messages | null | undefined);
  /** The locale the card speaks ('de', 'pt-BR', …) once chosen, else the `locale` attribute; setting it sets the attribute. */
  get locale(): string | null;
  set locale(value: string);
  /** The landmark name before numbering: the `label` attribute, else "Sign on" in the card's language. */
  get label(): string;
  set label(value: string);
  /** The card's landmark section, in the shadow root (null before the element is connected). */
  readonly card: HTMLElement | null;
  /** The bridge client, once created (for its tokens or logout()); null before. */
  readonly client: Client | null;

  connectedCallback(): void;
  disconnectedCallback(): void;
  static readonly observedAttributes: string[];
  attributeChangedCallback(): void;

  addEventListener<K extends keyof PingflowSignonEventMap>(type: K, listener: (this: PingflowSignon, ev: PingflowSignonEventMap[K]) => unknown, options?: boolean | AddEventListenerOptions): void;
  addEventListener<K extends keyof HTMLElementEventMap>(type: K, listener: (this: PingflowSignon, ev: HTMLElementEventMap[K]) => unknown, options?: boolean | AddEventListenerOptions): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | AddEventListenerOptions): void;
  removeEventListener<K extends keyof PingflowSignonEventMap>(type: K, listener: (this: PingflowSignon, ev: PingflowSignonEventMap[K]) => unknown, options?: boolean | EventListenerOptions): void;
  removeEventListener<K extends keyof HTMLElementEventMap>(type: K, listener: (this: PingflowSignon, ev: HTMLElementEventMap[K]) => unknown, options?: boolean | EventListenerOptions): void;
  removeEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | EventListenerOptions): void;
}

/** Words for every card on the page (a partial catalog, like messages). */
export function useCatalog(words: Messages | null): void;

declare global {
  interface HTMLElementTagNameMap {
    'pingflow-signon': PingflowSignon;
  }
  /** The events bubble (and are composed), so a listener on an ancestor or the document sees them typed too. */
  interface HTMLElementEventMap extends PingflowSignonEventMap {}
  interface DocumentEventMap extends PingflowSignonEventMap {}
}
