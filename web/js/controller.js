// The sign-on loop: one bridge client, one result on screen at a time. It opens the flow
// (?flowId=) or starts one (embedded), continues one that came back from an identity provider,
// renders every result, runs the submit/poll calls with a busy state that blocks double
// submits, runs passkey autofill while a step offers it, moves focus and announces what changed.

import { renderStep } from './render/view.js';
import { loadingPanel, redirectingPanel, successPanel, failurePanel } from './render/outcome.js';
import { h } from './dom.js';
import { icon } from './render/icons.js';
import { busyLabel, t } from './render/text.js';
import { conditionalAction } from './render/plan.js';
import { loadBridge } from './bridge.js';
import { clientConfig, returnParams, withoutReturnParams } from './config.js';

export class SignonController {
  /**
   * @param {object} ui {card, body, brand, polite, assertive} elements of the component
   * @param {object} opts {headingLevel, autofocus, emit(name, detail) → boolean (false when the
   *   page called preventDefault), restartUrl, protect (the bridge's protect option)}
   */
  constructor(ui, opts) {
    this.ui = ui;
    this.opts = opts;
    this.client = null;
    this.mode = 'embedded';
    this.values = new Map();
    // New passwords typed into the step on screen, kept only while that step stays (see fields.js).
    this.secrets = new Map();
    this.view = null;
    this.stepKey = null;
    this.step = null;
    this.seq = 0; // bumps with every call, so a superseded poll's answer is ignored
    this.busy = false;
    this.notice = null;
    this.waitStartedAt = 0;
    this.firstRender = true;
    this.passkeys = { webauthn: false, conditional: false };
    this.autofilling = null; // while client.autofill() waits for a passkey: its token
    this.leaving = null; // the social action whose submit sends the browser away
    // "Send a new code" rests this long after it sent one, counting down on screen.
    this.resendCooldown = opts.resendCooldown ?? RESEND_COOLDOWN;
    this.cooldownUntil = 0;
    this.cooldownTimer = null;
    this.refocus = null; // what had focus when a resend went out: it gets it back
    this.email = null; // an email address typed into a form of this flow (registration)
    this.pending = new Map(); // live region → the announcement about to be written there
    // Typing a password means no passkey this time: the autofill request is withdrawn.
    ui.body.addEventListener('input', (event) => {
      if (event.target?.classList?.contains('pf-input-secret')) this.stopAutofill();
    });
  }

  /**
   * begin loads the bridge and opens (flowId) or resumes/starts an embedded flow. bridge, when
   * given, is the bridge module's import already under way (started before the configuration
   * arrived, so the two load side by side).
   */
  async begin(config, bridge = null) {
    this.config = config;
    // Back from an identity provider this card sent the browser to (the address carries
    // ?flowId= or ?continueToken=): the embedded flow goes on, whatever flowId says.
    const here = globalThis.location?.href;
    const back = returnParams(here) && (returnParams(here).continueToken || wentAway(config));
    this.mode = config.flowId && !back ? 'open' : 'embedded';
    this.show(loadingPanel());
    let createClient;
    let passkeys = null;
    try {
      let passkeySupport;
      ({ createClient, passkeySupport } = await (bridge || loadBridge(config.bridgeUrl)));
      // What the browser can do with passkeys (the client's capabilities(), which can take tens
      // of milliseconds to answer) is asked now, while the module starts and the first step is
      // fetched; the step is drawn with it.
      if (typeof passkeySupport === 'function') passkeys = Promise.resolve().then(() => passkeySupport()).catch(() => null);
      this.client = await createClient({
        ...clientConfig(config),
        storageKey: storageKey(this.mode, config),
        navigate: (url) => this.navigate(url),
        ...(typeof this.opts.protect === 'function' ? { protect: this.opts.protect } : {}),
        // The flow's read goes out now, beside the module's start-up; open() takes its answer.
        ...(this.mode === 'open' ? { openFlowId: config.flowId } : {}),
      });
      if (this.disposed) {
        this.client.dispose();
        return;
      }
    } catch (err) {
      this.failed({ code: err?.code || 'load', class: 'misconfiguration', message: err?.message || String(err), details: [] });
      return;
    }
    passkeys ??= Promise.resolve().then(() => this.client.capabilities?.()).catch(() => null);
    const seq = ++this.seq;
    let result;
    if (this.mode === 'open') {
      result = await this.call(() => this.client.open(config.flowId));
    } else {
      if (back) {
        // The flow goes on from where the identity provider sent the browser back.
        result = await this.call(() => this.client.handleRedirect(here));
        clearAway(config);
        globalThis.history?.replaceState(globalThis.history.state, '', withoutReturnParams(here));
        if (result?.kind === 'failure' && result.error.code === 'usage') result = null; // no flow was waiting
      }
      if (!result && seq === this.seq) result = await this.call(() => this.client.restore());
      if (result === null && seq === this.seq) result = await this.call(() => this.client.start());
    }
    this.passkeys = { webauthn: false, conditional: false, ...(await passkeys) };
    if (seq === this.seq) this.handle(result);
  }

  /**
   * navigate sends the browser where the bridge says (an identity provider, the application's
   * resumeUrl). pingflow-navigate goes first: a page that cancels it navigates itself.
   */
  navigate(url) {
    const leaving = this.leaving;
    if (leaving && this.mode === 'embedded') markAway(this.config);
    const proceed = this.opts.emit('pingflow-navigate', {
      url, reason: leaving ? 'identity-provider' : 'application', provider: leaving?.provider || null,
    });
    if (proceed) globalThis.location.assign(url);
  }

  /** dispose abandons the flow (the element left the page); late answers are ignored. */
  dispose() {
    this.disposed = true;
    clearTimeout(this.cooldownTimer);
    this.seq += 1;
    this.stopAutofill();
    if (this.client) {
      this.client.cancel();
      this.client.dispose();
    }
  }

  /** call runs a client call and turns a rejection (misuse, module trouble) into a failure. */
  async call(fn) {
    try {
      return await fn();
    } catch (err) {
      return { kind: 'failure', error: { code: err?.code || 'internal', class: 'misconfiguration', message: err?.message || String(err), details: [] } };
    }
  }

  handle(result) {
    switch (result?.kind) {
      case 'form': return this.showStep(result.step, false);
      case 'wait': return this.showWait(result.step);
      case 'redirect': return this.redirected();
      case 'success': return this.succeeded(result.tokens);
      case 'failure': return this.failed(result.error);
      default: return this.failed({ code: 'internal', class: 'protocol', message: `unexpected result ${JSON.stringify(result?.kind)}`, details: [] });
    }
  }

  // ---- steps ----

  showStep(step, waiting) {
    const key = stepKey(step);
    const changed = key !== this.stepKey;
    if (changed) {
      this.view = null;
      this.secrets.clear();
      this.cooldownUntil = 0;
      if (!waiting) this.notice = null;
    }
    if (waiting && (changed || !this.waitStartedAt)) this.waitStartedAt = Date.now();
    this.stepKey = key;
    this.step = step;
    this.waiting = waiting;
    this.render(changed);
    this.opts.emit('pingflow-step', { step, waiting });
    // Autofill starts when a step offering it shows, but not again on the step its own ending
    // drew (a browser that refuses the request at once would otherwise be asked forever).
    const fromAutofill = this.fromAutofill;
    this.fromAutofill = false;
    if (waiting || !conditionalAction(step)) this.stopAutofill();
    else if (!fromAutofill) this.startAutofill();
  }

  // ---- passkey autofill ----

  /**
   * startAutofill offers the browser's passkeys in the username field's autofill list while the
   * step is on screen (client.autofill()). A passkey picked there moves the flow on like a
   * submit; typing a password, submitting anything else or leaving stops it.
   */
  startAutofill() {
    if (this.autofilling || !this.passkeys.conditional || typeof this.client?.autofill !== 'function') return;
    const token = {};
    this.autofilling = token;
    Promise.resolve().then(() => this.client.autofill()).then((result) => {
      if (this.autofilling !== token) return;
      this.autofilling = null;
      if (!result || this.disposed) return;
      // The same step again with nothing to say (the browser refused the request by itself):
      // the form stays as the person has it.
      if (result.kind === 'form' && !result.step.error && stepKey(result.step) === this.stepKey) return;
      this.seq += 1; // the passkey won: whatever else was under way is superseded
      this.fromAutofill = true;
      this.handle(result);
      this.fromAutofill = false;
    }, () => {
      if (this.autofilling === token) this.autofilling = null;
    });
  }

  stopAutofill() {
    if (!this.autofilling) return;
    this.autofilling = null;
    try {
      this.client?.stopAutofill?.();
    } catch { /* nothing to stop */ }
  }

  showWait(step) {
    this.showStep(step, true);
    const seq = ++this.seq;
    this.call(() => this.client.poll()).then((result) => {
      if (seq === this.seq) this.handle(result);
    });
  }

  render(changed) {
    const step = this.step;
    const node = renderStep(step, this.context(this.waiting));
    if (this.notice && !step.error) node.querySelector('.pf-header')?.after(noticeBanner(this.notice));
    this.updateBrand(step);
    const errorText = errorAnnouncement(node);
    // After a new code went out, focus stays where the person was ("Send a new code").
    const refocus = !errorText && !changed && this.refocus ? node.querySelector(this.refocus) : null;
    this.refocus = null;
    this.show(node, {
      announce: changed ? node.querySelector('.pf-title')?.textContent : null,
      alert: errorText,
      focus: changed || Boolean(errorText) || this.viewChanged,
      focusOn: refocus,
    });
    this.viewChanged = false;
    this.tickCooldown();
  }

  /** cooldownLeft is how many seconds "Send a new code" still rests (0: it can be used). */
  cooldownLeft() {
    return Math.max(0, Math.ceil((this.cooldownUntil - Date.now()) / 1000));
  }

  /**
   * tickCooldown updates the countdown beside a resting "Send a new code" each second, and
   * gives the button back when it reaches zero. Nothing is announced meanwhile: the countdown
   * is the button's description, read with it.
   */
  tickCooldown() {
    clearTimeout(this.cooldownTimer);
    this.cooldownTimer = null;
    const left = this.cooldownLeft();
    for (const button of this.ui.body.querySelectorAll('[data-cooldown]')) {
      const note = this.ui.body.querySelector(`[id="${button.dataset.cooldown}"]`);
      if (left > 0) {
        if (note) note.textContent = t('roles.resend.wait', { seconds: left });
        continue;
      }
      button.removeAttribute('aria-disabled');
      button.removeAttribute('aria-describedby');
      delete button.dataset.cooldown;
      note?.remove();
    }
    if (left > 0 && !this.disposed) {
      const wait = ((this.cooldownUntil - Date.now()) % 1000) || 1000;
      this.cooldownTimer = setTimeout(() => this.tickCooldown(), wait + 20);
    }
  }

  context(waiting) {
    return {
      step: this.step,
      values: this.values,
      secrets: this.secrets,
      view: this.view,
      waiting,
      waitStartedAt: this.waitStartedAt,
      headingLevel: this.opts.headingLevel,
      passkeys: this.passkeys.webauthn,
      busy: () => this.busy,
      email: this.email,
      cooldown: () => this.cooldownLeft(),
      setView: (name) => {
        this.keepTyped();
        this.view = name || null;
        this.viewChanged = true;
        this.render(false);
      },
      submit: (action, input, button, opts) => this.submit(action, input, button, opts),
      cancel: () => this.cancel(),
      announceError: (text) => this.say(this.ui.assertive, text),
    };
  }

  /** keepTyped remembers what was typed into the visible form (never secrets) across views. */
  keepTyped() {
    for (const el of this.ui.body.querySelectorAll('.pf-form input[name]')) {
      // A password shown as text (the eye toggle) is still a secret: never kept.
      if (['text', 'email', 'tel'].includes(el.type) && !el.readOnly && el.value && !el.classList.contains('pf-input-secret')) this.values.set(el.name, el.value);
    }
  }

  async submit(action, input, button, opts = {}) {
    if (this.busy) return;
    this.stopAutofill();
    this.setBusy(true, button, action);
    const seq = ++this.seq;
    if (this.actionNamed(action)?.role === 'reset-identity') {
      this.values.clear();
      this.email = null;
    }
    // The address typed into a form (registration): "Verify your email" names it when the step
    // itself does not.
    const typed = this.actionNamed(action)?.fields?.find((f) => f.type === 'email' && EMAIL.test(String(input?.[f.key] ?? '').trim()));
    if (typed) this.email = String(input[typed.key]).trim();
    this.leaving = opts.leaving || null;
    const result = await this.call(() => this.client.submit(action, input));
    this.setBusy(false);
    if (seq !== this.seq) return;
    // A passkey picked from autofill got there first: its result is on its way.
    if (result.kind === 'failure' && result.error.code === 'busy') return;
    const sent = (result.kind === 'form' || result.kind === 'wait') && !result.step.error;
    if (opts.notice && sent) {
      this.notice = opts.notice;
      this.stepKey = stepKey(result.step); // the same step, just a fresh code
    }
    if (opts.resend && sent) {
      this.cooldownUntil = Date.now() + this.resendCooldown * 1000;
      const own = button?.dataset.link ? `[data-link="${button.dataset.link}"]` : button?.dataset.action ? `[data-action="${button.dataset.action}"]` : null;
      if (own && stepKey(result.step) === this.stepKey) this.refocus = own;
    }
    if (result.kind === 'form' && result.step.error && this.view && !result.step.actions?.some((a) => a.name === this.view)) this.view = null;
    this.handle(result);
  }

  setBusy(on, button, action) {
    this.busy = on;
    const { card, body } = this.ui;
    card.setAttribute('aria-busy', String(on));
    for (const el of body.querySelectorAll('input, button, select, textarea')) {
      if (on) {
        if (!el.disabled) { el.disabled = true; el.dataset.pfBusy = ''; }
      } else if ('pfBusy' in el.dataset) {
        el.disabled = false;
        delete el.dataset.pfBusy;
      }
    }
    if (on && button) {
      button.classList.add('pf-busy');
      const label = button.querySelector('.pf-btn-label');
      if (label) {
        label.textContent = busyLabel(this.actionNamed(action), this.step);
        button.prepend(h('span', { class: 'pf-spinner', 'aria-hidden': 'true' }));
      }
      this.say(this.ui.polite, label ? label.textContent : t('ui.pleaseWaitShort'));
    }
  }

  actionNamed(name) {
    return this.step?.actions?.find((a) => a.name === name) || null;
  }

  // ---- endings ----

  /** redirected: the browser is on its way — to an identity provider, or back to the application. */
  redirected() {
    const level = this.opts.headingLevel;
    const leaving = this.leaving;
    this.leaving = null;
    if (leaving) {
      const provider = leaving.provider?.name || t('roles.social.provider');
      const panel = redirectingPanel(level, { title: t('ui.leaving', { provider }), text: t('ui.leavingText') });
      this.show(panel, { announce: panel.querySelector('.pf-title')?.textContent });
      return;
    }
    this.show(redirectingPanel(level), { announce: t('ui.redirectingAnnounce') });
  }

  cancel() {
    this.seq += 1;
    this.stopAutofill();
    this.client?.cancel();
    this.failed({ code: 'cancelled', class: 'restart', message: t('ui.cancelledMessage'), details: [] });
  }

  succeeded(tokens) {
    const claims = tokens?.claims && typeof tokens.claims === 'object' ? tokens.claims : null;
    this.secrets.clear();
    this.step = null;
    this.stepKey = null;
    const proceed = this.opts.emit('pingflow-success', { tokens, claims });
    if (proceed) this.show(successPanel(claims, this.opts.headingLevel), { announce: t('ui.signedInAnnounce'), focus: true });
  }

  failed(error) {
    this.email = null;
    this.step = null;
    this.stepKey = null;
    this.values.clear();
    this.secrets.clear();
    const proceed = this.opts.emit('pingflow-failure', { error });
    if (!proceed) return;
    let onRestart = null;
    let restartLabel = t('ui.startAgain');
    if (error.class === 'retry' && this.client) {
      onRestart = (button) => this.retry(button);
      restartLabel = t('ui.tryAgain');
    } else if (this.mode === 'open') {
      if (this.config?.restartUrl) onRestart = () => globalThis.location.assign(this.config.restartUrl);
    } else if (this.client && error.class !== 'misconfiguration') {
      onRestart = (button) => this.restart(button);
    }
    const panel = failurePanel(error, { onRestart, restartLabel, level: this.opts.headingLevel });
    this.show(panel, { announce: panel.querySelector('.pf-title')?.textContent, focus: true });
  }

  async restart(button) {
    if (this.busy) return;
    this.setBusy(true, button);
    this.client.cancel();
    const seq = ++this.seq;
    const result = await this.call(() => this.client.start());
    this.setBusy(false);
    if (seq === this.seq) this.handle(result);
  }

  async retry(button) {
    if (this.busy) return;
    this.setBusy(true, button);
    const seq = ++this.seq;
    const result = await this.call(() => this.client.retry());
    this.setBusy(false);
    if (seq === this.seq) this.handle(result);
  }

  // ---- screen and announcements ----

  show(node, { announce = null, alert = null, focus = false, focusOn = null } = {}) {
    const { body } = this.ui;
    // The card is in a shadow root: the focused element there is the root's activeElement (the
    // document's is the host).
    const hadFocus = body.contains(body.getRootNode().activeElement);
    body.replaceChildren(node);
    // What the live regions said about the last screen goes with it: a screen reader reading
    // them on this one would hear a stale "Invalid code" or "Signing on…".
    this.clearRegions();
    if (announce) this.say(this.ui.polite, announce);
    if (alert) this.say(this.ui.assertive, alert);
    const allowed = this.firstRender ? this.opts.autofocus : true;
    if (focusOn && allowed) focusOn.focus();
    else if ((focus || hadFocus) && allowed && node.dataset.status !== 'LOADING') {
      focusTarget(node)?.focus();
    }
    if (node.dataset.status !== 'LOADING') this.firstRender = false;
  }

  say(region, text) {
    if (!region || !text) return;
    // Clearing first makes a repeated message ("Invalid code") be read again.
    region.textContent = '';
    clearTimeout(this.pending.get(region));
    this.pending.set(region, setTimeout(() => {
      this.pending.delete(region);
      region.textContent = text;
    }, 50));
  }

  /** clearRegions empties both live regions, and drops an announcement about to be made. */
  clearRegions() {
    for (const region of [this.ui.polite, this.ui.assertive]) {
      if (!region) continue;
      clearTimeout(this.pending.get(region));
      this.pending.delete(region);
      region.textContent = '';
    }
  }

  updateBrand(step) {
    const { brand } = this.ui;
    if (!brand) return;
    const name = step.application?.name;
    brand.classList.toggle('pf-hidden', !name);
    if (name) brand.replaceChildren(h('span', { class: 'pf-brand-mark', 'aria-hidden': 'true' }, name.trim().charAt(0).toUpperCase()), h('span', {}, name));
  }
}

// A step is "new" (focus moves, its title is announced) when its status, title or actions
// change: DaVinci forms all share one status and one interaction id.
function stepKey(step) {
  return [step.flowId, step.status, step.title || '', (step.actions || []).map((a) => a.name).join(',')].join('|');
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

// Seconds "Send a new code" rests after sending one.
const RESEND_COOLDOWN = 30;

// The page's own snapshot slot, apart from the application's redirect sign-on, and apart for
// each policy: a card with acr-values must not resume another card's flow.
function storageKey(mode, config) {
  return ['pingflow', 'signon', mode, config.clientId, config.acrValues || ''].join(':');
}

// A card that sent the browser to an identity provider marks it, so that on the way back an
// address with ?flowId= continues its flow instead of opening one (the custom sign-on page).
function awayKey(config) {
  return `${storageKey('embedded', config)}:idp`;
}

function markAway(config) {
  try { globalThis.sessionStorage?.setItem(awayKey(config), '1'); } catch { /* storage refused */ }
}

function wentAway(config) {
  try { return globalThis.sessionStorage?.getItem(awayKey(config)) === '1'; } catch { return false; }
}

function clearAway(config) {
  try { globalThis.sessionStorage?.removeItem(awayKey(config)); } catch { /* storage refused */ }
}

function noticeBanner(text) {
  return h('div', { class: 'pf-banner pf-banner-info', role: 'status' }, icon('info', 'pf-icon pf-icon-sm'), h('span', {}, text));
}

/** The text to announce assertively: the banner, or the field errors with their labels. */
function errorAnnouncement(node) {
  const banner = node.querySelector('.pf-banner-error, .pf-banner-warning');
  if (banner) return banner.textContent.trim();
  const parts = [];
  for (const err of node.querySelectorAll('.pf-field-error:not(.pf-hidden)')) {
    const field = err.closest('.pf-field');
    const label = field?.querySelector('.pf-label')?.textContent?.trim();
    parts.push(label ? `${label}: ${err.textContent.trim()}` : err.textContent.trim());
  }
  return parts.join(' ');
}

/**
 * Where focus goes after a render: the first invalid field, the error, the first empty input (a
 * username the flow filled in is skipped), the first input, the title.
 */
function focusTarget(node) {
  const inputs = [...node.querySelectorAll('.pf-form input:not([type="hidden"]):not(.pf-autofill):not([disabled]), .pf-form select, .pf-devices button')];
  const empty = inputs.find((el) => el.tagName === 'INPUT' && TYPED.has(el.type) && !el.value);
  return node.querySelector('[aria-invalid="true"]:not(fieldset)')
    || node.querySelector('fieldset[aria-invalid="true"] input')
    || node.querySelector('.pf-banner-error, .pf-banner-warning')
    || empty || inputs[0]
    || node.querySelector('.pf-title');
}

const TYPED = new Set(['text', 'email', 'tel', 'password']);
