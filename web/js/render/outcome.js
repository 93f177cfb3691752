// Panels for the moments between and after steps: loading, signed in, handing back to the
// application, and the failures (an expired flow offers to start again; a misconfigured page
// says what is wrong with its setup).

import { h } from '../dom.js';
import { icon } from './icons.js';
import { failureWords, t } from './text.js';

export function loadingPanel(text = t('ui.loading')) {
  return h('div', { class: 'pf-step pf-outcome', 'data-status': 'LOADING' },
    h('div', { class: 'pf-loading', role: 'status' }, h('span', { class: 'pf-spinner pf-spinner-lg', 'aria-hidden': 'true' }), h('span', {}, text)));
}

/** redirectingPanel: the browser is on its way — back to the application, or (title, text) elsewhere. */
export function redirectingPanel(level = 2, { title = t('ui.redirecting'), text = t('ui.redirectingText') } = {}) {
  return h('div', { class: 'pf-step pf-outcome', 'data-status': 'REDIRECTING' },
    h(`h${level}`, { class: 'pf-title', tabindex: '-1' }, title),
    h('div', { class: 'pf-loading', role: 'status' }, h('span', { class: 'pf-spinner pf-spinner-lg', 'aria-hidden': 'true' }), h('span', {}, text)));
}

export function successPanel(claims, level = 2) {
  const name = claims?.name || [claims?.given_name, claims?.family_name].filter(Boolean).join(' ') || claims?.preferred_username || claims?.sub;
  return h('div', { class: 'pf-step pf-outcome', 'data-status': 'SUCCESS' },
    h('div', { class: 'pf-outcome-icon pf-outcome-ok', 'aria-hidden': 'true' }, icon('check')),
    h(`h${level}`, { class: 'pf-title', tabindex: '-1' }, t('ui.signedIn')),
    name ? h('p', { class: 'pf-subtitle' }, t('ui.welcome', { name })) : null);
}

/**
 * failurePanel shows an error that ended the flow, worded by the catalog (errors[error.code]).
 * opts: {onRestart, restartLabel, level}. The engine's message and codes stay available under
 * "Details" for whoever has to debug it.
 */
export function failurePanel(error, opts = {}) {
  const level = opts.level || 2;
  const misconfigured = error?.class === 'misconfiguration' || error?.class === 'protocol';
  const { title, text, icon: shape } = failureWords(error);
  const restart = opts.onRestart
    ? h('button', { type: 'button', class: 'pf-btn pf-btn-primary', 'data-action': 'restart' }, h('span', { class: 'pf-btn-label' }, opts.restartLabel || t('ui.startAgain')))
    : null;
  if (restart) restart.addEventListener('click', () => opts.onRestart(restart));
  const technical = [error?.code, error?.serverCode, error?.httpStatus ? `HTTP ${error.httpStatus}` : null].filter(Boolean).join(' · ');
  return h('div', { class: 'pf-step pf-outcome', 'data-status': 'FAILURE', 'data-error-code': error?.code || null },
    h('div', { class: 'pf-outcome-icon pf-outcome-bad', 'aria-hidden': 'true' }, icon(shape)),
    h(`h${level}`, { class: 'pf-title', tabindex: '-1' }, title),
    h('p', { class: 'pf-subtitle' }, text),
    restart ? h('div', { class: 'pf-buttons' }, restart) : null,
    error?.message && (misconfigured || technical) ? h('details', { class: 'pf-details' },
      h('summary', {}, t('ui.details')),
      h('p', {}, error.message),
      technical ? h('p', { class: 'pf-code-line' }, technical) : null) : null);
}
