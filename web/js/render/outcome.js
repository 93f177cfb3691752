// Panels for the moments between and after steps: loading, signed in, handing back to the
// application, and the failures (an expired flow offers to start again; a misconfigured page
// says what is wrong with its setup).

import { h } from '../dom.js';
import { icon } from './icons.js';

export function loadingPanel(text = 'Loading sign-on…') {
  return h('div', { class: 'pf-step pf-outcome', 'data-status': 'LOADING' },
    h('div', { class: 'pf-loading', role: 'status' }, h('span', { class: 'pf-spinner pf-spinner-lg', 'aria-hidden': 'true' }), h('span', {}, text)));
}

export function redirectingPanel(level = 2) {
  return h('div', { class: 'pf-step pf-outcome', 'data-status': 'REDIRECTING' },
    h(`h${level}`, { class: 'pf-title', tabindex: '-1' }, 'Signing you in…'),
    h('div', { class: 'pf-loading', role: 'status' }, h('span', { class: 'pf-spinner pf-spinner-lg', 'aria-hidden': 'true' }), h('span', {}, 'Taking you back to the application.')));
}

export function successPanel(claims, level = 2) {
  const name = claims?.name || [claims?.given_name, claims?.family_name].filter(Boolean).join(' ') || claims?.preferred_username || claims?.sub;
  return h('div', { class: 'pf-step pf-outcome', 'data-status': 'SUCCESS' },
    h('div', { class: 'pf-outcome-icon pf-outcome-ok', 'aria-hidden': 'true' }, icon('check')),
    h(`h${level}`, { class: 'pf-title', tabindex: '-1' }, 'You are signed in'),
    name ? h('p', { class: 'pf-subtitle' }, `Welcome, ${name}.`) : null);
}

const FAILURE_COPY = {
  flow_expired: ['This sign-on has expired', 'You took a little too long. Start again to sign on.'],
  flow_failed: ['Sign-on did not complete', 'The sign-on could not be completed.'],
  session_rejected: ['This sign-on has ended', 'Start again to sign on.'],
  interaction_expired: ['This sign-on has expired', 'You took a little too long. Start again to sign on.'],
  interaction_rejected: ['This sign-on has moved on', 'It continued in another tab or step. Start again to sign on here.'],
  poll_limit: ['No approval received', 'We waited for the notification to be approved. Start again when you are ready.'],
  access_denied: ['Access denied', 'You cannot sign on to this application.'],
  cancelled: ['Sign-on cancelled', 'You can start again whenever you like.'],
};

// Failures whose server code says more than the engine's code does.
const SERVER_COPY = {
  PUSH_DENIED: ['Sign-on denied', 'The notification was denied on your phone. Start again to sign on.'],
};

/**
 * failurePanel shows an error that ended the flow. opts: {onRestart, restartLabel, level}.
 * The engine's message and codes stay available under "Details" for whoever has to debug it.
 */
export function failurePanel(error, opts = {}) {
  const level = opts.level || 2;
  const misconfigured = error?.class === 'misconfiguration' || error?.class === 'protocol';
  const [title, text] = SERVER_COPY[error?.serverCode] || FAILURE_COPY[error?.code] || (misconfigured
    ? ['Sign-on is not available', 'This page is not set up correctly for the sign-on service. The details below help whoever maintains it.']
    : error?.class === 'retry'
      ? ['We could not reach the sign-on service', 'Check your connection and try again.']
      : ['Something went wrong', error?.message || 'The sign-on could not be completed.']);
  const restart = opts.onRestart
    ? h('button', { type: 'button', class: 'pf-btn pf-btn-primary', 'data-action': 'restart' }, h('span', { class: 'pf-btn-label' }, opts.restartLabel || 'Start again'))
    : null;
  if (restart) restart.addEventListener('click', () => opts.onRestart(restart));
  const technical = [error?.code, error?.serverCode, error?.httpStatus ? `HTTP ${error.httpStatus}` : null].filter(Boolean).join(' · ');
  return h('div', { class: 'pf-step pf-outcome', 'data-status': 'FAILURE', 'data-error-code': error?.code || null },
    h('div', { class: 'pf-outcome-icon pf-outcome-bad', 'aria-hidden': 'true' }, icon(error?.code === 'flow_expired' || error?.code === 'interaction_expired' ? 'clock' : 'alert')),
    h(`h${level}`, { class: 'pf-title', tabindex: '-1' }, title),
    h('p', { class: 'pf-subtitle' }, text),
    restart ? h('div', { class: 'pf-buttons' }, restart) : null,
    error?.message && (misconfigured || technical) ? h('details', { class: 'pf-details' },
      h('summary', {}, 'Details'),
      h('p', {}, error.message),
      technical ? h('p', { class: 'pf-code-line' }, technical) : null) : null);
}
