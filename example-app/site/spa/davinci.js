// "Sign in with DaVinci": the same <pingflow-signon> card on the application whose sign-on is a
// DaVinci flow (config.json's davinciClientId). The card appears when asked for, so the page
// starts one flow, not two — or at once when this tab has a DaVinci sign-on to continue.

import { h } from '/signon/js/dom.js';

/**
 * davinciOption returns the home page's DaVinci section, or null when the site names no DaVinci
 * application. makeCard(attrs) builds an embedded card that finishes on the profile page.
 */
export function davinciOption(config, makeCard) {
  const clientId = config.davinciClientId;
  if (!clientId) return null;
  const panel = h('div', { class: 'app-panel app-redirect', id: 'davinci-panel' });
  const section = h('section', { class: 'app-option app-davinci', 'aria-labelledby': 'davinci-title' },
    h('h2', { id: 'davinci-title' }, 'Sign in with DaVinci'),
    h('p', { class: 'app-muted' }, 'The same card and engine on an application whose sign-on is a DaVinci flow (forms, not sign-on policies).'),
    panel);
  const showCard = () => {
    const card = makeCard({ 'client-id': clientId, 'data-kind': 'davinci', label: 'Sign on with DaVinci' });
    section.replaceChild(card, panel);
    return card;
  };
  if (hasFlowToContinue(clientId)) {
    showCard();
    return section;
  }
  const button = h('button', { class: 'app-button', type: 'button', id: 'signin-davinci' }, 'Sign in with DaVinci');
  button.addEventListener('click', () => {
    const card = showCard();
    // The person asked for it: focus follows into the card once its first form is drawn.
    card.addEventListener('pingflow-step', () => card.card?.querySelector('.pf-title')?.focus(), { once: true });
  });
  panel.append(button);
  return section;
}

// The card keeps an embedded flow's snapshot in sessionStorage under this key (web/js/controller.js).
function hasFlowToContinue(clientId) {
  try {
    return sessionStorage.getItem(`pingflow:signon:embedded:${clientId}:`) !== null;
  } catch {
    return false;
  }
}
