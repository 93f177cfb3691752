// Actions the browser itself performs: a passkey (WebAuthn get or create, action.ceremony) and
// signing on with another identity provider (role social: the bridge sends the browser there
// and the flow continues when it comes back). Each is a button that submits its action; the
// bridge runs the ceremony.

import { h } from '../dom.js';
import { icon } from './icons.js';
import { flowButton } from './actions.js';
import { actionLabel, t } from './text.js';

/** passkeyButton is a "Sign in with a passkey" button (hidden by the caller without WebAuthn). */
export function passkeyButton(step, action, ctx, { primary = false, main = false } = {}) {
  const button = h('button', {
    type: 'button', class: ['pf-btn', primary ? 'pf-btn-primary' : 'pf-btn-secondary', 'pf-btn-passkey'],
    'data-action': action.name, 'data-role': 'passkey', 'data-ceremony': action.ceremony || null,
  },
  icon('passkey', 'pf-icon pf-btn-icon'),
  h('span', { class: 'pf-btn-label' }, actionLabel(action, step, { main })));
  button.addEventListener('click', () => {
    if (!ctx.busy()) ctx.submit(action.name, {}, button);
  });
  return button;
}

/**
 * passkeyPanel is a step whose main action is a passkey ceremony: the Flows API's passkey step,
 * or a DaVinci form offering to set up a passkey ("Set up a passkey" / "Not now"). Without
 * WebAuthn it says so and leaves the other ways on (buttons, the links under the card).
 */
export function passkeyPanel(step, action, ctx, { main = true, buttons = [] } = {}) {
  const create = action.ceremony === 'webauthn.create';
  const supported = ctx.passkeys !== false;
  // The form's own description says what this is; the catalog's words only when it has none.
  const text = step.description ? '' : t(create ? 'roles.passkey.createText' : 'roles.passkey.getText');
  return h('div', { class: 'pf-form pf-passkey', 'data-ceremony': action.ceremony || null },
    h('div', { class: 'pf-passkey-visual', 'aria-hidden': 'true' }, icon('passkey', 'pf-icon pf-passkey-icon')),
    text ? h('p', { class: 'pf-text pf-passkey-text' }, text) : null,
    supported ? null : h('p', { class: 'pf-banner pf-banner-info', role: 'status' }, icon('info', 'pf-icon pf-icon-sm'), h('span', {}, t('roles.passkey.unsupported'))),
    h('div', { class: 'pf-buttons' },
      supported ? passkeyButton(step, action, ctx, { primary: true, main }) : null,
      buttons.map((a) => flowButton(a, ctx))));
}

/** socialButton signs on with an identity provider, named as the server names it. */
export function socialButton(step, action, ctx, { primary = false } = {}) {
  const button = h('button', {
    type: 'button', class: ['pf-btn', primary ? 'pf-btn-primary' : 'pf-btn-secondary', 'pf-btn-social'], 'data-action': action.name, 'data-role': 'social',
    'data-provider': action.provider?.type || action.provider?.id || null,
  },
  icon('external', 'pf-icon pf-btn-icon'),
  h('span', { class: 'pf-btn-label' }, actionLabel(action, step)));
  button.addEventListener('click', () => {
    if (!ctx.busy()) ctx.submit(action.name, {}, button, { leaving: action });
  });
  return button;
}
