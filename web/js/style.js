// The card's stylesheet as a constructable stylesheet, when a build put its text in the bundle
// (web/scripts/build-page.mjs does, before the element's module runs): the element adopts it in
// its shadow root at once, so the first step waits for no stylesheet request. Without it (the
// unbundled sources, the package's files) the element links signon.css as before.

let text = null;
let sheet = null;

/** useCardStyle gives the card's stylesheet text (signon.css) to every card on the page. */
export function useCardStyle(css) {
  text = typeof css === 'string' ? css : null;
  sheet = null;
}

/**
 * cardSheet is the constructed stylesheet, or null when no text was given or this browser
 * cannot adopt stylesheets in a shadow root.
 */
export function cardSheet() {
  if (text === null || typeof globalThis.CSSStyleSheet !== 'function' || !globalThis.ShadowRoot ||
    !('adoptedStyleSheets' in globalThis.ShadowRoot.prototype)) return null;
  if (!sheet) {
    try {
      sheet = new CSSStyleSheet();
      sheet.replaceSync(text);
    } catch {
      sheet = null;
      text = null;
    }
  }
  return sheet;
}
