// Terms of use: the agreement text in a scrollable, focusable region, then Accept / Decline.
// Declining sends the agreement's checkbox as false, which ends the sign-on (PingOne's behaviour).

import { h } from '../dom.js';
import { t } from './text.js';

export function agreementBody(step) {
  const text = step.agreement?.text || '';
  return h('div', {
    class: 'pf-agreement', tabindex: '0', role: 'region', 'aria-label': step.agreement?.name || t('ui.agreement'),
  }, text.split(/\n{2,}/).map((para) => h('p', {}, para)));
}

export function agreementButtons(action, ctx) {
  const field = (action.fields || []).find((f) => f.type === 'boolean') || { key: 'accept' };
  const accept = h('button', { type: 'button', class: 'pf-btn pf-btn-primary', 'data-action': action.name },
    h('span', { class: 'pf-btn-label' }, t('ui.accept')));
  const decline = h('button', { type: 'button', class: 'pf-btn pf-btn-secondary' }, h('span', { class: 'pf-btn-label' }, t('ui.decline')));
  accept.addEventListener('click', () => { if (!ctx.busy()) ctx.submit(action.name, { [field.key]: true }, accept); });
  decline.addEventListener('click', () => { if (!ctx.busy()) ctx.submit(action.name, { [field.key]: false }, decline); });
  return h('div', { class: 'pf-buttons pf-buttons-row' }, decline, accept);
}
