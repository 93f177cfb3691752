// Read-only parts of a step (DaVinci labels, rich text, QR codes, images) and social sign-on
// buttons. Links are only ever http(s); text is never parsed as HTML.

import { h } from '../dom.js';
import { icon } from './icons.js';

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
  if (/^data:image\/(png|gif|jpeg|webp|svg\+xml);/i.test(src)) return src;
  return safeHref(src);
}

export function contentBlocks(step) {
  return (step.content || []).map((c) => {
    switch (c.type) {
      case 'label': return h('p', { class: 'pf-text' }, c.text);
      case 'rich-text': return h('p', { class: 'pf-text' }, (c.parts || [{ text: c.text }]).map((part) => {
        const href = part.href && safeHref(part.href);
        return href ? h('a', { href, target: part.target === '_blank' ? '_blank' : null, rel: 'noopener' }, part.text) : part.text;
      }));
      case 'qr-code': {
        const src = safeSrc(c.src);
        return h('figure', { class: 'pf-qr' }, src ? h('img', { src, alt: 'QR code' }) : null, c.text ? h('figcaption', {}, c.text) : null);
      }
      case 'image': {
        const src = safeSrc(c.src);
        return src ? h('img', { class: 'pf-image', src, alt: c.text || '' }) : null;
      }
      case 'agreement': return h('div', { class: 'pf-agreement', tabindex: '0', role: 'region', 'aria-label': 'Agreement' }, c.text);
      case 'error': return c.text ? h('p', { class: 'pf-banner pf-banner-error' }, icon('alert', 'pf-icon pf-icon-sm'), h('span', {}, c.text)) : null;
      default: return c.text ? h('p', { class: 'pf-text' }, c.text) : null;
    }
  });
}

export function socialButtons(step) {
  const providers = (step.socialProviders || []).filter((p) => safeHref(p.href));
  if (!providers.length) return null;
  return h('div', { class: 'pf-social' },
    h('p', { class: 'pf-divider' }, h('span', {}, 'or')),
    providers.map((p) => h('a', { class: 'pf-btn pf-btn-secondary', href: safeHref(p.href) }, `Continue with ${p.name || p.type || 'provider'}`)));
}
