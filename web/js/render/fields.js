// One form field per Step field: label, input with the right type/autocomplete/inputmode,
// errors beside it (with attempts left), and for new passwords a live policy checklist and an
// optional confirmation. Each renderer returns {node, read, check, focusable}.

import { h, uid } from '../dom.js';
import { icon } from './icons.js';
import { attemptsText, requirementsText, detailMessages, deviceName, deviceIcon, sentences, fieldLabel, t } from './text.js';
import { isUsername } from './plan.js';
import { policyChecklist } from './policy.js';

/**
 * renderField draws one field. ctx: {step, action, values: Map, details: [error details]}.
 * Returns {node, read(): value|undefined, check(): message|null, focusable: Element|null,
 * invalid: boolean, key}.
 */
export function renderField(field, ctx) {
  const renderer = RENDERERS[field.type] || textField;
  return renderer({ ...field, label: fieldLabel(field, ctx.step) }, ctx);
}

const RENDERERS = {
  text: textField, email: textField, tel: textField, phone: phoneField, code: textField,
  password: passwordField, 'new-password': passwordField,
  hidden: hiddenField, boolean: booleanField,
  select: selectField, radio: choiceField, 'device-type': choiceField, device: choiceField,
  checkboxes: multiField, multiselect: multiField,
};

// ---- shared pieces ----

function errorsOf(field, ctx) {
  const mine = (ctx.details || []).filter((d) => d.target === field.key);
  // A lockout's own message is replaced by the catalog's (below), wherever the engine put it.
  const lockouts = new Set(mine.filter((d) => Number.isInteger(d.secondsUntilUnlock)).map((d) => d.message));
  const messages = (field.errors || []).filter((m) => !lockouts.has(m));
  const extra = [];
  for (const d of ctx.details || []) {
    if (d.target !== field.key) continue;
    // A lockout is said once, in the catalog's words (detailMessages), not the server's too.
    const [said, ...more] = Number.isInteger(d.secondsUntilUnlock) ? detailMessages(d) : [d.message, requirementsText(d), attemptsText(d)];
    if (said && !messages.includes(said)) messages.push(said);
    for (const m of more) if (m) extra.push(m);
  }
  return [...messages, ...extra];
}

function errorBlock(id, messages) {
  if (!messages.length) return null;
  return h('div', { class: 'pf-field-error', id },
    icon('alert', 'pf-icon pf-icon-sm'),
    h('span', {}, sentences(messages)));
}

function describedBy(...ids) {
  const list = ids.filter(Boolean).join(' ');
  return list || null;
}

function initial(field, ctx) {
  if (ctx.values.has(field.key)) return ctx.values.get(field.key);
  return field.value ?? '';
}

function labelText(field) {
  return field.label || field.key;
}

// Where a value goes, for autofill and mobile keyboards.
function inputTraits(field) {
  const key = (field.key || '').toLowerCase();
  switch (field.type) {
    case 'email': return { type: 'email', inputmode: 'email', autocomplete: field.autocomplete || 'email', spellcheck: 'false', autocapitalize: 'off' };
    case 'tel': case 'phone': return { type: 'tel', inputmode: 'tel', autocomplete: field.autocomplete || 'tel' };
    case 'code': {
      const numeric = key.includes('otp') || key === 'code' || key === 'passcode';
      return {
        type: 'text', inputmode: numeric ? 'numeric' : 'text', autocomplete: 'one-time-code',
        spellcheck: 'false', autocapitalize: numeric ? null : 'characters', autocorrect: 'off',
        maxlength: numeric ? 10 : 32, class: 'pf-input pf-code',
      };
    }
    default: {
      const username = isUsername(field) || key === 'username';
      return {
        type: 'text', autocomplete: field.autocomplete || null,
        spellcheck: username ? 'false' : null, autocapitalize: username ? 'none' : null, autocorrect: username ? 'off' : null,
      };
    }
  }
}

// ---- text-like fields ----

function textField(field, ctx) {
  const id = uid('pf-field');
  const errId = `${id}-error`;
  const messages = errorsOf(field, ctx);
  const traits = inputTraits(field);
  const input = h('input', {
    class: 'pf-input', ...traits, id, name: field.key, value: initial(field, ctx),
    required: field.required, 'aria-required': field.required ? 'true' : null,
    'aria-invalid': messages.length ? 'true' : null, 'aria-describedby': describedBy(ctx.describedBy?.[field.key], messages.length && errId),
  });
  const node = h('div', { class: ['pf-field', messages.length && 'pf-invalid'] },
    h('label', { class: 'pf-label', for: id }, labelText(field), field.required ? null : h('span', { class: 'pf-optional' }, t('fields.optional'))),
    input,
    errorBlock(errId, messages));
  const showCheck = checkError(node, input, errId);
  return {
    key: field.key, node, focusable: input, invalid: messages.length > 0,
    read: () => input.value.trim(),
    check: () => (messages.length ? patternMessage(field, input.value.trim()) : showCheck(patternMessage(field, input.value.trim()))),
    // A one-time code is not kept: after a wrong one the field is empty for the next.
    remember: () => { if (field.type !== 'code') ctx.values.set(field.key, input.value); },
  };
}

// checkError shows (or clears) the page's own check of a field beside it, as the server's
// errors are shown: the message, aria-invalid, and the message in aria-describedby.
function checkError(wrapper, input, errId) {
  return (message) => {
    wrapper.classList.toggle('pf-invalid', Boolean(message));
    wrapper.querySelector(`[id="${errId}"]`)?.remove();
    const described = (input.getAttribute('aria-describedby') || '').split(' ').filter((x) => x && x !== errId);
    if (message) {
      wrapper.append(errorBlock(errId, [message]));
      input.setAttribute('aria-invalid', 'true');
      described.push(errId);
    } else {
      input.removeAttribute('aria-invalid');
    }
    if (described.length) input.setAttribute('aria-describedby', described.join(' '));
    else input.removeAttribute('aria-describedby');
    return message;
  };
}

function patternMessage(field, value) {
  if (!field.pattern || value === '') return null;
  try {
    if (!new RegExp(`^(?:${field.pattern})$`, 'u').test(value)) return field.patternMessage || t('fields.pattern', { label: labelText(field) });
  } catch { /* a pattern JavaScript cannot read is left to the server */ }
  return null;
}

// ---- passwords ----

function passwordField(field, ctx) {
  const id = uid('pf-field');
  const errId = `${id}-error`;
  const isNew = field.type === 'new-password';
  const messages = errorsOf(field, ctx);
  const policy = isNew ? (field.policy || ctx.step.passwordPolicy) : null;
  const skip = createsAccount(ctx.action) ? ['history'] : [];
  let input = null;
  const checklist = policy ? policyChecklist(policy, () => profileOf(ctx, input?.form), { skip }) : null;
  input = h('input', {
    class: 'pf-input pf-input-secret', type: 'password', id, name: field.key,
    autocomplete: field.autocomplete || (isNew ? 'new-password' : 'current-password'),
    required: field.required, 'aria-required': field.required ? 'true' : null,
    'aria-invalid': messages.length ? 'true' : null,
    'aria-describedby': describedBy(ctx.describedBy?.[field.key], messages.length && errId, checklist && checklist.id),
    spellcheck: 'false', autocapitalize: 'off', autocorrect: 'off',
  });
  const toggle = revealToggle(input);
  if (checklist) input.addEventListener('input', () => checklist.update(input.value));
  // A new password comes back when the form is drawn again for an error elsewhere in it (the
  // agreement left unchecked, say); never a current password, never one the error is about.
  const kept = isNew && !messages.length ? ctx.secrets?.get(field.key) : null;
  if (kept) {
    input.value = kept.value;
    checklist?.update(kept.value);
  }

  const parts = [
    h('div', { class: ['pf-field', messages.length && 'pf-invalid'] },
      h('label', { class: 'pf-label', for: id }, labelText(field)),
      h('div', { class: 'pf-secret' }, input, toggle),
      errorBlock(errId, messages),
      checklist && checklist.node),
  ];
  let confirm = null;
  if (isNew && field.verify) {
    confirm = confirmField(input, labelText(field));
    if (kept) confirm.input.value = kept.confirm;
    parts.push(confirm.node);
  }
  return {
    key: field.key, node: h('div', { class: 'pf-field-group' }, parts), focusable: input, invalid: messages.length > 0,
    read: () => input.value,
    check: () => {
      if (checklist && input.value && !checklist.update(input.value)) return t('fields.new-password.notMet');
      return confirm ? confirm.check() : null;
    },
    checkTarget: () => (confirm && confirm.failed() ? confirm.input : input),
    remember: () => { if (isNew) ctx.secrets?.set(field.key, { value: input.value, confirm: confirm?.input.value ?? '' }); },
  };
}

// A form that asks who the person is together with a new password creates an account, which
// has no password history (the register role, a DaVinci registration form).
function createsAccount(action) {
  return action?.role === 'register' || (action?.fields || []).some((f) => isUsername(f) && !f.value);
}

// Who the password must not name: the flow's user, or what the form itself holds (registration).
function profileOf(ctx, form) {
  const u = ctx.step.user || {};
  const typed = (name) => {
    const el = form?.elements?.namedItem(name);
    return el && 'value' in el ? el.value : ctx.values.get(name);
  };
  return { username: u.username || typed('username'), given: u.given, family: u.family, email: typed('email') };
}

// The toggle keeps one name ("Show password") and says its state with aria-pressed; the
// confirmation's has its own name, so the two are told apart.
function revealToggle(input, words = { show: 'fields.password.show', hide: 'fields.password.hide' }) {
  const button = h('button', {
    type: 'button', class: 'pf-reveal', 'aria-pressed': 'false', 'aria-controls': input.id,
    'aria-label': t(words.show), title: t(words.show),
  }, icon('eye'));
  button.addEventListener('click', () => {
    const show = input.type === 'password';
    input.type = show ? 'text' : 'password';
    button.setAttribute('aria-pressed', String(show));
    button.title = show ? t(words.hide) : t(words.show);
    button.replaceChildren(icon(show ? 'eyeOff' : 'eye'));
  });
  return button;
}

function confirmField(original, label) {
  const id = uid('pf-field');
  const input = h('input', {
    class: 'pf-input pf-input-secret', type: 'password', id, name: `${original.name}-confirm`, autocomplete: 'new-password',
    required: true, 'aria-required': 'true', spellcheck: 'false', autocapitalize: 'off', autocorrect: 'off',
  });
  const toggle = revealToggle(input, { show: 'fields.new-password.showConfirm', hide: 'fields.new-password.hideConfirm' });
  const wrapper = h('div', { class: 'pf-field' },
    h('label', { class: 'pf-label', for: id }, t('fields.new-password.confirm', { label })),
    h('div', { class: 'pf-secret' }, input, toggle));
  // The error is there only while there is one (as for the page's other checks).
  const show = checkError(wrapper, input, `${id}-error`);
  let failed = false;
  input.addEventListener('input', () => {
    if (failed && input.value === original.value) failed = Boolean(show(null));
  });
  return {
    node: wrapper, input, failed: () => failed,
    check: () => {
      const message = input.value === original.value ? null
        : input.value === '' ? t('fields.new-password.again') : t('fields.new-password.mismatch');
      failed = Boolean(show(message));
      return message;
    },
  };
}

// ---- other inputs ----

function hiddenField(field, ctx) {
  const input = h('input', { type: 'hidden', name: field.key, value: initial(field, ctx) });
  return { key: field.key, node: input, focusable: null, invalid: false, read: () => input.value, check: () => null, remember: () => {} };
}

function booleanField(field, ctx) {
  const id = uid('pf-field');
  const errId = `${id}-error`;
  // "<label> is required" reads oddly under a checkbox labelled "I agree…": say what to do.
  const unchecked = (ctx.details || []).some((d) => d.target === field.key && d.code === 'REQUIRED');
  const messages = unchecked ? [t('fields.boolean.required')] : errorsOf(field, ctx);
  const value = initial(field, ctx);
  const input = h('input', {
    type: 'checkbox', class: 'pf-checkbox', id, name: field.key, checked: value === true || value === 'true',
    'aria-invalid': messages.length ? 'true' : null, 'aria-describedby': describedBy(ctx.describedBy?.[field.key], messages.length && errId),
  });
  return {
    key: field.key, focusable: input, invalid: messages.length > 0,
    node: h('div', { class: ['pf-field pf-field-check', messages.length && 'pf-invalid'] },
      h('label', { class: 'pf-check', for: id }, input, h('span', {}, labelText(field))), errorBlock(errId, messages)),
    read: () => input.checked, check: () => null,
    remember: () => ctx.values.set(field.key, input.checked),
  };
}

function selectField(field, ctx) {
  const id = uid('pf-field');
  const errId = `${id}-error`;
  const messages = errorsOf(field, ctx);
  const value = initial(field, ctx);
  const select = h('select', {
    class: 'pf-input pf-select', id, name: field.key, 'aria-invalid': messages.length ? 'true' : null,
    'aria-describedby': describedBy(ctx.describedBy?.[field.key], messages.length && errId), autocomplete: field.autocomplete || null,
  },
  value ? null : h('option', { value: '' }, t('fields.choose')),
  (field.options || []).map((o) => h('option', { value: o.value, selected: o.value === value }, o.label || o.value)));
  return {
    key: field.key, focusable: select, invalid: messages.length > 0,
    node: h('div', { class: ['pf-field', messages.length && 'pf-invalid'] },
      h('label', { class: 'pf-label', for: id }, labelText(field)), select, errorBlock(errId, messages)),
    read: () => select.value, check: () => null,
    remember: () => ctx.values.set(field.key, select.value),
  };
}

// Radio cards: radio groups, device choices (DaVinci) and device types to register.
function choiceField(field, ctx) {
  const name = uid('pf-choice');
  const errId = `${name}-error`;
  const messages = errorsOf(field, ctx);
  const value = initial(field, ctx);
  const withIcons = field.type === 'device' || field.type === 'device-type';
  const radios = [];
  const items = (field.options || []).map((o) => {
    const id = uid('pf-opt');
    const radio = h('input', { type: 'radio', class: 'pf-radio', id, name, value: o.value, checked: o.value === value });
    radios.push(radio);
    const key = withIcons ? optionDeviceKey(o, ctx.step) : null;
    return h('label', { class: 'pf-choice', for: id },
      radio,
      withIcons ? icon(deviceIcon(key), 'pf-icon pf-choice-icon') : null,
      h('span', { class: 'pf-choice-text' },
        h('span', { class: 'pf-choice-title' }, o.label || (withIcons ? deviceName(key) : o.value)),
        o.description && o.description !== o.label ? h('span', { class: 'pf-choice-detail' }, o.description) : null));
  });
  const group = h('fieldset', {
    class: ['pf-field pf-choices', messages.length && 'pf-invalid'],
    'aria-invalid': messages.length ? 'true' : null, 'aria-describedby': describedBy(ctx.describedBy?.[field.key], messages.length && errId),
  }, h('legend', { class: 'pf-label' }, labelText(field)), items, errorBlock(errId, messages));
  return {
    key: field.key, node: group, focusable: radios.find((r) => r.checked) || radios[0] || null, invalid: messages.length > 0,
    read: () => radios.find((r) => r.checked)?.value ?? '', check: () => null,
    remember: () => ctx.values.set(field.key, radios.find((r) => r.checked)?.value ?? ''),
  };
}

// The device key of a choice: the option's own, the step's device with that id, or the option's
// type lower-cased (the engine's rule for a type it has no key for).
function optionDeviceKey(option, step) {
  return option.key || (step.devices || []).find((d) => d.id === option.value)?.key || String(option.type || '').toLowerCase() || null;
}

function multiField(field, ctx) {
  const errId = uid('pf-multi-error');
  const messages = errorsOf(field, ctx);
  const chosen = new Set([].concat(initial(field, ctx) || []));
  const boxes = [];
  const items = (field.options || []).map((o) => {
    const id = uid('pf-opt');
    const box = h('input', { type: 'checkbox', class: 'pf-checkbox', id, name: field.key, value: o.value, checked: chosen.has(o.value) });
    boxes.push(box);
    return h('label', { class: 'pf-check', for: id }, box, h('span', {}, o.label || o.value));
  });
  return {
    key: field.key, focusable: boxes[0] || null, invalid: messages.length > 0,
    node: h('fieldset', { class: ['pf-field pf-choices', messages.length && 'pf-invalid'], 'aria-describedby': describedBy(ctx.describedBy?.[field.key], messages.length && errId) },
      h('legend', { class: 'pf-label' }, labelText(field)), items, errorBlock(errId, messages)),
    read: () => boxes.filter((b) => b.checked).map((b) => b.value), check: () => null,
    remember: () => ctx.values.set(field.key, boxes.filter((b) => b.checked).map((b) => b.value)),
  };
}

// A DaVinci phone number: the country (ISO 3166 code, the field's default to start with), the
// number and, when the field asks for one (showExtension), an extension, sent as {countryCode,
// phoneNumber[, extension]}. The engine's field.phone prefills it.
function phoneField(field, ctx) {
  const id = uid('pf-field');
  const errId = `${id}-error`;
  const messages = errorsOf(field, ctx);
  const start = ctx.values.has(field.key) ? ctx.values.get(field.key) : field.phone || field.value || '';
  const given = typeof start === 'object' && start ? start : { phoneNumber: start };
  const country = h('input', {
    class: 'pf-input pf-phone-country', type: 'text', id: `${id}-country`, name: `${field.key}.countryCode`,
    value: given.countryCode || field.defaultCountryCode || '', maxlength: 2, autocomplete: 'country',
    autocapitalize: 'characters', spellcheck: 'false', 'aria-label': t('fields.phone.country', { label: labelText(field) }),
  });
  const number = h('input', {
    class: 'pf-input', ...inputTraits(field), autocomplete: field.autocomplete || 'tel-national', id, name: field.key,
    value: given.phoneNumber || '', required: field.required, 'aria-required': field.required ? 'true' : null,
    'aria-invalid': messages.length ? 'true' : null, 'aria-describedby': describedBy(ctx.describedBy?.[field.key], messages.length && errId),
  });
  const extension = field.showExtension ? h('input', {
    class: 'pf-input pf-phone-extension', type: 'text', inputmode: 'numeric', id: `${id}-extension`, name: `${field.key}.extension`,
    value: given.extension || '', autocomplete: 'tel-extension', spellcheck: 'false',
  }) : null;
  const read = () => {
    const phoneNumber = number.value.trim();
    if (!phoneNumber) return '';
    const value = { countryCode: country.value.trim().toUpperCase(), phoneNumber };
    if (extension && extension.value.trim()) value.extension = extension.value.trim();
    return value;
  };
  return {
    key: field.key, focusable: number, invalid: messages.length > 0,
    node: h('div', { class: ['pf-field', messages.length && 'pf-invalid'] },
      h('label', { class: 'pf-label', for: id }, labelText(field), field.required ? null : h('span', { class: 'pf-optional' }, t('fields.optional'))),
      h('div', { class: 'pf-phone' }, country, number),
      extension ? h('label', { class: 'pf-label pf-label-sub', for: extension.id }, field.extensionLabel || t('fields.phone.extension')) : null,
      extension,
      errorBlock(errId, messages)),
    read,
    check: () => (!number.value.trim() || /^[A-Za-z]{2}$/.test(country.value.trim()) ? null : t('fields.phone.countryHint')),
    checkTarget: () => country,
    remember: () => ctx.values.set(field.key, read()),
  };
}
