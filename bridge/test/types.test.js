// pingflow.d.ts against reality: real results from sign-ons against the emulator are written
// into a TypeScript file as object literals checked with `satisfies` against the declared
// types, and tsc --noEmit compiles it together with a usage example. Object literals get
// excess-property checks, so a field a result carries that the declarations lack fails too.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createClient, memoryStorage, PingflowError } from '../pingflow.node.js';
import { startEmulator } from './support/emulator.js';
import { silentServer } from './support/servers.js';
import { SoftwareAuthenticator } from './support/authenticator.js';

const bridgeDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const tsc = join(bridgeDir, 'node_modules', 'typescript', 'bin', 'tsc');

let emu;
before(async () => { emu = await startEmulator(); });
after(() => emu?.stop());

/** Real results, each named by the type it must satisfy. */
async function collect() {
  const out = [];
  const keep = (type, value) => { out.push([type, value]); return value; };
  const pw = (username, password = 'Pingflow1!') => ({ username, password });

  let c = await createClient(emu.clientConfig());
  keep('FormResult', await c.start());
  keep('FormResult', await c.submit('usernamePassword.check', pw('user.password', 'wrong-Pw-1'))); // error with details and body
  keep('FormResult', await c.submit('usernamePassword.check', { username: 'user.password' })); // missing_field, field errors
  keep('SuccessResult', await c.submit('usernamePassword.check', pw('user.password')));
  keep('SignedOutResult', await c.logout());

  c = await createClient(emu.clientConfig({ pollIntervalMs: 50 }));
  await c.start();
  const select = keep('FormResult', await c.submit('usernamePassword.check', pw('user.devices'))); // devices and options
  const mobile = select.step.devices.find((d) => d.type === 'MOBILE');
  keep('WaitResult', await c.submit('device.select', { device: mobile.id }));
  const push = await emu.latest('user.devices', 'push');
  await emu.answerPush(push.id, 'deny');
  keep('FailureResult', await c.poll()); // flow_failed with serverCode and body

  for (const user of ['user.expired', 'user.profile', 'user.agreement']) { // password policy, attributes, agreement
    c = await createClient(emu.clientConfig());
    await c.start();
    keep('FormResult', await c.submit('usernamePassword.check', pw(user)));
  }

  // DaVinci forms: actions with event/link, content, new-password policy, device options, POLLING.
  c = await createClient(emu.davinciConfig());
  keep('FormResult', await c.start());
  keep('FormResult', await c.submit('SIGNON', pw('user.password', 'wrong-Pw-1'))); // DaVinci's 400, failuresRemaining
  keep('FormResult', await c.submit('REGISTER')); // rich text, PASSWORD_VERIFY with its policy, SINGLE_CHECKBOX
  keep('FormResult', await c.submit('SUBMIT', { username: 'u', email: 'bad', password: 'x', agreement: false })); // the engine's checks
  c = await createClient(emu.davinciConfig());
  await c.start();
  const choice = keep('FormResult', await c.submit('SIGNON', pw('user.devices'))); // DEVICE_AUTHENTICATION options
  const mobileOption = choice.step.actions[0].fields[0].options.find((o) => o.type === 'MOBILE');
  keep('WaitResult', await c.submit('SUBMIT', { device: mobileOption.value }));
  await emu.answerPush((await emu.latest('user.devices', 'push')).id, 'approve');
  keep('SuccessResult', await c.poll());
  // Tokens after sign-on: a renewal (refresh_token grant) and userinfo.
  keep('Tokens', await c.getTokens({ minValidityMs: 2 * 3600 * 1000 }));
  keep('UserInfo', await c.userinfo());

  c = await createClient(emu.clientConfig({ storage: memoryStorage(), navigate: false }));
  keep('RedirectResult', await c.login());

  // Ceremonies: passkey steps and their errors, autofill, social actions, Protect, challenges.
  const auth = new SoftwareAuthenticator({ origin: emu.localOrigin });
  const pk = emu.demoPasskey;
  auth.addCredential({ id: pk.credentialId, rpId: pk.rpId, privateKey: pk.privateKey, userHandle: pk.userHandle });
  c = await createClient(emu.clientConfig({ webauthn: auth.option }));
  keep('FormResult', await c.start()); // social provider action
  keep('FormResult', await c.submit('usernamePassword.check', pw('user.passkey'))); // ASSERTION_REQUIRED, device keys
  auth.failNext('NotAllowedError');
  keep('FormResult', await c.submit('assertion.check')); // webauthn_cancelled
  keep('SuccessResult', await c.submit('assertion.check'));
  c = await createClient(emu.clientConfig({ storage: memoryStorage(), navigate: false }));
  const signOn = await c.start();
  keep('RedirectResult', await c.submit(signOn.step.actions.find((a) => a.role === 'social').name));
  c = await createClient(emu.clientConfig({ acrValues: 'Identifier_First' }));
  await c.start();
  keep('FormResult', await c.submit('user.lookup', { username: 'social.user@idp.example' })); // EXTERNAL_AUTHENTICATION_REQUIRED

  c = await createClient(emu.davinciConfig({ protect: emu.protect, webauthn: auth.option, pollIntervalMs: 50 }));
  keep('FormResult', await c.start()); // conditional passkey, social button
  keep('SuccessResult', await c.autofill());
  c = await createClient(emu.davinciConfig({ protect: emu.protect, webauthn: auth.option }));
  await c.start();
  keep('FormResult', await c.submit('SIGNON', pw('user.passkey'))); // Choose a Device with a passkey option
  c = await createClient(emu.davinciConfig({ protect: emu.protect, webauthn: auth.option }));
  await c.start();
  keep('FormResult', await c.submit('SIGNON', pw('user.password'))); // Set Up a Passkey
  auth.failNext('NotAllowedError');
  keep('FormResult', await c.submit('passkey')); // DaVinci's answer to a cancelled ceremony
  c = await createClient(emu.davinciConfig({ protect: emu.protect }));
  await c.start();
  await c.submit('PHONE');
  keep('WaitResult', await c.submit('SUBMIT', { username: 'user.password' })); // challenge, QR code
  c.cancel();

  const silent = await silentServer();
  try {
    c = await createClient({ ...emu.clientConfig(), authPath: silent.url, timeoutMs: 100, retries: 0 });
    keep('FailureResult', await c.start()); // network
    const pending = c.start();
    await assert.rejects(c.retry(), (e) => e.code === 'busy'); // overlapping calls reject
    keep('FailureResult', await pending); // timed out
    const p = c.start();
    c.cancel();
    keep('FailureResult', await p); // cancelled
  } finally {
    await silent.close();
  }
  return out;
}

const tempDirs = [];
after(() => tempDirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
const tempDir = () => { const d = mkdtempSync(join(tmpdir(), 'pingflow-types-')); tempDirs.push(d); return d; };

function compile(dir, files) {
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({
    compilerOptions: {
      strict: true, noEmit: true, target: 'es2022', module: 'nodenext', moduleResolution: 'nodenext',
      lib: ['es2022', 'dom'], types: [], skipLibCheck: false, exactOptionalPropertyTypes: true,
    },
    files,
  }));
  return spawnSync(process.execPath, [tsc, '-p', dir], { encoding: 'utf8' });
}

test('the declarations describe every real result, and the documented usage type-checks', async () => {
  const results = await collect();
  const kinds = new Set(results.map(([type]) => type));
  assert.deepEqual([...kinds].sort(), ['FailureResult', 'FormResult', 'RedirectResult', 'SignedOutResult', 'SuccessResult', 'Tokens', 'UserInfo', 'WaitResult']);

  const dir = tempDir();
  const api = JSON.stringify(join(bridgeDir, 'pingflow.js'));
  const lines = [`import type * as P from ${api};`];
  results.forEach(([type, value], i) => lines.push(`export const r${i} = ${JSON.stringify(value, null, 1)} satisfies P.${type};`));
  writeFileSync(join(dir, 'results.ts'), lines.join('\n'));
  writeFileSync(join(dir, 'usage.ts'), usage(api));

  const run = compile(dir, ['results.ts', 'usage.ts']);
  assert.equal(run.status, 0, `tsc:\n${run.stdout}${run.stderr}`);
});

test('the check is not vacuous: an undeclared field or a wrong type fails it', () => {
  const dir = tempDir();
  const api = JSON.stringify(join(bridgeDir, 'pingflow.js'));
  writeFileSync(join(dir, 'bad.ts'), [
    `import type * as P from ${api};`,
    'export const a = { kind: "success", tokens: { accessToken: "a", tokenType: "Bearer", extra: 1 } } satisfies P.SuccessResult;',
    'export const b = { kind: "failure", error: { code: "x", class: "oops", message: "m", details: [] } } satisfies P.FailureResult;',
  ].join('\n'));
  const run = compile(dir, ['bad.ts']);
  assert.notEqual(run.status, 0);
  assert.match(run.stdout, /'extra' does not exist/);
  assert.match(run.stdout, /"oops"/);
});

test('PingflowError is what misuse rejects with', async () => {
  const err = await createClient({}).catch((e) => e);
  assert.ok(err instanceof PingflowError);
  assert.equal(err.name, 'PingflowError');
});

/** The README's usage, compiled against the declarations. */
function usage(api) {
  return `
import { createClient, memoryStorage, CookieJar, PingflowError, loadModule, passkeySupport } from ${api};
import type { Result, Step, FlowError, Tokens, TokenError, UserInfo } from ${api};

type Render = (step: Step) => Promise<{ action: string; input: Record<string, unknown> }>;

export async function signOn(render: Render): Promise<Tokens | FlowError | string> {
  await loadModule();
  const client = await createClient({
    authPath: 'https://auth.pingone.com', envId: 'abfba8f6-49eb-49f5-a5d9-80ad5c98f9f6',
    clientId: 'c', redirectUri: 'https://app.example.com/callback', scope: 'openid profile',
    timeoutMs: 5000, retries: { count: 1 }, pollIntervalMs: 1000, storage: memoryStorage(),
    cookies: new CookieJar(), debug: (message, details) => void [message, details.purpose],
    middleware: [(req, info) => { req.headers['X-Trace'] = info.purpose; }],
  });
  const off = client.on('tokens', (tokens) => void tokens.accessToken.length);
  client.on('expiring', (tokens) => void tokens.expiresAt);
  client.on('expired', (tokens) => void tokens.accessToken);
  client.on('signedOut', (info) => void (info.otherTab === true));
  const fresh: Tokens = await client.getTokens({ minValidityMs: 60_000 });
  const renewed: Tokens = await client.refresh();
  const info: UserInfo = await client.userinfo();
  void [fresh.refreshToken, renewed.claims?.sub, info.sub.length];
  try {
    await client.getTokens();
  } catch (err) {
    const e = err as TokenError;
    if (e.class === 'restart' && e.code === 'login_required') void e.error.message;
  }
  const persistent = await createClient({ authPath: 'https://auth.pingone.com', envId: 'e', clientId: 'c', redirectUri: 'https://a/cb', persist: 'local', syncTabs: true });
  void persistent;
  client.on('error', (error, result) => void [error.class === 'retry', result.kind]);
  client.on('step', (result) => void result.step.status);
  client.use(async () => ({ headers: { 'X-Other': '1' } }));

  let result: Result | null = await client.restore();
  if (result === null) result = await client.start();
  while (result.kind === 'form' || result.kind === 'wait') {
    if (result.kind === 'wait') {
      result = await client.poll();
      continue;
    }
    const { action, input } = await render(result.step);
    result = await client.submit(action, input);
  }
  off();
  switch (result.kind) {
    case 'success': return result.tokens;
    case 'failure': return result.error;
    case 'redirect': return result.url;
  }
}

export async function misuse(): Promise<string> {
  try {
    // @ts-expect-error: a misspelt key is not part of ClientConfig
    await createClient({ authPath: 'x', clientId: 'c', redirectUri: 'r', clientID: 'typo' });
  } catch (err) {
    if (err instanceof PingflowError) return err.code + (err.field ?? '');
  }
  return '';
}

export async function ceremonies(): Promise<string> {
  const { conditional } = await passkeySupport();
  const client = await createClient({
    authPath: 'https://auth.pingone.com', envId: 'e', clientId: 'c', redirectUri: 'https://a/cb',
    protect: async ({ behavioralDataCollection, universalDeviceIdentification }) =>
      (behavioralDataCollection || universalDeviceIdentification ? 'signals' : ''),
    webauthn: {
      async get({ publicKey, mediation, signal }) {
        void [publicKey.allowCredentials?.[0]?.id, mediation === 'conditional', signal.aborted];
        return { id: 'a', rawId: 'a', type: 'public-key', authenticatorAttachment: 'platform',
          response: { clientDataJSON: 'e30', authenticatorData: '', signature: '', userHandle: 'dQ' }, clientExtensionResults: {} };
      },
      async create({ publicKey }) {
        return { id: publicKey.user.id, rawId: 'a', type: 'public-key',
          response: { clientDataJSON: 'e30', attestationObject: '', transports: ['internal'] }, clientExtensionResults: {} };
      },
      isConditionalMediationAvailable: () => true,
    },
  });
  const caps = await client.capabilities();
  let result = await client.restore(new URL('https://a/cb?flowId=f'));
  if (result?.kind === 'form') {
    const step: Step = result.step;
    if (conditional && caps.conditional && step.actions.some((a) => a.conditional)) {
      const next = await client.autofill();
      if (next !== null) result = next;
      client.stopAutofill();
    }
    const passkey = step.actions.find((a) => a.role === 'passkey' && a.ceremony === 'webauthn.get');
    if (passkey) result = await client.submit(passkey.name);
    const social = step.actions.find((a) => a.role === 'social');
    void [step.key === 'passkey', step.wait, step.identity, social?.provider?.name, step.devices?.[0]?.key,
      step.actions[0]?.fields[0]?.phone?.countryCode, step.actions[0]?.fields[0]?.showExtension];
  }
  return String(result?.kind) + String(caps.platformAuthenticator);
}

export async function redirectMode(): Promise<string> {
  const client = await createClient({ authPath: 'https://auth.pingone.eu', envId: 'e', clientId: 'c', redirectUri: 'https://a/cb' });
  const out = await client.logout({ postLogoutRedirectUri: 'https://a/' });
  const r = await client.handleRedirect(new URL('https://a/cb?code=1&state=2'));
  client.cancel();
  client.dispose();
  return out.kind + r.kind + String(client.tokens?.expiresAt);
}
`;
}
