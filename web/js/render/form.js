// An action's form: its fields, the main button (and any other submit buttons of the same
// form) and client-side checks (pattern, new-password policy, confirmation). Required fields
// are left to the engine, which answers a missing field with the same step and the error on
// that field, so every protocol gets the same treatment.

import { h } from '../dom.js';
import { renderField } from './fields.js';
import { actionLabel, t } from './text.js';
import { isUsername } from './plan.js';

/**
 * actionForm renders `action` as a <form>. opts: {label, hideKeys: Set of keys drawn elsewhere
 * (sent with their prefilled value), extra: nodes after the fields,
 * alternatives: other actions that submit the same fields (secondary submit buttons), buttons:
 * nodes after the submit buttons, beside: [{key, id, nodes}], content drawn just before the field
 * it stood before in the form, which it describes (the terms above an agreement checkbox)}.
 */
export function actionForm(action, ctx, opts = {}) {
  const beside = new Map((opts.beside || []).map((b) => [b.key, b]));
  const fieldCtx = {
    step: ctx.step, action, values: ctx.values, secrets: ctx.secrets, details: detailsFor(action, ctx.step),
    describedBy: Object.fromEntries([...beside].map(([key, b]) => [key, b.id])),
  };
  const hidden = opts.hideKeys || new Set();
  const rendered = [];
  const nodes = [];
  for (const field of action.fields || []) {
    if (hidden.has(field.key)) {
      nodes.push(autofillHint(field, ctx));
      continue;
    }
    const r = renderField(field, fieldCtx);
    rendered.push(r);
    if (beside.has(field.key)) nodes.push(beside.get(field.key).nodes);
    nodes.push(r.node);
  }
  const button = h('button', { type: 'submit', class: 'pf-btn pf-btn-primary', 'data-action': action.name },
    h('span', { class: 'pf-btn-label' }, opts.label || actionLabel(action, ctx.step)));
  const alternatives = (opts.alternatives || []).map((alt) => h('button', { type: 'submit', class: 'pf-btn pf-btn-secondary', 'data-action': alt.name },
    h('span', { class: 'pf-btn-label' }, actionLabel(alt, ctx.step))));
  const form = h('form', { class: 'pf-form', novalidate: true, 'data-action': action.name },
    nodes, opts.extra || null,
    h('div', { class: 'pf-buttons' }, button, alternatives, opts.buttons || null));

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (ctx.busy()) return;
    // Enter in a field submits with the main button; another submit button sends its own action.
    const pressed = alternatives.includes(event.submitter) ? event.submitter : button;
    let firstBad = null;
    for (const r of rendered) {
      const message = r.check();
      if (message && !firstBad) firstBad = r;
    }
    if (firstBad) {
      ctx.announceError(firstBad.check() || t('ui.checkField'));
      (firstBad.checkTarget ? firstBad.checkTarget() : firstBad.focusable)?.focus();
      return;
    }
    const input = {};
    for (const field of action.fields || []) {
      if (hidden.has(field.key)) {
        if (field.value !== undefined && field.value !== '') input[field.key] = field.value;
      }
    }
    for (const r of rendered) {
      r.remember();
      const value = r.read();
      if (value === '' || value === undefined) continue;
      input[r.key] = value;
    }
    ctx.submit(pressed.dataset.action, input, pressed);
  });
  return { node: form, fields: rendered, button };
}

// details of the step's error that name a field of this action.
function detailsFor(action, step) {
  const details = step.error?.details || [];
  const keys = new Set((action.fields || []).map((f) => f.key));
  return details.filter((d) => keys.has(d.target));
}

// A field drawn elsewhere (the known username) still goes into the form invisibly, so password
// managers pair the password with the right account.
function autofillHint(field, ctx) {
  if (!isUsername(field)) return null;
  return h('input', {
    type: 'text', class: 'pf-autofill', name: field.key, autocomplete: 'username', value: field.value || ctx.values.get(field.key) || '',
    readonly: true, tabindex: '-1', 'aria-hidden': 'true',
  });
}

/** linkButton is a quiet button for a secondary action. */
export function linkButton(label, onClick, attrs = {}) {
  const button = h('button', { type: 'button', class: 'pf-link', ...attrs }, label);
  button.addEventListener('click', (event) => {
    event.preventDefault();
    onClick(button);
  });
  return button;
}
