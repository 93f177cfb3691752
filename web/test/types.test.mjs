// element.d.ts against a TypeScript usage file, compiled by the tsc in bridge/node_modules (strict,
// lib dom): the element's properties, `client`, typed events with their details, and
// document.createElement('pingflow-signon') / querySelector through HTMLElementTagNameMap. A
// `// @ts-expect-error` line proves the checker is live, a file with a wrong event name must
// fail, and the event names declared must be those element.js and controller.js dispatch.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const WEB = join(dirname(fileURLToPath(import.meta.url)), '..');
const TSC = join(WEB, '..', 'bridge', 'node_modules', 'typescript', 'bin', 'tsc');
const DTS = join(WEB, 'element.d.ts');
if (!existsSync(TSC)) throw new Error(`web/test/types.test.mjs needs TypeScript at ${TSC} (npm ci in bridge/)`);

const dirs = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function compile(source) {
  const dir = mkdtempSync(join(tmpdir(), 'pingflow-element-types-'));
  dirs.push(dir);
  writeFileSync(join(dir, 'package.json'), '{"type": "module"}');
  writeFileSync(join(dir, 'usage.ts'), source);
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({
    compilerOptions: {
      strict: true, noEmit: true, target: 'es2022', module: 'nodenext', moduleResolution: 'nodenext',
      lib: ['es2022', 'dom'], types: [], skipLibCheck: false, exactOptionalPropertyTypes: true,
    },
    files: ['usage.ts'],
  }));
  return spawnSync(process.execPath, [TSC, '-p', dir], { encoding: 'utf8' });
}

const ELEMENT = JSON.stringify(join(WEB, 'element.js'));

const USAGE = `
import { PingflowSignon, useCatalog } from ${ELEMENT};
import type { PingflowSuccessDetail, Messages } from ${ELEMENT};

const el = document.createElement('pingflow-signon');
const same: PingflowSignon = el;
el.setAttribute('client-id', 'app');
el.messages = { ui: { back: 'Zurück' } };
el.locale = 'de';
el.label = 'Sign on to Shop';
el.protect = async () => 'signals';
const words: Messages | null = el.messages;
const speaks: string | null = el.locale;
const label: string = el.label;
const card: HTMLElement | null = el.card;

el.addEventListener('pingflow-success', (e) => {
  const detail: PingflowSuccessDetail = e.detail;
  const access: string = e.detail.tokens.accessToken;
  const email = e.detail.claims?.['email'];
  e.preventDefault();
  // @ts-expect-error tokens carry no such field
  e.detail.tokens.password;
  void [detail, access, email];
});
el.addEventListener('pingflow-failure', (e) => {
  const code: string = e.detail.error.code;
  if (e.detail.error.class === 'retry') void code;
});
el.addEventListener('pingflow-step', (e) => {
  const waiting: boolean = e.detail.waiting;
  const key: string | undefined = e.detail.step.key;
  void [waiting, key];
});
el.addEventListener('pingflow-navigate', (e) => {
  const reason: 'identity-provider' | 'application' = e.detail.reason;
  const url: string = e.detail.url;
  const provider: string | null = e.detail.provider;
  void [reason, url, provider];
});
el.addEventListener('click', (e) => { const x: number = e.clientX; void x; });
document.addEventListener('pingflow-success', (e) => { void e.detail.tokens.tokenType; });

const found = document.querySelector('pingflow-signon');
if (found?.client) {
  found.client.logout().then((r) => void r.kind);
}
useCatalog({ ui: { signOn: 'Anmelden' } });
customElements.get('pingflow-signon') === PingflowSignon;
void [same, words, speaks, label, card];
`;

test('a TypeScript page using the element, its client and its typed events type-checks', () => {
  const run = compile(USAGE);
  assert.equal(run.status, 0, `tsc:\n${run.stdout}${run.stderr}`);
});

test('the check is live: a wrong event name or detail field fails it', () => {
  const wrongEvent = compile(`import ${ELEMENT};
document.createElement('pingflow-signon').addEventListener('pingflow-error', (e) => { void e.detail; });`);
  assert.notEqual(wrongEvent.status, 0);
  assert.match(wrongEvent.stdout, /detail/);
  const wrongField = compile(`import ${ELEMENT};
document.createElement('pingflow-signon').addEventListener('pingflow-success', (e) => { void e.detail.token; });`);
  assert.notEqual(wrongField.status, 0);
  assert.match(wrongField.stdout, /'token' does not exist/);
  const unused = compile(`import ${ELEMENT};
// @ts-expect-error nothing wrong here
document.createElement('pingflow-signon').label = 'x';`);
  assert.notEqual(unused.status, 0);
  assert.match(unused.stdout, /Unused '@ts-expect-error'/);
});

test('the declared events are the ones the element dispatches', () => {
  const sources = ['js/element.js', 'js/controller.js'].map((f) => readFileSync(join(WEB, f), 'utf8')).join('\n');
  const dispatched = new Set([...sources.matchAll(/(?:emit\(|new CustomEvent\()'(pingflow-[a-z-]+)'/g)].map((m) => m[1]));
  const map = readFileSync(DTS, 'utf8').match(/interface PingflowSignonEventMap \{([^}]*)\}/)[1];
  const declared = new Set([...map.matchAll(/'(pingflow-[a-z-]+)'/g)].map((m) => m[1]));
  assert.ok(dispatched.size >= 4, `found ${[...dispatched]}`);
  assert.deepEqual([...declared].sort(), [...dispatched].sort());
});
