// Waiting for something outside the page, by step.wait: a push approval on the phone, a QR /
// cross-device challenge (the QR code in the panel), or whatever a polling form says. A live
// status line, how long ago the wait began; the ticking clock is not announced, the status line
// is (politely) when it changes.

import { h } from '../dom.js';
import { icon } from './icons.js';
import { t, lookup, WAIT_ICONS } from './text.js';
import { qrFigure } from './content.js';

/** waitPanel draws the waiting state. qr: the challenge's QR content, drawn inside the panel. */
export function waitPanel(step, ctx, qr = null) {
  const kind = lookup(['waits', step.wait]) ? step.wait : 'poll';
  const words = (name, vars) => t(['waits', kind, name], vars);
  const started = ctx.waitStartedAt || Date.now();
  const elapsed = h('span', { class: 'pf-wait-elapsed', 'aria-hidden': 'true' });
  const tick = () => {
    const seconds = Math.max(0, Math.round((Date.now() - started) / 1000));
    elapsed.textContent = seconds < 5 ? words('justNow') : words('since', { seconds });
  };
  tick();
  const timer = setInterval(() => {
    if (!elapsed.isConnected) { clearInterval(timer); return; }
    tick();
  }, 1000);
  const visual = qr ? qrFigure(qr, { large: true }) : h('div', { class: 'pf-wait-visual', 'aria-hidden': 'true' },
    icon(WAIT_ICONS[kind] || 'clock', 'pf-icon pf-wait-icon'), h('span', { class: 'pf-pulse' }));
  const hint = qr && !step.description && !qr.text ? words('hint') : '';
  return h('div', { class: ['pf-wait', qr && 'pf-wait-challenge'], 'data-wait': kind },
    visual,
    hint ? h('p', { class: 'pf-text pf-wait-hint' }, hint) : null,
    h('p', { class: 'pf-wait-status', role: 'status' },
      h('span', { class: 'pf-spinner', 'aria-hidden': 'true' }),
      h('span', {}, words('status'))),
    elapsed);
}
