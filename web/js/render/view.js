// renderStep turns a Step into the card's content. It is generic — the main action becomes the
// form, other buttons of a DaVinci form stay buttons, other actions become links, every field an
// input — and what is special about a step comes from what the engine says about it: step.key
// (which step this is), step.wait (what a waiting step waits for), action.role (primary, resend,
// change-device, reset-identity, passkey, social, …) and device.key. plan.js makes those
// decisions; text.js finds the words in the catalog. Flows API steps and DaVinci forms go
// through the same code.

import { h, uid } from '../dom.js';
import { icon } from './icons.js';
import { actionForm, linkButton } from './form.js';
import { formButtons, flowButton, isFlowButton, coolingDown } from './actions.js';
import { deviceList } from './devices.js';
import { waitPanel } from './wait.js';
import { agreementBody, agreementButtons } from './agreement.js';
import { contentBlocks } from './content.js';
import { passkeyPanel, passkeyButton, socialButton } from './ceremony.js';
import { heading, viewHeading, actionLabel, resentNotice, attemptsText, detailMessages, sentences, bannerWords, serverWorded, t } from './text.js';
import {
  DEVICES_VIEW, resolveView, bodyKind, asides, deviceAction, resetAction, knownUser, isUsername, needsInput, qrContent,
} from './plan.js';

export { defaultView, DEVICES_VIEW } from './plan.js';

// Errors that are the person's own doing (they closed the passkey prompt): a warning, not an alarm.
const CALM_ERRORS = new Set(['webauthn_cancelled']);

/**
 * renderStep(step, ctx) → Element. ctx: {values, secrets, view, setView(name), submit(action,
 * input, button, opts), cancel(), busy(), announceError(text), headingLevel, waiting,
 * waitStartedAt, passkeys (false when the browser has no WebAuthn)}.
 */
export function renderStep(step, ctx) {
  const resolved = resolveView(step, ctx.view);
  const { main, isDefault } = resolved;
  const kind = ctx.waiting ? 'wait' : bodyKind(step, resolved);
  const user = knownUser(step);

  const parts = [];
  const errorBanner = banner(step, main);
  if (errorBanner) parts.push(errorBanner);
  const links = [];

  if (ctx.waiting) {
    drawWaiting(step, ctx, resolved, parts, links);
  } else {
    const beside = kind === 'form' ? contentBeside(step, main) : [];
    const placed = new Set(beside.flatMap((b) => b.content));
    parts.push(...contentBlocks(step, (step.content || []).filter((c) => !placed.has(c))));
    const buttons = kind === 'form' || kind === 'passkey' ? formButtons(step, main) : { alternatives: [], flowButtons: [] };
    const drawn = new Set([...buttons.alternatives, ...buttons.flowButtons].map((a) => a.name));
    const body = mainBody(step, kind, resolved, ctx, user, { ...buttons, beside });
    if (body) parts.push(body);
    const more = asides(step, resolved, drawn);
    if (isDefault) {
      const alternatives = otherWays(step, more, ctx, Boolean(body));
      if (alternatives) parts.push(alternatives);
    } else {
      links.push(backLink(ctx));
    }
    if (kind === 'resend') links.push(devicesLink(ctx, t('roles.change-device.linkWaiting')));
    for (const item of more.links) links.push(asideLink(step, item, ctx));
  }

  const head = headingFor(step, resolved, kind, ctx);
  const reset = resetAction(step);
  return h('div', {
    class: 'pf-step', 'data-status': step.status || '', 'data-key': step.key || null, 'data-wait': ctx.waiting ? step.wait || 'poll' : null,
    'data-view': resolved.name || '',
  },
  h('header', { class: 'pf-header' },
    h(`h${ctx.headingLevel || 2}`, { class: 'pf-title', tabindex: '-1' }, head.title),
    head.subtitle ? h('p', { class: 'pf-subtitle' }, head.subtitle) : null,
    user ? identity(user, reset, ctx) : null),
  parts,
  links.length ? h('nav', { class: 'pf-links', 'aria-label': t('ui.otherOptions') }, links) : null);
}

function headingFor(step, resolved, kind, ctx) {
  if (resolved.name === DEVICES_VIEW) return { title: t('roles.change-device.title'), subtitle: t('roles.change-device.subtitle') };
  if (!resolved.isDefault) return viewHeading(step, resolved.main);
  const head = heading(step, { email: ctx.email });
  // A form that only offers a passkey ceremony and has no title of its own gets one.
  if (kind === 'passkey' && serverWorded(step) && !step.title) {
    return { ...head, title: resolved.main.ceremony === 'webauthn.create' ? t('roles.passkey.createTitle') : actionLabel(resolved.main, step) };
  }
  return head;
}

// Waiting for something outside the page: a push, a QR / cross-device challenge, or a DaVinci
// form that polls. The form's own buttons and links stay usable meanwhile; choosing another
// device keeps the wait going.
function drawWaiting(step, ctx, resolved, parts, links) {
  const devices = deviceAction(step);
  if (resolved.name === DEVICES_VIEW && devices) {
    parts.push(deviceList(step, devices, ctx));
    links.push(backLink(ctx));
  } else {
    const qr = step.wait === 'challenge' ? qrContent(step) : null;
    parts.push(...contentBlocks(step, (step.content || []).filter((c) => c !== qr)));
    parts.push(waitPanel(step, ctx, qr));
    const buttons = (step.actions || []).filter(isFlowButton);
    if (buttons.length) parts.push(h('div', { class: 'pf-buttons pf-wait-buttons' }, buttons.map((a) => flowButton(a, ctx))));
    for (const action of step.actions || []) {
      if (action.link) links.push(asideLink(step, { kind: needsInput(action) ? 'view' : 'submit', action }, ctx));
    }
    if (devices) links.push(devicesLink(ctx, t('roles.change-device.linkWaiting')));
  }
  links.push(linkButton(t('ui.cancel'), () => ctx.cancel(), { 'data-link': 'cancel' }));
}

// Content that stood between a form's fields goes back there: the engine tells which field each
// label, text or agreement came before (a DaVinci registration's terms above its "I agree"
// checkbox, say), and that field is described by it. The rest is drawn above the form.
function contentBeside(step, main) {
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

function mainBody(step, kind, resolved, ctx, user, more) {
  const { main } = resolved;
  switch (kind) {
    case 'devices': return deviceList(step, main, ctx);
    case 'resend': {
      // The timed-out push goes again to the same device: its choice is sent as it stands.
      const label = actionLabel(main, step, { main: true });
      return actionForm(main, ctx, { label, hideKeys: new Set((main.fields || []).map((f) => f.key)) }).node;
    }
    case 'agreement': return h('div', { class: 'pf-form' }, agreementBody(step), agreementButtons(main, ctx));
    case 'passkey': return passkeyPanel(step, main, ctx, { main: resolved.isDefault, buttons: more.flowButtons });
    case 'form': {
      const hide = new Set();
      // A username the flow already knows is shown in the identity line, not as an input.
      for (const f of main.fields || []) {
        if (user && isUsername(f) && f.value && main.role !== 'forgot-password') hide.add(f.key);
      }
      return actionForm(main, ctx, {
        label: actionLabel(main, step, { main: resolved.isDefault }),
        hideKeys: hide, alternatives: more.alternatives, beside: more.beside,
        buttons: (more.flowButtons || []).map((a) => flowButton(a, ctx)),
      }).node;
    }
    default: return null;
  }
}

// Other ways in, under the main form: a passkey (when the browser can use one) and identity
// providers by name.
function otherWays(step, more, ctx, afterSomething) {
  const passkeys = ctx.passkeys === false ? [] : more.passkeys;
  if (!passkeys.length && !more.social.length) return null;
  // With nothing above them (a step that only sends the person to a provider), the first is
  // the step's main button.
  const first = afterSomething ? null : passkeys[0] || more.social[0];
  return h('div', { class: 'pf-alternatives' },
    afterSomething ? h('p', { class: 'pf-divider' }, h('span', {}, t('ui.or'))) : null,
    passkeys.map((a) => passkeyButton(step, a, ctx, { primary: a === first })),
    more.social.map((a) => socialButton(step, a, ctx, { primary: a === first })));
}

function asideLink(step, { kind, action }, ctx) {
  const attrs = { 'data-link': action.name, 'data-role': action.role || null };
  const label = actionLabel(action, step, { place: 'link' });
  switch (kind) {
    case 'resend-device': {
      const field = (action.fields || []).find((f) => f.type === 'device')?.key || 'device';
      const notice = resentNotice(step, action);
      return coolingDown(linkButton(t('roles.change-device.resend'), (b) => {
        if (!cooling(b)) ctx.submit(action.name, { [field]: step.selectedDevice.id }, b, { notice, resend: true });
      }, { 'data-link': 'resend' }), ctx);
    }
    case 'devices':
      return devicesLink(ctx, step.selectedDevice ? t('roles.change-device.link') : t('roles.change-device.linkNone'));
    case 'resend':
      return coolingDown(linkButton(label, (b) => {
        if (!cooling(b)) ctx.submit(action.name, {}, b, { notice: resentNotice(step, action), resend: true });
      }, attrs), ctx);
    case 'view':
      return linkButton(label, () => ctx.setView(action.name), attrs);
    default:
      return linkButton(label, (b) => ctx.submit(action.name, {}, b), attrs);
  }
}

function cooling(button) {
  return button.getAttribute('aria-disabled') === 'true';
}

function devicesLink(ctx, label) {
  return linkButton(label, () => ctx.setView(DEVICES_VIEW), { 'data-link': 'choose-device' });
}

function backLink(ctx) {
  return linkButton(t('ui.back'), () => ctx.setView(null), { 'data-link': 'back' });
}

function identity(username, reset, ctx) {
  return h('div', { class: 'pf-identity' },
    icon('user', 'pf-icon pf-icon-sm'),
    h('span', { class: 'pf-identity-name' }, username),
    reset ? linkButton(t('roles.reset-identity.link'), (b) => ctx.submit(reset.name, {}, b), {
      'data-link': 'not-you', 'data-role': 'reset-identity', 'aria-label': t('roles.reset-identity.label', { user: username }),
    }) : null);
}

// The step-level error: shown as a banner unless every detail sits beside a visible field. The
// catalog words an error the page knows (a cancelled passkey); otherwise the server's message.
function banner(step, main) {
  const error = step.error;
  if (!error) return null;
  const keys = new Set((main?.fields || []).filter((f) => f.type !== 'hidden').map((f) => f.key));
  const details = error.details || [];
  const attached = details.length > 0 && details.every((d) => keys.has(d.target));
  if (attached) return null;
  const extra = details.map(attemptsText).find(Boolean) || '';
  const messages = details.filter((d) => d.message && !keys.has(d.target)).map((d) => d.message);
  const locked = details.find((d) => Number.isInteger(d.secondsUntilUnlock));
  const text = bannerWords(error) || (locked ? sentences(detailMessages(locked))
    : sentences([messages.length ? sentences(messages) : error.message, extra]));
  const tone = error.class === 'retry' || CALM_ERRORS.has(error.code) ? 'warning' : 'error';
  return h('div', { class: `pf-banner pf-banner-${tone}`, tabindex: '-1', 'data-error-code': error.code || null },
    icon('alert', 'pf-icon pf-icon-sm'), h('span', {}, text || t('errors.other.banner')));
}
