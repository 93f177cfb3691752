// Read-only parts of a step (DaVinci labels, rich text, QR codes, agreements, images, errors, and
// components the engine passed through unread). Links are only ever http(s), images http(s) or
// data:image; text is never parsed as HTML.

import { h } from '../dom.js';
import { icon } from './icons.js';
import { t } from './text.js';

function safeHref(href) {
  try {
    const url = new URL(href, document.baseURI);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null;
  } catch {
    return null;
  }
}

function safeSrc(src) {
  if (typeof src !== 'string') return null;
  if (/^data:image\/(png|gif|jpeg|webp|svg\+xml)[;,]/i.test(src)) return src;
  return safeHref(src);
}

/** contentBlocks draws a list of a step's content parts (step.content by default). */
export function contentBlocks(step, list = step.content || []) {
  return list.map((c) => {
    switch (c.type) {
      case 'label': return h('p', { class: 'pf-text' }, c.text);
      case 'rich-text': return h('p', { class: 'pf-text' }, (c.parts || [{ text: c.text }]).map((part) => {
        const href = part.href && safeHref(part.href);
        return href ? h('a', { href, target: part.target === '_blank' ? '_blank' : null, rel: 'noopener' }, part.text) : part.text;
      }));
      case 'qr-code': return qrFigure(c);
      case 'image': {
        const src = safeSrc(c.src);
        return src ? h('img', { class: 'pf-image', src, alt: c.text || '' }) : null;
      }
      case 'agreement': {
        // DaVinci's AGREEMENT may carry a title to show (titleEnabled); it names the region too.
        const title = c.raw?.titleEnabled && typeof c.raw.title === 'string' ? c.raw.title : '';
        return h('div', { class: 'pf-agreement', tabindex: '0', role: 'region', 'aria-label': title || t('ui.agreement') },
          title ? h('p', { class: 'pf-agreement-title' }, title) : null, h('p', {}, c.text));
      }
      case 'error': return c.text ? h('p', { class: 'pf-banner pf-banner-error' }, icon('alert', 'pf-icon pf-icon-sm'), h('span', {}, c.text)) : null;
      default: return unknownBlock(c);
    }
  });
}

// A component the engine does not know arrives with its JSON (raw): its text, if it has any, is
// shown, and the component itself under a disclosure, so nothing the flow sent goes unseen.
function unknownBlock(c) {
  const raw = c.raw && typeof c.raw === 'object' ? c.raw : null;
  const type = raw?.type ? String(raw.type) : c.type;
  return h('div', { class: 'pf-unknown', 'data-component-type': type },
    c.text ? h('p', { class: 'pf-text' }, c.text) : null,
    raw ? h('details', { class: 'pf-details' },
      h('summary', {}, t('ui.unknownPart', { type })),
      h('pre', { class: 'pf-raw' }, JSON.stringify(raw, null, 2))) : null);
}

/** qrFigure draws a QR code with its fallback text (large: the one a waiting challenge shows). */
export function qrFigure(c, { large = false } = {}) {
  const src = safeSrc(c.src);
  return h('figure', { class: ['pf-qr', large && 'pf-qr-large'] },
    src ? h('img', { src, alt: t('ui.qrCode') }) : null,
    c.text ? h('figcaption', {}, c.text) : null);
}
