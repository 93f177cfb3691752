// Waiting for a push approval: a live status line, how long ago the notification went out,
// cancel, and a way to pick another device. The ticking clock is not announced; the status
// line is (politely) when it changes.

import { h } from '../dom.js';
import { icon } from './icons.js';

export function pushWait(step, ctx) {
  const started = ctx.waitStartedAt || Date.now();
  const elapsed = h('span', { class: 'pf-wait-elapsed', 'aria-hidden': 'true' });
  const tick = () => {
    const seconds = Math.max(0, Math.round((Date.now() - started) / 1000));
    elapsed.textContent = seconds < 5 ? 'Sent just now' : `Sent ${seconds} seconds ago`;
  };
  tick();
  const timer = setInterval(() => {
    if (!elapsed.isConnected) { clearInterval(timer); return; }
    tick();
  }, 1000);
  return h('div', { class: 'pf-wait' },
    h('div', { class: 'pf-wait-visual', 'aria-hidden': 'true' }, icon('mobile', 'pf-icon pf-wait-icon'), h('span', { class: 'pf-pulse' })),
    h('p', { class: 'pf-wait-status', role: 'status' },
      h('span', { class: 'pf-spinner', 'aria-hidden': 'true' }),
      h('span', {}, 'Waiting for your approval…')),
    elapsed);
}
