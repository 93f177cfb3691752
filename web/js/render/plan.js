// What goes where on a step, decided from what the engine says about it — step.key, step.wait,
// action.role, action.ceremony, device.key — never from a PingOne status or action name. Pure
// functions (no DOM), so the decisions are tested in Node; view.js draws what they decide.

/** The view that lists the devices (choosing another device). Other views are action names. */
export const DEVICES_VIEW = '#devices';

// Steps where the person is still saying who they are: no identity line there.
const ENTRY_KEYS = new Set(['sign-on', 'identify']);
// Steps whose main action is choosing a device.
const DEVICE_KEYS = new Set(['choose-device', 'push-timed-out']);
// Roles drawn beside the main form, never as the view a step opens on.
const ASIDE = new Set(['reset-identity', 'resend', 'change-device', 'cancel', 'social', 'forgot-password', 'register']);

export function isPasskey(action) {
  return action?.role === 'passkey' || /^webauthn\./.test(action?.ceremony || '');
}

export function isSocial(action) {
  return action?.role === 'social' || action?.ceremony === 'navigate';
}

/** isUsername: the field is the username (its autocomplete names it, "username webauthn" too). */
export function isUsername(field) {
  return String(field?.autocomplete || '').split(/\s+/).includes('username');
}

/** mainAction is the action a step opens on: its primary, else the first that is not an aside. */
export function mainAction(step) {
  const actions = step?.actions || [];
  return actions.find((a) => a.role === 'primary')
    || actions.find((a) => !ASIDE.has(a.role) && !isSocial(a))
    || (DEVICE_KEYS.has(step?.key) ? actions.find((a) => a.role === 'change-device') : null)
    || null;
}

export function defaultView(step) {
  return mainAction(step)?.name || null;
}

/** deviceAction is the action that chooses a device, when the step has one. */
export function deviceAction(step) {
  const actions = step?.actions || [];
  return actions.find((a) => a.role === 'change-device')
    || (DEVICE_KEYS.has(step?.key) ? mainAction(step) : null)
    || null;
}

/** resetAction is "Not you?" (start over as someone else). */
export function resetAction(step) {
  return (step?.actions || []).find((a) => a.role === 'reset-identity') || null;
}

/** knownUser is who the step is about, shown with "Not you?" — not on the steps that ask. */
export function knownUser(step) {
  if (ENTRY_KEYS.has(step?.key)) return null;
  return step?.identity || step?.user?.username || null;
}

/**
 * resolveView turns the page's view (an action name, DEVICES_VIEW or null) into {name, main,
 * isDefault}: a view the step no longer offers falls back to the default.
 */
export function resolveView(step, view) {
  const actions = step?.actions || [];
  const fallback = defaultView(step);
  if (view === DEVICES_VIEW && deviceAction(step)) {
    return { name: DEVICES_VIEW, main: deviceAction(step), isDefault: false };
  }
  const name = actions.some((a) => a.name === view) ? view : fallback;
  return { name, main: actions.find((a) => a.name === name) || null, isDefault: name === fallback };
}

/**
 * bodyKind says how the main part of a (not waiting) step is drawn: 'devices' (one button per
 * device), 'resend' (send the timed-out push again), 'agreement', 'passkey' (a ceremony's
 * panel and button), 'form', or 'none'.
 */
export function bodyKind(step, resolved) {
  const { name, main } = resolved;
  if (!main) return 'none';
  if (name === DEVICES_VIEW) return 'devices';
  if (step.key === 'push-timed-out' && main === deviceAction(step)) return step.selectedDevice ? 'resend' : 'devices';
  if (step.key === 'choose-device' && main === deviceAction(step)) return 'devices';
  if (main.role === 'change-device') return 'devices';
  if (step.key === 'agreement' && main.role === 'primary') return 'agreement';
  if (isPasskey(main)) return 'passkey';
  return 'form';
}

/**
 * asides lists what the default view draws besides the main action: passkey buttons, social
 * buttons, and links [{kind, action}] where kind is 'resend-device' (send the code again to the
 * chosen device), 'devices' (open the device list), 'resend', 'view' (open the action's own view:
 * it needs input) or 'submit' (act at once). drawn names actions already drawn as buttons.
 */
export function asides(step, resolved, drawn = new Set()) {
  const out = { passkeys: [], social: [], links: [] };
  const actions = step?.actions || [];
  for (const action of actions) {
    if (action === resolved.main || action.role === 'reset-identity' || drawn.has(action.name)) continue;
    if (isPasskey(action)) { out.passkeys.push(action); continue; }
    if (isSocial(action)) { out.social.push(action); continue; }
    if (!resolved.isDefault) continue;
    if (action === deviceAction(step)) {
      const sel = step.selectedDevice;
      if (step.key === 'otp' && sel && !NO_RESEND.has(sel.key)) out.links.push({ kind: 'resend-device', action });
      if ((step.devices || []).length > 1 || !sel) out.links.push({ kind: 'devices', action });
      continue;
    }
    if (action.role === 'resend') { out.links.push({ kind: 'resend', action }); continue; }
    out.links.push({ kind: needsInput(action) ? 'view' : 'submit', action });
  }
  return out;
}

// Devices that make their own codes: there is nothing to send again.
const NO_RESEND = new Set(['totp', 'oath']);

/** needsInput: the action asks for something the step does not already know. */
export function needsInput(action) {
  const fields = action.fields || [];
  if (action.generic && !fields.length) return false;
  return fields.some((f) => f.type !== 'hidden' && !(f.value && isUsername(f)));
}

/** conditionalAction is the passkey action that may run as autofill on this step. */
export function conditionalAction(step) {
  return (step?.actions || []).find((a) => a.conditional && isPasskey(a)) || null;
}

/** qrContent picks the QR code of a challenge step (drawn inside its waiting panel). */
export function qrContent(step) {
  return (step?.content || []).find((c) => c.type === 'qr-code') || null;
}
