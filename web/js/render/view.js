// renderStep turns a Step into the card's content. It is generic — every action becomes the
// main form, another button (a DaVinci form's other submit and flow buttons) or a secondary
// link, every field an input — with purpose-built touches for the statuses a person meets most:
// identifier-first, one-time codes, device choice, push, password changes, registration,
// profile data, agreements and "Not you?". Flows API steps and DaVinci forms go through the same
// code; only the actions' own properties (event, link) tell buttons from links.

import { h, uid } from '../dom.js';
import { icon } from './icons.js';
import { actionForm, linkButton } from './form.js';
import { formButtons, flowButton, isFlowButton } from './actions.js';
import { deviceList } from './devices.js';
import { pushWait } from './wait.js';
import { agreementBody, agreementButtons } from './agreement.js';
import { contentBlocks, socialButtons } from './content.js';
import { heading, linkLabel, attemptsText, sentences } from './text.js';

const RESET = 'session.reset';
// Actions drawn by their own renderers rather than as a form (see mainBody).
const OWN_BODIES = new Set(['device.select', 'user.consent']);
// Statuses where the person is still saying who they are: no identity line there.
const ENTRY_STATUSES = new Set(['USERNAME_PASSWORD_REQUIRED', 'SIGN_ON_REQUIRED']);

/** defaultView is the action a step opens on: its main action (never "Not you?"). */
export function defaultView(step) {
  return (step.actions || []).find((a) => a.name !== RESET)?.name || null;
}

/**
 * renderStep(step, ctx) → Element. ctx: {values, view, setView(name), submit(action, input,
 * button), cancel(), busy(), announceError(text), headingLevel, waiting}.
 */
export function renderStep(step, ctx) {
  const actions = step.actions || [];
  const byName = new Map(actions.map((a) => [a.name, a]));
  const view = byName.has(ctx.view) ? ctx.view : defaultView(step);
  const main = byName.get(view) || null;
  const isDefault = view === defaultView(step);
  const head = ctx.waiting && ctx.view === 'device.select' ? viewHeading(step, main, false) : viewHeading(step, main, isDefault);
  const knownUser = ENTRY_STATUSES.has(step.status) ? null : step.user?.username || null;

  const parts = [];
  const errorBanner = banner(step, main);
  if (errorBanner) parts.push(errorBanner);
  const beside = ctx.waiting ? [] : contentBeside(step, main);
  const placed = new Set(beside.flatMap((b) => b.content));
  parts.push(...contentBlocks(step, (step.content || []).filter((c) => !placed.has(c))));
  const buttons = ctx.waiting ? { alternatives: [], flowButtons: [] } : formButtons(step, main);
  const drawn = new Set([...buttons.alternatives, ...buttons.flowButtons].map((a) => a.name));

  const links = [];
  if (ctx.waiting && !byName.has('device.select')) {
    // Waiting on a form (DaVinci POLLING): its own buttons and links stay usable meanwhile.
    parts.push(pushWait(step, ctx));
    const waitButtons = actions.filter(isFlowButton);
    if (waitButtons.length) parts.push(h('div', { class: 'pf-buttons pf-wait-buttons' }, waitButtons.map((a) => flowButton(a, ctx))));
    for (const action of actions) if (action.link) links.push(...secondaryLinks(step, action, ctx));
    links.push(linkButton('Cancel', () => ctx.cancel(), { 'data-link': 'cancel' }));
  } else if (ctx.waiting) {
    const select = byName.get('device.select');
    if (select && ctx.view === 'device.select') {
      // Choosing another device while the push is still out: polling goes on meanwhile.
      parts.push(deviceList(step, select, ctx));
      links.push(linkButton('Back', () => ctx.setView(null), { 'data-link': 'back' }));
    } else {
      parts.push(pushWait(step, ctx));
      if (select) links.push(linkButton('Choose another device', () => ctx.setView('device.select'), { 'data-link': 'choose-device' }));
    }
    links.push(linkButton('Cancel', () => ctx.cancel(), { 'data-link': 'cancel' }));
  } else if (main) {
    parts.push(mainBody(step, main, ctx, knownUser, { ...buttons, beside }));
  }

  if (!ctx.waiting) {
    if (!isDefault) links.push(linkButton('Back', () => ctx.setView(null), { 'data-link': 'back' }));
    for (const action of actions) {
      if (action.name === view || action.name === RESET || drawn.has(action.name)) continue;
      if (!isDefault && action.name !== 'device.select') continue;
      links.push(...secondaryLinks(step, action, ctx));
    }
  }
  if (step.status === 'PUSH_CONFIRMATION_TIMED_OUT' && byName.has('device.select')) {
    links.unshift(ctx.view === 'device.select'
      ? linkButton('Back', () => ctx.setView(null), { 'data-link': 'back' })
      : linkButton('Choose another device', () => ctx.setView('device.select'), { 'data-link': 'choose-device' }));
  }
  if (isDefault && !ctx.waiting) {
    const social = socialButtons(step);
    if (social) parts.push(social);
  }

  const reset = byName.get(RESET);
  return h('div', { class: 'pf-step', 'data-status': step.status || '', 'data-view': view || '' },
    h('header', { class: 'pf-header' },
      h(`h${ctx.headingLevel || 2}`, { class: 'pf-title', tabindex: '-1' }, head.title),
      head.subtitle ? h('p', { class: 'pf-subtitle' }, head.subtitle) : null,
      knownUser ? identity(knownUser, reset, ctx) : null),
    parts,
    links.length ? h('nav', { class: 'pf-links', 'aria-label': 'Other options' }, links) : null);
}

function viewHeading(step, main, isDefault) {
  if (isDefault || !main) return heading(step);
  switch (main.name) {
    case 'password.forgot': return { title: 'Forgot your password?', subtitle: 'Enter your username and we will email you a recovery code.' };
    case 'user.register': return { title: 'Create your account', subtitle: step.application?.name ? `to use ${step.application.name}` : '' };
    case 'device.select': return { title: 'Choose another device', subtitle: 'Choose how you want to confirm your sign-on.' };
    default: return { title: main.label, subtitle: '' };
  }
}

// Content that stood between a form's fields goes back there: the engine tells which field each
// label, text or agreement came before (a DaVinci registration's terms above its "I agree"
// checkbox, say), and that field is described by it. The rest is drawn above the form.
function contentBeside(step, main) {
  if (!main || OWN_BODIES.has(main.name)) return [];
  const keys = new Set((main.fields || []).map((f) => f.key));
  const groups = new Map();
  for (const c of step.content || []) {
    if (!c.before || !keys.has(c.before)) continue;
    if (!groups.has(c.before)) groups.set(c.before, []);
    groups.get(c.before).push(c);
  }
  return [...groups].map(([key, content]) => {
    const id = uid('pf-note');
    return { key, id, content, nodes: h('div', { class: 'pf-note', id }, contentBlocks(step, content)) };
  });
}

function mainBody(step, action, ctx, knownUser, more = {}) {
  switch (action.name) {
    case 'device.select': {
      if (step.status === 'PUSH_CONFIRMATION_TIMED_OUT' && ctx.view !== 'device.select' && step.selectedDevice) {
        const form = actionForm(action, ctx, { label: 'Send again', hideKeys: new Set(action.fields.map((f) => f.key)) });
        return form.node;
      }
      return deviceList(step, action, ctx);
    }
    case 'user.consent': return h('div', { class: 'pf-form' }, agreementBody(step), agreementButtons(action, ctx));
    default: {
      const hide = new Set();
      // A username the flow already knows is shown in the identity line, not as an input.
      for (const f of action.fields || []) {
        if (knownUser && f.autocomplete === 'username' && f.value && action.name !== 'password.forgot') hide.add(f.key);
      }
      const confirm = action.name === 'password.reset' || action.name === 'password.recover';
      return actionForm(action, ctx, {
        hideKeys: hide, confirmNewPassword: confirm, alternatives: more.alternatives, beside: more.beside,
        buttons: (more.flowButtons || []).map((a) => flowButton(a, ctx)),
      }).node;
    }
  }
}

// Secondary actions become links: field-less ones act at once, the others open their own view.
function secondaryLinks(step, action, ctx) {
  const attrs = { 'data-link': action.name };
  if (action.name === 'device.select') {
    const out = [];
    const sel = step.selectedDevice;
    if (step.status === 'OTP_REQUIRED' && sel && sel.type !== 'TOTP') {
      out.push(linkButton('Send a new code', (b) => ctx.submit(action.name, { device: sel.id }, b, { notice: 'We sent you a new code.' }), { 'data-link': 'resend' }));
    }
    if ((step.devices || []).length > 1 || !sel) {
      out.push(linkButton(step.status === 'DEVICE_SELECTION_REQUIRED' ? 'Choose a device' : 'Use another device', () => ctx.setView(action.name), attrs));
    }
    return out;
  }
  const needsInput = (action.fields || []).some((f) => f.type !== 'hidden' && !(f.value && f.autocomplete === 'username'));
  const noticeFor = { 'password.sendRecoveryCode': 'We sent you a new recovery code.', 'user.sendVerificationCode': 'We sent you a new verification code.' };
  if (!needsInput || action.generic && !(action.fields || []).length) {
    return [linkButton(linkLabel(action), (b) => ctx.submit(action.name, {}, b, { notice: noticeFor[action.name] }), attrs)];
  }
  return [linkButton(linkLabel(action), () => ctx.setView(action.name), attrs)];
}

function identity(username, reset, ctx) {
  return h('div', { class: 'pf-identity' },
    icon('user', 'pf-icon pf-icon-sm'),
    h('span', { class: 'pf-identity-name' }, username),
    reset ? linkButton('Not you?', (b) => ctx.submit(reset.name, {}, b), { 'data-link': 'not-you', 'aria-label': `Not ${username}? Sign on as someone else` }) : null);
}

// The step-level error: shown as a banner unless every detail sits beside a visible field.
function banner(step, main) {
  const error = step.error;
  if (!error) return null;
  const keys = new Set((main?.fields || []).filter((f) => f.type !== 'hidden').map((f) => f.key));
  const details = error.details || [];
  const attached = details.length > 0 && details.every((d) => keys.has(d.target));
  if (attached) return null;
  const extra = details.map(attemptsText).find(Boolean) || '';
  const messages = details.filter((d) => d.message && !keys.has(d.target)).map((d) => d.message);
  const text = sentences([messages.length ? sentences(messages) : error.message, extra]);
  return h('div', { class: `pf-banner pf-banner-${error.class === 'retry' ? 'warning' : 'error'}`, tabindex: '-1', 'data-error-code': error.code || null },
    icon('alert', 'pf-icon pf-icon-sm'), h('span', {}, text || 'Something went wrong.'));
}
