// Every DaVinci component type in the card, from a form served over HTTP on the page's own
// origin (lib/gallery.mjs) through the real engine, under the site's real Content-Security-Policy:
// each renders, the QR code (a data: PNG) and image (a data: SVG) load, an unknown component is
// shown readably, and the values go out in the shapes DaVinci expects (reference §7.7).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startApp } from '../lib/app.mjs';
import { launch, openPage } from '../lib/browser.mjs';
import { mountCard, waitForStatus, expectNoProblems, EXPECTED_4XX } from '../lib/steps.mjs';
import { startGallery, GALLERY_CLIENT } from '../lib/gallery.mjs';

const ENV = '281f15cd-3029-4413-abb8-280c92062e95'; // the demo environment

let gallery;
let app;
let browser;
before(async () => {
  gallery = await startGallery(ENV);
  app = await startApp(undefined, { baseUrl: gallery.url });
  gallery.forwardTo(app.base);
  browser = await launch();
});
after(async () => { await browser?.close(); await app?.stop(); await gallery?.close(); });

async function openGallery(s) {
  const { page } = s;
  const response = await page.goto(gallery.url + '/');
  assert.match(response.headers()['content-security-policy'], /img-src 'self' data:/);
  await mountCard(page, { config: '/config.json', 'client-id': GALLERY_CLIENT });
  await waitForStatus(page, 'FORM');
  return page.locator('pingflow-signon');
}

test('every DaVinci component renders in the card, data: images included, under the CSP', async () => {
  const s = await openPage(browser, 'davinci-components');
  const card = await openGallery(s);
  assert.equal(await card.locator('.pf-title').textContent(), 'Every Component');
  assert.equal(await card.locator('.pf-subtitle').textContent(), 'One form with each kind of DaVinci component.');

  // Read-only parts: ERROR_DISPLAY, LABEL, IMAGE, QR_CODE, an unknown type.
  assert.equal(await card.locator('.pf-banner-error').first().textContent(), 'The last attempt did not go through.');
  assert.ok(await card.getByText('Tell us a little about yourself.').isVisible());
  const logo = card.getByRole('img', { name: 'Example Co. logo' });
  const qr = card.getByRole('img', { name: 'QR code' });
  for (const img of [logo, qr]) {
    assert.ok(await img.evaluate((el) => el.complete && el.naturalWidth > 0), 'the data: image is decoded and shown');
  }
  assert.equal(await qr.evaluate((el) => el.naturalWidth), 174, 'the whole 29-module PNG at 6 px a module');
  assert.equal(await card.locator('.pf-qr figcaption').textContent(), 'ABCD-EFGH-IJKL-MNOP', 'the fallback text for whoever cannot scan');
  const unknown = card.locator('.pf-unknown[data-component-type="SLIDER"]');
  assert.equal(await unknown.locator('.pf-text').textContent(), 'How are you today?');
  await unknown.locator('summary').click();
  assert.deepEqual(JSON.parse(await unknown.locator('pre').textContent()),
    { type: 'SLIDER', key: 'mood', label: 'How are you today?', min: 0, max: 10 }, 'the component as sent');

  // Inputs: text (prefilled), dropdown, radio, checkboxes, combobox, phone, device types, checkbox.
  assert.equal(await card.getByLabel('Nickname').inputValue(), 'Pat', 'formData.value prefills');
  assert.deepEqual(await card.getByLabel('Favourite colour').locator('option').allTextContents(), ['Choose…', 'Red', 'Green', 'Blue']);
  assert.ok(await card.getByRole('radio', { name: 'Medium' }).isChecked(), 'the prefilled radio is chosen');
  assert.equal(await card.getByRole('group', { name: 'Topics' }).getByRole('checkbox').count(), 3);
  assert.equal(await card.getByRole('group', { name: 'Languages' }).getByRole('checkbox').count(), 3);
  assert.equal(await card.getByLabel('Phone number: country code').inputValue(), 'GB', 'the default country');
  const devices = card.getByRole('group', { name: 'Add a device' });
  assert.deepEqual(await devices.locator('.pf-choice').allTextContents(), ['EmailCodes sent by email', 'Text messageCodes sent by text message']);
  assert.equal(await devices.locator('svg').count(), 2, 'device types have their icons');

  // Read-only parts go back where they stood in the form: the intro above the first field, the
  // agreement and the rich-text link above the checkbox they describe.
  const notes = card.locator('.pf-note');
  assert.equal(await notes.count(), 2);
  assert.match(await notes.first().textContent(), /Tell us a little about yourself/);
  assert.ok(await notes.first().evaluate((el) => el.nextElementSibling.querySelector('input')?.name === 'nickname' || el.nextElementSibling.textContent.includes('Nickname')),
    'the intro comes just before the nickname field');
  const checkbox = card.getByRole('checkbox', { name: 'I accept the terms' });
  const terms = card.locator('#' + await checkbox.getAttribute('aria-describedby'));
  const agreement = terms.getByRole('region', { name: 'Terms' });
  assert.equal(await agreement.textContent(), 'TermsYou may use this service as long as you are nice.', 'the agreement with its title');
  assert.equal(await terms.getByRole('link', { name: 'full terms' }).getAttribute('href'), 'https://example.com/terms');
  assert.equal(await terms.getAttribute('class'), 'pf-note');

  // Buttons and links: two submit buttons, a flow button, a flow link.
  assert.match(await card.getByRole('button', { name: 'Save', exact: true }).getAttribute('class'), /pf-btn-primary/);
  assert.equal(await card.getByRole('button', { name: 'Save for later' }).getAttribute('type'), 'submit');
  assert.match(await card.getByRole('button', { name: 'Skip this step' }).getAttribute('class'), /pf-btn-secondary/);
  assert.match(await card.getByRole('button', { name: 'Need help?' }).getAttribute('class'), /pf-link/);
  // A social button is an action with role social, drawn as a button that the bridge follows. This
  // one's link is off the auth host, so the engine offers no action for it and nothing is drawn.
  assert.equal(await card.getByRole('link', { name: /Example IdP/ }).count(), 0);
  assert.equal(await card.getByRole('button', { name: /Example IdP/ }).count(), 0);
  await s.shot('gallery', { of: card });
  expectNoProblems(s.problems());
  await s.close();
});

test('the values go out as DaVinci expects them, from either submit button, and errors come back beside fields', async () => {
  const s = await openPage(browser, 'davinci-components-submit');
  const { page } = s;
  const card = await openGallery(s);
  gallery.calls.length = 0;

  await card.getByLabel('Nickname').fill('Pat 2');
  await card.getByRole('button', { name: 'Save', exact: true }).click();
  // The field's regular expression is checked in the page, before anything is sent.
  await card.locator('.pf-field-error', { hasText: 'Letters and spaces only.' }).waitFor(); // not the live region saying it too
  assert.equal(gallery.calls.length, 0);

  await card.getByLabel('Nickname').fill('Pat');
  await card.getByLabel('Favourite colour').selectOption('green');
  await card.getByRole('radio', { name: 'Large' }).check();
  await card.getByRole('checkbox', { name: 'News' }).check();
  await card.getByRole('checkbox', { name: 'Events' }).check();
  await card.getByRole('checkbox', { name: 'French' }).check();
  await card.getByLabel('Phone number', { exact: true }).fill('7700 900123');
  await card.getByRole('radio', { name: /Text message/ }).check();
  await card.getByRole('checkbox', { name: 'I accept the terms' }).check();
  await card.getByRole('button', { name: 'Save', exact: true }).click();

  const phone = card.getByLabel('Phone number', { exact: true });
  await card.locator('.pf-field-error', { hasText: 'That number cannot receive text messages.' }).waitFor(); // not the live region saying it too
  assert.equal(await phone.getAttribute('aria-invalid'), 'true', 'the server\'s error sits on the phone field');
  assert.equal(gallery.calls.length, 1);
  const [first] = gallery.calls;
  assert.equal(first.headers['x-requested-with'], 'ping-sdk');
  assert.equal(first.headers.interactionid, '0f6e4b1c-6a2d-4c8e-9b7a-3d5f1e2c4a6b');
  assert.equal(first.body.id, 'gallery01x');
  assert.equal(first.body.parameters.eventType, 'submit');
  assert.equal(first.body.parameters.data.actionKey, 'SAVE');
  assert.deepEqual(first.body.parameters.data.formData, {
    nickname: 'Pat', color: 'green', size: 'l', topics: ['news', 'events'], languages: ['fr'],
    phone: { countryCode: 'GB', phoneNumber: '7700 900123' }, newDevice: 'SMS', accept: true,
  });
  await s.shot('phone-refused', { of: card });

  // The other submit button sends the same fields under its own key (the values were kept).
  await card.getByLabel('Phone number: country code').fill('us');
  await phone.fill('5551234567');
  await card.getByRole('button', { name: 'Save for later' }).click();
  await card.locator('.pf-card[aria-busy="false"]').waitFor();
  await waitForCalls(2);
  const second = gallery.calls[1].body.parameters.data;
  assert.equal(second.actionKey, 'LATER');
  assert.deepEqual(second.formData.phone, { countryCode: 'US', phoneNumber: '5551234567' });
  assert.equal(second.formData.color, 'green');

  // A flow button sends its key with no values, as an action.
  await card.getByRole('button', { name: 'Skip this step' }).click();
  await waitForCalls(3);
  assert.deepEqual(gallery.calls[2].body.parameters, { eventType: 'action', data: { actionKey: 'SKIP', formData: {} } });
  expectNoProblems(s.problems(), [EXPECTED_4XX]);
  await s.close();
});

test('at 320 px wide every DaVinci component fits the card without sideways scrolling', async () => {
  const s = await openPage(browser, 'davinci-components-320', { width: 320, height: 640 });
  const card = await openGallery(s);
  const overflow = await card.evaluate((el) => {
    const cardBox = el.shadowRoot.querySelector('.pf-card').getBoundingClientRect();
    const outside = [...el.shadowRoot.querySelectorAll('.pf-card *')].filter((n) => {
      const r = n.getBoundingClientRect();
      return r.width > 0 && (r.left < cardBox.left - 0.5 || r.right > cardBox.right + 0.5);
    }).map((n) => n.className?.baseVal ?? n.className);
    return { page: document.documentElement.scrollWidth, outside };
  });
  assert.ok(overflow.page <= 320, `page is ${overflow.page}px wide`);
  assert.deepEqual(overflow.outside, [], 'nothing sticks out of the card');
  await s.shot('gallery-320');
  expectNoProblems(s.problems());
  await s.close();
});

async function waitForCalls(n) {
  for (let i = 0; i < 100 && gallery.calls.length < n; i++) await new Promise((r) => setTimeout(r, 50));
  assert.equal(gallery.calls.length, n);
}
