// How a form's other actions are drawn. An action with event "submit" sends the form's fields
// (DaVinci SUBMIT_BUTTON): besides the main one it is another submit button of the same form.
// An action with event "action" sends none (FLOW_BUTTON, FLOW_LINK): a secondary button, or a
// link when the flow asks for one. Actions with neither stay links (view.js); passkey and
// social actions get their own buttons (ceremony.js).

import { h, uid } from '../dom.js';
import { actionLabel, t } from './text.js';
import { isPasskey, isSocial } from './plan.js';

export function isFlowButton(action) {
  return action.event === 'action' && !action.link && !(action.fields || []).length && !isPasskey(action) && !isSocial(action);
}

/**
 * formButtons lists the step's actions drawn as buttons beside main: alternatives (submit
 * buttons sharing main's form) and flowButtons (field-less actions sent at once).
 */
export function formButtons(step, main) {
  const others = (step.actions || []).filter((a) => a !== main && !isPasskey(a) && !isSocial(a));
  return {
    alternatives: main?.event === 'submit' ? others.filter((a) => a.event === 'submit') : [],
    flowButtons: others.filter(isFlowButton),
  };
}

/** flowButton is a secondary button that sends its action with no input. */
export function flowButton(action, ctx) {
  const button = h('button', { type: 'button', class: 'pf-btn pf-btn-secondary', 'data-action': action.name, 'data-role': action.role || null },
    h('span', { class: 'pf-btn-label' }, actionLabel(action, ctx.step)));
  const resend = action.role === 'resend';
  button.addEventListener('click', () => {
    if (!ctx.busy() && button.getAttribute('aria-disabled') !== 'true') ctx.submit(action.name, {}, button, { resend });
  });
  return resend ? coolingDown(button, ctx) : button;
}

/**
 * coolingDown: "Send a new code" rests for a while after it sent one (ctx.cooldown() seconds
 * left). It stays focusable but aria-disabled, described by the countdown that the controller
 * updates each second — a description, not a live region, so a screen reader hears it once,
 * with the button, not every second.
 */
export function coolingDown(button, ctx) {
  const seconds = ctx.cooldown?.() || 0;
  if (!seconds) return button;
  const id = uid('pf-cooldown');
  button.setAttribute('aria-disabled', 'true');
  button.setAttribute('aria-describedby', id);
  button.dataset.cooldown = id;
  return h('span', { class: 'pf-resend' }, button, h('span', { class: 'pf-cooldown', id }, t('roles.resend.wait', { seconds })));
}
