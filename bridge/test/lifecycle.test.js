// In a page, a form's snapshot goes to sessionStorage when it can be needed — the page hidden
// (visibilitychange) or left (pagehide), the client disposed — instead of after every step. The
// page is imitated here: window events on globalThis, a document with visibilityState, and a
// sessionStorage; a "reload" is a pagehide, then a new client on the same storage and cookies.
import { test, before, after, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { createClient, memoryStorage, CookieJar } from '../pingflow.node.js';
import { startEmulator } from './support/emulator.js';
import { expectForm, expectSuccess } from './support/flow.js';

let emu;
before(async () => { emu = await startEmulator(); });
after(() => emu?.stop());

let win;
let doc;
let storage;
const installed = ['addEventListener', 'removeEventListener', 'document', 'sessionStorage'];
beforeEach(() => {
  win = new EventTarget();
  doc = new EventTarget();
  doc.visibilityState = 'visible';
  storage = memoryStorage();
  globalThis.addEventListener = win.addEventListener.bind(win);
  globalThis.removeEventListener = win.removeEventListener.bind(win);
  globalThis.document = doc;
  globalThis.sessionStorage = storage;
});
afterEach(() => {
  for (const name of installed) delete globalThis[name];
});

const key = () => `pingflow:${emu.app.clientId}`;
// No storage option: the page's default, sessionStorage.
const page = (cookies, extra = {}) => createClient(emu.clientConfig({ cookies, acrValues: 'Passwordless', ...extra }));
const hide = () => {
  doc.visibilityState = 'hidden';
  doc.dispatchEvent(new Event('visibilitychange'));
};

test('a form step is not written after each step; pagehide writes it, and the reloaded page continues there', async () => {
  const cookies = new CookieJar();
  const first = await page(cookies);
  expectForm(await first.start(), 'SIGN_ON_REQUIRED');
  const otp = expectForm(await first.submit('user.lookup', { username: 'user.sms' }), 'OTP_REQUIRED');
  assert.equal(storage.getItem(key()), null, 'no snapshot while the page is on screen');

  win.dispatchEvent(new Event('pagehide'));
  assert.ok(storage.getItem(key()), 'pagehide writes the snapshot');

  const reloaded = await page(cookies);
  const restored = expectForm(await reloaded.restore(), 'OTP_REQUIRED', 'otp.check');
  assert.equal(restored.step.flowId, otp.step.flowId);
  const { code } = await emu.latest('user.sms', 'otp');
  expectSuccess(await reloaded.submit('otp.check', { otp: code }));
  assert.equal(storage.getItem(key()), null, 'a finished flow leaves no snapshot');
  first.dispose();
  reloaded.dispose();
});

test('a page hidden (a tab in the background, which the browser may discard) writes the snapshot; shown again, the next step is held again', async () => {
  const cookies = new CookieJar();
  const client = await page(cookies);
  expectForm(await client.start(), 'SIGN_ON_REQUIRED');
  doc.visibilityState = 'visible';
  doc.dispatchEvent(new Event('visibilitychange'));
  assert.equal(storage.getItem(key()), null, 'becoming visible writes nothing');
  hide();
  const saved = storage.getItem(key());
  assert.ok(saved, 'hidden: the snapshot is written');

  // Discarded: the tab comes back as a new page with the same sessionStorage.
  const revived = await page(cookies);
  expectForm(await revived.restore(), 'SIGN_ON_REQUIRED', 'user.lookup');
  expectForm(await revived.submit('user.lookup', { username: 'user.sms' }), 'OTP_REQUIRED');
  assert.equal(storage.getItem(key()), null, 'the older snapshot is removed when the next step is held');
  client.dispose();
  revived.dispose();
});

test('dispose() writes the held step, for a client made later in the same page', async () => {
  const cookies = new CookieJar();
  const card = await page(cookies);
  expectForm(await card.start(), 'SIGN_ON_REQUIRED');
  card.dispose();
  assert.ok(storage.getItem(key()));
  win.dispatchEvent(new Event('pagehide')); // its listeners are gone: nothing else happens
  const again = await page(cookies);
  expectForm(await again.restore(), 'SIGN_ON_REQUIRED', 'user.lookup');
  again.dispose();
});

test('hidden in the middle of a submit, the snapshot stands for the step on screen (the action is read again, not sent again)', async () => {
  const cookies = new CookieJar();
  let hideNow = false;
  let written = null;
  const client = await page(cookies, {
    middleware: [(req, info) => {
      if (!hideNow || info.purpose !== 'flow.action') return;
      hide();
      written = storage.getItem(key());
    }],
  });
  expectForm(await client.start(), 'SIGN_ON_REQUIRED');
  hideNow = true;
  expectForm(await client.submit('user.lookup', { username: 'user.sms' }), 'OTP_REQUIRED');
  assert.ok(written, 'written while the action was under way');
  assert.equal(storage.getItem(key()), null, 'and removed once the next step is held');

  // Discarded while the action was under way: the new page has what was written then.
  storage.setItem(key(), written);
  const revived = await page(cookies);
  const requests = [];
  revived.use((req, info) => { requests.push(`${req.method} ${info.purpose}`); });
  // The flow moved on meanwhile (the action reached the server): its read shows where it is now.
  expectForm(await revived.restore(), 'OTP_REQUIRED', 'otp.check');
  assert.deepEqual(requests, ['GET flow.read']);
  client.dispose();
  revived.dispose();
});

test('a storage other than the page\'s Web Storage is written after each step, as outside pages', async () => {
  const own = memoryStorage();
  const client = await page(new CookieJar(), { storage: own });
  expectForm(await client.start(), 'SIGN_ON_REQUIRED');
  assert.ok(own.getItem(key()), 'written at once');
  client.dispose();
});

test('a snapshot left by an earlier page is removed when a new flow shows its first step', async () => {
  storage.setItem(key(), 'left by an earlier page');
  storage.setItem(`${key()}:away`, '{}');
  const client = await page(new CookieJar());
  expectForm(await client.start(), 'SIGN_ON_REQUIRED');
  assert.equal(storage.getItem(key()), null);
  assert.equal(storage.getItem(`${key()}:away`), null);
  client.dispose();
});
