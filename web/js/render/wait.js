// Waiting for a push approval (or, on a DaVinci POLLING form, for whatever the form says): a
// live status line, how long ago the wait began, cancel, and a way to pick another device. The
// ticking clock is not announced; the status line is (politely) when it changes.

import { h } from '../dom.js';
import { icon } from './icons.js';

export function pushWait(step, ctx) {
  // A push is a phone to approve on; a form that polls says itself what it waits for.
  const push = step.status === 'PUSH_CONFIRMATION_REQUIRED';
  const started = ctx.waitStartedAt || Date.now();
  const elapsed = h('span', { class: 'pf-wait-elapsed', 'aria-hidden': 'true' });
  const tick = () => {
    const seconds = Math.max(0, Math.round((Date.now() - started) / 1000));
    if (push) elapsed.textContent = seconds < 5 ? 'Sent just now' : `Sent ${seconds} seconds ago`;
    else elapsed.textContent = seconds < 5 ? 'Just started' : `${seconds} seconds so far`;
  };
  tick();
  const timer = setInterval(() => {
    if (!elapsed.isConnected) { clearInterval(timer); return; }
    tick();
  }, 1000);
  return h('div', { class: 'pf-wait' },
    h('div', { class: 'pf-wait-visual', 'aria-hidden': 'true' }, icon(push ? 'mobile' : 'clock', 'pf-icon pf-wait-icon'), h('span', { class: 'pf-pulse' })),
    h('p', { class: 'pf-wait-status', role: 'status' },
      h('span', { class: 'pf-spinner', 'aria-hidden': 'true' }),
      h('span', {}, push ? 'Waiting for your approval…' : 'Waiting…')),
    elapsed);
}
