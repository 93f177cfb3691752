// The npm package @pingflow/bridge: `npm pack` (its prepack builds what is missing) yields a
// tarball holding everything the package needs, the versions agree, nothing reachable from the
// browser entries imports node:, the min file imports nothing, and the real tarball, installed
// into a node_modules of its own, loads the module in Node through its "node" export.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bridgeDir, repoDir, bridgeRequired, importGraph, fileImports } from '../scripts/package-files.mjs';
import { VERSION } from '../src/version.js';

const npm = (args, cwd) => JSON.parse(execFileSync('npm', [...args, '--json'], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 300000 }));
const readJSON = (path) => JSON.parse(readFileSync(path, 'utf8'));
const tmp = mkdtempSync(join(tmpdir(), 'pingflow-package-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

/** The files a `npm pack --dry-run` of dir would put in the tarball (after its prepack). */
const packed = (dir, extra = []) => npm(['pack', '--dry-run', ...extra], dir)[0].files.map((f) => f.path);
/** The required files the tarball lacks. */
const lacking = (files, required) => required.filter((f) => !files.includes(f));

let files;
before(() => { files = packed(bridgeDir); });

test('the tarball holds every file the package needs', async () => {
  const required = await bridgeRequired();
  // The list is not vacuous: the entries, the module, Go's runtime and every source module.
  for (const f of ['pingflow.js', 'pingflow.node.js', 'assets.js', 'pingflow.min.js', 'pingflow.wasm', 'wasm_exec.js',
    'pingflow.d.ts', 'LICENSE', 'README.md', 'src/loader.js', 'src/version.js']) assert.ok(required.includes(f), f);
  assert.deepEqual(lacking(files, required), []);
  assert.deepEqual(files.filter((f) => f.startsWith('test/') || f.startsWith('bench/') || f.startsWith('scripts/') || f.includes('node_modules')), [],
    'no tests, benchmarks, scripts or dependencies in the tarball');
});

test('the check fails when "files" leaves out a file the package needs', async () => {
  const copy = join(tmp, 'incomplete');
  cpSync(bridgeDir, copy, { recursive: true, filter: (src) => !src.includes('node_modules') && !src.includes(`${bridgeDir}/test`) });
  const pkg = readJSON(join(copy, 'package.json'));
  pkg.files = pkg.files.filter((f) => f !== 'assets.js' && f !== 'wasm_exec.js');
  writeFileSync(join(copy, 'package.json'), JSON.stringify(pkg));
  // --ignore-scripts: only the listing matters here (the copy's prepack would rebuild in the copy).
  assert.deepEqual(lacking(packed(copy, ['--ignore-scripts']), await bridgeRequired()), ['assets.js', 'wasm_exec.js']);
});

test('the versions agree: package.json, the bridge, the module, @pingflow/signon and its dependency', () => {
  const pkg = readJSON(join(bridgeDir, 'package.json'));
  const web = readJSON(join(repoDir, 'web', 'package.json'));
  const module = execFileSync(process.execPath, [join(bridgeDir, 'scripts', 'module-version.mjs')], { encoding: 'utf8' }).trim();
  assert.deepEqual({ bridge: VERSION, module, signon: web.version, dependency: web.dependencies['@pingflow/bridge'] },
    { bridge: pkg.version, module: pkg.version, signon: pkg.version, dependency: pkg.version });
});

test('the package metadata: public, licensed, with a repository and conditional exports', () => {
  const pkg = readJSON(join(bridgeDir, 'package.json'));
  assert.equal(pkg.private, undefined);
  assert.equal(pkg.license, 'MIT');
  assert.deepEqual(pkg.repository, { type: 'git', url: 'https://github.com/pingflow/pingflow.git', directory: 'bridge' });
  assert.deepEqual(pkg.exports['.'], { types: './pingflow.d.ts', browser: './pingflow.js', node: './pingflow.node.js', default: './pingflow.js' });
  assert.notEqual(pkg.sideEffects, false, 'assets.js imports wasm_exec.js for its side effect');
});

test('nothing reachable from the browser entries imports node:, the Node entry does', async () => {
  const nodeImports = (g) => g.external.filter((e) => e.path.startsWith('node:') || ['fs', 'fs/promises', 'path', 'url', 'module'].includes(e.path));
  const browser = await importGraph([join(bridgeDir, 'pingflow.js')]);
  assert.ok(browser.modules.includes(join(bridgeDir, 'src', 'loader.js')));
  assert.deepEqual(nodeImports(browser), []);
  assert.deepEqual(browser.external, [], 'the bridge imports no other package');
  const element = await importGraph([join(repoDir, 'web', 'js', 'element.js')], { '@pingflow/bridge': join(bridgeDir, 'pingflow.js') });
  assert.ok(element.modules.includes(join(bridgeDir, 'assets.js')), 'the element reaches the bridge');
  assert.deepEqual(nodeImports(element), []);
  const node = await importGraph([join(bridgeDir, 'pingflow.node.js')]);
  assert.deepEqual(nodeImports(node).map((e) => e.path), ['node:fs/promises'], 'the walk sees node: imports');
  // tldts (the cookie jar's public suffix list) is the Node entry's only package, never the browser's.
  assert.deepEqual(node.external.filter((e) => !nodeImports(node).includes(e)).map((e) => e.path), ['tldts']);
});

test('pingflow.min.js imports nothing and carries wasm_exec.js', async () => {
  assert.deepEqual(await fileImports(join(bridgeDir, 'pingflow.min.js')), []);
  const min = readFileSync(join(bridgeDir, 'pingflow.min.js'), 'utf8');
  assert.match(min, /globalThis\.Go=/);
  assert.match(min, /new URL\("\.\/pingflow\.wasm",import\.meta\.url\)/);
});

test('the real tarball, installed, loads the module in Node (node export) and in the min file', async () => {
  const packDir = join(tmp, 'pack');
  mkdirSync(packDir);
  const [{ filename }] = npm(['pack', '--pack-destination', packDir], bridgeDir);
  assert.equal(filename, 'pingflow-bridge-0.1.0.tgz');
  const app = join(tmp, 'app');
  const installed = join(app, 'node_modules', '@pingflow', 'bridge');
  mkdirSync(installed, { recursive: true });
  execFileSync('tar', ['-xzf', join(packDir, filename), '-C', installed, '--strip-components=1']);
  writeFileSync(join(app, 'package.json'), '{"type": "module"}');
  // Its dependencies, as npm would install them beside it (the Node entry's public suffix list).
  const pkg = readJSON(join(installed, 'package.json'));
  assert.deepEqual(Object.keys(pkg.dependencies ?? {}), ['tldts'], 'the one runtime dependency, for the Node entry only');
  for (const dep of ['tldts', 'tldts-core']) cpSync(join(bridgeDir, 'node_modules', dep), join(app, 'node_modules', dep), { recursive: true });

  // By name: Node picks pingflow.node.js, which reads the module beside it.
  writeFileSync(join(app, 'load.js'), [
    "import { loadModule } from '@pingflow/bridge';",
    'const ns = await loadModule();',
    'process.stdout.write(JSON.parse(ns.version()).value.version);',
  ].join('\n'));
  assert.equal(execFileSync(process.execPath, ['load.js'], { cwd: app, encoding: 'utf8', timeout: 60000 }), VERSION);

  // TypeScript finds the declarations through the "types" condition.
  writeFileSync(join(app, 'tsconfig.json'), JSON.stringify({
    compilerOptions: { strict: true, noEmit: true, target: 'es2022', module: 'nodenext', moduleResolution: 'nodenext', lib: ['es2022', 'dom'], types: [] },
    files: ['use.ts'],
  }));
  writeFileSync(join(app, 'use.ts'), [
    "import { createClient, type Result } from '@pingflow/bridge';",
    "const client = await createClient({ authPath: 'https://auth.pingone.com', envId: 'e', clientId: 'c', redirectUri: 'https://app/cb' });",
    'export const first: Result = await client.start();',
  ].join('\n'));
  const tsc = spawnSync(process.execPath, [join(bridgeDir, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', app], { encoding: 'utf8' });
  assert.equal(tsc.status, 0, `tsc:\n${tsc.stdout}${tsc.stderr}`);

  // The min file is for browsers: under Node it refuses the file: URL of the module beside it,
  // and loads it over HTTP.
  const server = http.createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'application/wasm' });
    res.end(readFileSync(join(installed, 'pingflow.wasm')));
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  try {
    writeFileSync(join(app, 'min.js'), [
      "const { loadModule } = await import('@pingflow/bridge/pingflow.min.js');",
      'const out = {};',
      "try { await loadModule(); } catch (err) { out.refused = err.message; }",
      'const ns = await loadModule({ wasmUrl: process.argv[2] });',
      'out.version = JSON.parse(ns.version()).value.version;',
      'process.stdout.write(JSON.stringify(out));',
    ].join('\n'));
    const out = JSON.parse(await new Promise((resolve, reject) => {
      import('node:child_process').then(({ execFile }) => execFile(process.execPath, ['min.js', `http://127.0.0.1:${server.address().port}/pingflow.wasm`],
        { cwd: app, encoding: 'utf8', timeout: 60000 }, (err, stdout) => (err ? reject(err) : resolve(stdout))));
    }));
    assert.equal(out.version, VERSION);
    assert.ok(out.refused.includes(`${join(installed, 'pingflow.wasm')}`), out.refused);
    assert.match(out.refused, /"node" export condition/);
  } finally {
    await new Promise((r) => server.close(r));
  }
});
