// The password policy as a live checklist under a new-password input. Each rule shows a check
// or a cross as the person types; the state is also written out for screen readers, and the
// list is tied to the input with aria-describedby. A summary line is announced politely only
// when the password goes from not meeting the policy to meeting it.

import { h, uid } from '../dom.js';
import { icon } from './icons.js';
import { rules, evaluate } from '../policy-rules.js';
import { t } from './text.js';

/**
 * policyChecklist(policy, profile, {skip}) → {id, node, update(password) → ok}. profile is a
 * function returning {username, given, family, email} as known at the time of each update (a
 * registration form's own username and email count as they are typed); skip lists rule ids
 * that do not apply (a new account has no password history).
 */
export function policyChecklist(policy, profile, { skip = [] } = {}) {
  const id = uid('pf-policy');
  const list = h('ul', { class: 'pf-policy-list' });
  const status = h('p', { class: 'pf-sr-only', 'aria-live': 'polite' });
  const node = h('div', { class: 'pf-policy', id },
    h('p', { class: 'pf-policy-title' }, t('policy.title')), list, status);
  let wasOk = null;

  const update = (password) => {
    const ruleList = rules(policy, profile()).filter((r) => !skip.includes(r.id));
    const { items, ok } = evaluate(ruleList, password);
    list.replaceChildren(...items.map((item) => h('li', { class: `pf-rule pf-rule-${item.state}`, 'data-rule': item.id },
      icon(item.state === 'met' ? 'check' : item.state === 'info' ? 'info' : 'cross', 'pf-icon pf-icon-sm'),
      h('span', {}, item.label),
      h('span', { class: 'pf-sr-only' }, ` (${t(['policy', item.state])})`))));
    if (wasOk === false && ok) status.textContent = t('policy.allMet');
    else if (!ok) status.textContent = '';
    wasOk = ok;
    return ok;
  };
  update('');
  return { id, node, update };
}
