// The npm package @pingflow/signon: `npm pack` (its prepack builds dist/signon.min.js and copies
// LICENSE) yields a tarball holding everything the element needs (every module it reaches, every
// locale, signon.css, the declarations, the min file), the versions agree with the bridge's,
// nothing reachable from the element imports node:, the min file imports only @pingflow/bridge,
// and the real tarballs, installed side by side, import in Node without a DOM.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { webDir, bridgeDir, entry, localeFiles, signonRequired, importGraph, fileImports } from '../scripts/package-files.mjs';
import { assetUrls, within } from '../../bridge/scripts/package-files.mjs';

const npm = (args, cwd) => JSON.parse(execFileSync('npm', [...args, '--json'], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 300000 }));
const readJSON = (path) => JSON.parse(readFileSync(path, 'utf8'));
const packed = (dir, extra = []) => npm(['pack', '--dry-run', ...extra], dir)[0].files.map((f) => f.path);
const lacking = (files, required) => required.filter((f) => !files.includes(f));
const tmp = mkdtempSync(join(tmpdir(), 'pingflow-signon-package-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

let files;
before(() => { files = packed(webDir); });

test('the tarball holds every file the element needs, every locale among them', async () => {
  const required = await signonRequired();
  for (const f of ['js/element.js', 'js/bridge.js', 'signon.css', 'element.d.ts', 'dist/signon.min.js', 'LICENSE', 'README.md']) assert.ok(required.includes(f), f);
  const locales = localeFiles();
  assert.ok(locales.length >= 10, `locales: ${locales}`);
  for (const f of locales) assert.ok(required.includes(f), f);
  assert.deepEqual(lacking(files, required), []);
  assert.deepEqual(files.filter((f) => /^(test|scripts|node_modules)\//.test(f) || ['index.html', 'page.css', 'config.example.json'].includes(f)), [],
    'no tests, scripts or demo page in the tarball');
});

test('the check fails when "files" leaves out a file the element needs', async () => {
  const copy = join(tmp, 'incomplete');
  cpSync(webDir, copy, { recursive: true, filter: (src) => !src.includes('node_modules') && !src.startsWith(join(webDir, 'test')) });
  const pkg = readJSON(join(copy, 'package.json'));
  pkg.files = pkg.files.filter((f) => f !== 'signon.css');
  writeFileSync(join(copy, 'package.json'), JSON.stringify(pkg));
  assert.deepEqual(lacking(packed(copy, ['--ignore-scripts']), await signonRequired()), ['signon.css']);
});

test('the metadata: public, licensed, an exact dependency on the bridge of the same version', () => {
  const pkg = readJSON(join(webDir, 'package.json'));
  const bridge = readJSON(join(bridgeDir, 'package.json'));
  assert.equal(pkg.name, '@pingflow/signon');
  assert.equal(pkg.private, undefined);
  assert.equal(pkg.license, 'MIT');
  assert.deepEqual(pkg.repository, { type: 'git', url: 'https://github.com/pingflow/pingflow.git', directory: 'web' });
  assert.equal(pkg.version, bridge.version);
  assert.deepEqual(pkg.dependencies, { '@pingflow/bridge': bridge.version });
  assert.deepEqual(pkg.exports['.'], { types: './element.d.ts', default: './js/element.js' });
  assert.equal(pkg.exports['./signon.min.js'], './dist/signon.min.js');
  assert.equal(pkg.exports['./signon.css'], './signon.css');
  assert.notEqual(pkg.sideEffects, false, 'importing the package defines the element');
});

test('nothing reachable from the element imports node: (the bridge included)', async () => {
  const g = await importGraph([entry], { '@pingflow/bridge': join(bridgeDir, 'pingflow.js') });
  assert.ok(g.modules.includes(join(bridgeDir, 'src', 'loader.js')), 'the walk follows @pingflow/bridge into the bridge');
  assert.deepEqual(g.external.filter((e) => e.path.startsWith('node:')), []);
  assert.deepEqual(g.external, [], 'no import left unresolved');
});

test('dist/signon.min.js imports only @pingflow/bridge (the locales are inside) and finds signon.css', async () => {
  const min = join(webDir, 'dist', 'signon.min.js');
  assert.deepEqual(await fileImports(min), ['@pingflow/bridge']);
  const assets = assetUrls([min]).map((a) => within(webDir, a.path));
  assert.deepEqual([...new Set(assets)], ['signon.css']);
  assert.ok(files.includes('signon.css'));
});

test('the real tarballs, installed side by side, import in Node with no DOM and throw nothing', () => {
  const packDir = join(tmp, 'pack');
  mkdirSync(packDir);
  const app = join(tmp, 'app');
  for (const [dir, name, tgz] of [[webDir, 'signon', 'pingflow-signon-0.1.0.tgz'], [bridgeDir, 'bridge', 'pingflow-bridge-0.1.0.tgz']]) {
    const [{ filename }] = npm(['pack', '--pack-destination', packDir], dir);
    assert.equal(filename, tgz);
    const installed = join(app, 'node_modules', '@pingflow', name);
    mkdirSync(installed, { recursive: true });
    execFileSync('tar', ['-xzf', join(packDir, filename), '-C', installed, '--strip-components=1']);
  }
  writeFileSync(join(app, 'package.json'), '{"type": "module"}');
  writeFileSync(join(app, 'ssr.js'), [
    "const m = await import('@pingflow/signon');",
    "await import('@pingflow/signon/signon.min.js');",
    "const bridge = await import('@pingflow/bridge');",
    "process.stdout.write(JSON.stringify({ element: typeof m.PingflowSignon, bridge: typeof bridge.createClient, dom: typeof customElements }));",
  ].join('\n'));
  const out = JSON.parse(execFileSync(process.execPath, ['ssr.js'], { cwd: app, encoding: 'utf8', timeout: 60000 }));
  assert.deepEqual(out, { element: 'function', bridge: 'function', dom: 'undefined' });

  // TypeScript, in an app with both packages installed: the element's declarations and the
  // bridge's types they refer to resolve from node_modules (not from the repository's layout).
  writeFileSync(join(app, 'tsconfig.json'), JSON.stringify({
    compilerOptions: { strict: true, noEmit: true, target: 'es2022', module: 'nodenext', moduleResolution: 'nodenext', lib: ['es2022', 'dom'], types: [], skipLibCheck: false },
    files: ['use.ts'],
  }));
  writeFileSync(join(app, 'use.ts'), [
    "import { PingflowSignon } from '@pingflow/signon';",
    "import type { Tokens } from '@pingflow/bridge';",
    "const el: PingflowSignon = document.createElement('pingflow-signon');",
    "el.addEventListener('pingflow-success', (e) => { const t: Tokens = e.detail.tokens; void t; });",
  ].join('\n'));
  const tsc = spawnSync(process.execPath, [join(bridgeDir, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', app], { encoding: 'utf8' });
  assert.equal(tsc.status, 0, `tsc:\n${tsc.stdout}${tsc.stderr}`);
});
