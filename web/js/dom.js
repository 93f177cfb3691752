// A tiny element builder. Every attribute goes through setAttribute and every text through
// text nodes, so nothing a server sends is ever parsed as HTML, and nothing here writes a style
// (the page runs under a Content-Security-Policy without 'unsafe-inline'). An element whose
// classes name a ::part() (parts.js) gets its part attribute here.

import { partsOf } from './parts.js';

/**
 * h('button', {class: 'pf-btn', type: 'submit', onclick: fn}, 'Sign on')
 * Props: `class` (string or array, falsy entries dropped), `on<event>` listeners, boolean
 * attributes as true/false, `null`/`undefined`/`false` values skipped, everything else set as an
 * attribute. Children: strings, numbers, nodes, arrays of them; null/false are skipped.
 */
export function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === 'class') {
      const names = Array.isArray(value) ? value.filter(Boolean).join(' ') : value;
      if (names) el.className = names;
      const parts = names ? partsOf(names) : '';
      if (parts) el.setAttribute('part', parts);
    } else if (key.startsWith('on') && typeof value === 'function') {
      el.addEventListener(key.slice(2), value);
    } else if (key === 'value' && 'value' in el) {
      el.value = String(value);
    } else {
      el.setAttribute(key, value === true ? '' : String(value));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false || child === '') continue;
    if (Array.isArray(child)) append(el, child);
    else el.append(child instanceof Node ? child : String(child));
  }
}

let counter = 0;

/** uid returns a document-unique id with the given prefix, for label/aria wiring. */
export function uid(prefix = 'pf') {
  counter += 1;
  return `${prefix}-${counter}`;
}

/** visuallyHidden wraps text that screen readers read but the eye does not see. */
export function visuallyHidden(text) {
  return h('span', { class: 'pf-sr-only' }, text);
}
