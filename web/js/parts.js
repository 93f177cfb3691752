// The card's ::part() names: the pieces a host page may restyle from outside the shadow root,
// e.g. `pingflow-signon::part(button-primary) { border-radius: 0 }`. dom.js's h() gives an
// element the parts its classes name here, so every piece drawn anywhere carries its part.
// The README's parts table lists exactly these (test/theming-doc.test.mjs).

export const PARTS = Object.freeze({
  'pf-card': 'card', // the landmark section: background, border, corners, shadow, padding
  'pf-brand': 'brand', // the application's name above the title (the brand attribute)
  'pf-header': 'header', // a step's header: title, subtitle, the "Not you?" line
  'pf-title': 'title', // the step's heading
  'pf-subtitle': 'subtitle', // the line under the heading
  'pf-body': 'body', // what changes from step to step (below the brand)
  'pf-form': 'form', // a step's form
  'pf-field': 'field', // one field: label, input, its error
  'pf-label': 'label', // a field's label (or a group's legend)
  'pf-input': 'input', // text, email, password, code and phone inputs and selects
  'pf-field-error': 'field-error', // the error under a field
  'pf-btn': 'button', // every button that looks like a button
  'pf-btn-primary': 'button-primary', // the main action
  'pf-btn-secondary': 'button-secondary', // other actions drawn as buttons
  'pf-link': 'link', // quiet actions drawn as links ("Forgot password?", "Not you?")
  'pf-links': 'links', // the row of links at the foot of a step
  'pf-banner': 'banner', // a message at the top of a step
  'pf-banner-error': 'banner-error', // … saying what went wrong
  'pf-banner-warning': 'banner-warning', // … warning (an expiring password)
  'pf-banner-info': 'banner-info', // … informing (a code was sent)
  'pf-device': 'device', // a device to choose for a second factor
  'pf-policy': 'policy', // the password rules checklist
});

/** partsOf is the part attribute for an element with these class names ('' when none). */
export function partsOf(classNames) {
  return classNames.split(/\s+/).map((c) => PARTS[c]).filter(Boolean).join(' ');
}
