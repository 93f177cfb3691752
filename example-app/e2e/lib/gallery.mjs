// A DaVinci form with every component type, served over real HTTP in front of example-app. The
// emulator's own flow uses only some types; this form has the rest (DROPDOWN, RADIO, CHECKBOX,
// COMBOBOX, PHONE_NUMBER, DEVICE_REGISTRATION, QR_CODE, IMAGE, AGREEMENT, ERROR_DISPLAY,
// SOCIAL_LOGIN_BUTTON, a second SUBMIT_BUTTON, a type nobody knows), shaped as in the reference's
// §7.2 and §7.7. A proxy on the page's origin forwards everything to example-app except the
// gallery's authorize and capability calls, which it answers itself and records.

import http from 'node:http';
import { freePort } from './app.mjs';
import { qrDataUrl } from './png.mjs';

export const GALLERY_CLIENT = 'gallery-client';
const CONNECTION = '5a1e7c0de5a1e7c0de5a1e7c0de5a1e7';

const SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="180" height="48" viewBox="0 0 120 32"><rect width="120" height="32" rx="6" fill="#2e5ea8"/>'
  + '<text x="60" y="21" font-family="sans-serif" font-size="14" text-anchor="middle" fill="#fff">Example Co.</text></svg>';

/** The gallery form, as authorize answers it. */
export function galleryForm(base, envId) {
  const options = (pairs) => pairs.map(([value, label]) => ({ value, label }));
  return {
    interactionId: '0f6e4b1c-6a2d-4c8e-9b7a-3d5f1e2c4a6b',
    interactionToken: 'ab'.repeat(128),
    _links: { next: { href: `${base}/${envId}/davinci/connections/${CONNECTION}/capabilities/customHTMLTemplate` } },
    eventName: 'continue',
    isResponseCompatibleWithMobileAndWebSdks: true,
    id: 'gallery01x',
    companyId: envId,
    flowId: 'a11c0mp0nen75a11c0mp0nen75a11c0',
    connectionId: CONNECTION,
    capabilityName: 'customHTMLTemplate',
    formData: { value: { nickname: 'Pat', color: '', size: 'm', phone: '' } },
    form: {
      name: 'Every Component', description: 'One form with each kind of DaVinci component.', category: 'CUSTOM_HTML',
      components: {
        fields: [
          { type: 'ERROR_DISPLAY', key: 'problem', content: 'The last attempt did not go through.' },
          { type: 'LABEL', key: 'intro', content: 'Tell us a little about yourself.' },
          { type: 'IMAGE', key: 'logo', imageUrl: `data:image/svg+xml,${encodeURIComponent(SVG)}`, description: 'Example Co. logo' },
          { type: 'TEXT', key: 'nickname', label: 'Nickname', required: true, validation: { regex: '^[A-Za-z ]+$', errorMessage: 'Letters and spaces only.' } },
          { type: 'DROPDOWN', key: 'color', label: 'Favourite colour', required: true, options: options([['red', 'Red'], ['green', 'Green'], ['blue', 'Blue']]) },
          { type: 'RADIO', key: 'size', label: 'Size', options: options([['s', 'Small'], ['m', 'Medium'], ['l', 'Large']]) },
          { type: 'CHECKBOX', key: 'topics', label: 'Topics', options: options([['news', 'News'], ['offers', 'Offers'], ['events', 'Events']]) },
          { type: 'COMBOBOX', key: 'languages', label: 'Languages', options: options([['en', 'English'], ['fr', 'French'], ['de', 'German']]) },
          { type: 'PHONE_NUMBER', key: 'phone', label: 'Phone number', required: true, defaultCountryCode: 'GB', validatePhoneNumber: true },
          {
            type: 'DEVICE_REGISTRATION', key: 'newDevice', label: 'Add a device', required: true, options: [
              { type: 'EMAIL', iconSrc: '', title: 'Email', description: 'Codes sent by email' },
              { type: 'SMS', iconSrc: '', title: 'Text message', description: 'Codes sent by text message' },
            ],
          },
          { type: 'QR_CODE', key: 'qr', content: qrDataUrl(11), fallbackText: 'ABCD-EFGH-IJKL-MNOP' },
          { type: 'SLIDER', key: 'mood', label: 'How are you today?', min: 0, max: 10 },
          {
            type: 'AGREEMENT', key: 'terms', content: 'You may use this service as long as you are nice.', titleEnabled: true, title: 'Terms',
            agreement: { id: '1f0c5e2a-7b3d-4c9e-8a6f-2d4b6c8e0a1b', useDynamicAgreement: false }, enabled: true,
          },
          {
            type: 'LABEL', key: 'termsLink', content: 'Read the full terms first.',
            richContent: { content: 'Read the {{full}} first.', replacements: { full: { type: 'link', value: 'full terms', href: 'https://example.com/terms', target: '_blank' } } },
          },
          { type: 'SINGLE_CHECKBOX', key: 'accept', label: 'I accept the terms', required: true },
          { type: 'SUBMIT_BUTTON', key: 'SAVE', label: 'Save' },
          { type: 'SUBMIT_BUTTON', key: 'LATER', label: 'Save for later' },
          { type: 'FLOW_BUTTON', key: 'SKIP', label: 'Skip this step' },
          { type: 'FLOW_LINK', key: 'HELP', label: 'Need help?' },
          { type: 'SOCIAL_LOGIN_BUTTON', key: 'example-idp', label: 'Example IdP', links: { authenticate: { href: 'https://idp.example.com/authenticate' } } },
        ],
      },
    },
  };
}

// What DaVinci answers a value it refuses (reference §7.6): 400, the field named in details.
function phoneRefused(envId) {
  return {
    interactionId: '0f6e4b1c-6a2d-4c8e-9b7a-3d5f1e2c4a6b', companyId: envId, connectionId: CONNECTION, connectorId: 'pingOneSSOConnector',
    id: 'gallery01x', capabilityName: 'updateUser', errorCategory: 'InvalidData', code: 'validationError',
    message: 'phone: must be a valid phone number', httpResponseCode: 400, isResponseCompatibleWithMobileAndWebSdks: true,
    details: [{
      rawResponse: {
        id: 'c0ffee00-1111-2222-3333-444455556666', code: 'INVALID_DATA', message: 'One or more validation errors were in the request.',
        details: [{ code: 'INVALID_VALUE', target: 'phone', message: 'That number cannot receive text messages.' }],
      },
      statusCode: 400,
    }],
  };
}

/**
 * startGallery starts the proxy on a port of its own, to be given to example-app as -base-url.
 * forwardTo(base) names example-app; calls lists the capability requests it answered
 * ({headers, body}).
 */
export async function startGallery(envId) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const calls = [];
  let target = null;
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const u = new URL(req.url, url);
      if (u.pathname === `/${envId}/as/authorize` && u.searchParams.get('client_id') === GALLERY_CLIENT) {
        return json(res, 200, galleryForm(url, envId));
      }
      if (u.pathname.startsWith(`/${envId}/davinci/connections/${CONNECTION}/`)) {
        calls.push({ headers: req.headers, body: JSON.parse(body.toString('utf8')) });
        return json(res, 400, phoneRefused(envId));
      }
      const up = http.request(`${target}${req.url}`, { method: req.method, headers: req.headers }, (upRes) => {
        res.writeHead(upRes.statusCode, upRes.headers);
        upRes.pipe(res);
      });
      up.on('error', () => { res.writeHead(502); res.end(); });
      up.end(body);
    });
  });
  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url,
    calls,
    forwardTo(base) { target = base; },
    close() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

function json(res, status, body) {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}
