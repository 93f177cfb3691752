// npm pack's prepack step for @pingflow/bridge (also run by `make dist`): builds what the package
// needs and checks it is all there, so a tarball is never missing a file.
// - pingflow.wasm and wasm_exec.js: `make -C .. wasm` when either is missing, or when the module
//   reports a version other than package.json's (the bridge would refuse it);
// - pingflow.min.js: esbuild bundle of pingflow.js (ESM, minified, for the browser), rebuilt every
//   time (it takes milliseconds, and a stale bundle would be worse than none);
// - LICENSE: copied from the repository root.
// Then every file the package needs (bridgeRequired) must exist, or it fails naming the file.
// Progress goes to stderr: `npm pack --json` owns stdout.
import { existsSync, readFileSync } from 'node:fs';
import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { bridgeDir, repoDir, bridgeRequired, finishPackage } from './package-files.mjs';

const pkg = JSON.parse(readFileSync(join(bridgeDir, 'package.json'), 'utf8'));
const log = (msg) => process.stderr.write(`prepack ${pkg.name}: ${msg}\n`);
const fail = (msg) => { log(msg); process.exit(1); };

function moduleVersion() {
  try {
    return execFileSync(process.execPath, [join(bridgeDir, 'scripts', 'module-version.mjs')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
  } catch (err) {
    return `(unreadable: ${err.stderr || err.message})`;
  }
}

function makeWasm(why) {
  log(`${why}: running make -C .. wasm`);
  const run = spawnSync('make', ['-C', repoDir, 'wasm'], { stdio: ['ignore', 2, 2] });
  if (run.error || run.status !== 0) fail(`\`make -C .. wasm\` failed (${run.error?.message ?? `exit ${run.status}`}); the package needs pingflow.wasm and wasm_exec.js built from the Go sources (Go 1.26)`);
}

// The module and Go's wasm_exec.js.
const missing = ['pingflow.wasm', 'wasm_exec.js'].filter((f) => !existsSync(join(bridgeDir, f)));
if (missing.length) makeWasm(`${missing.join(' and ')} missing`);
let version = moduleVersion();
if (version !== pkg.version) {
  makeWasm(`pingflow.wasm reports version ${version}, package.json says ${pkg.version}`);
  version = moduleVersion();
  if (version !== pkg.version) fail(`pingflow.wasm reports version ${version} after make wasm, package.json says ${pkg.version}`);
}

// The single-file build for pages without a bundler; at the package root, so its
// new URL('./pingflow.wasm', import.meta.url) still finds the module.
await finishPackage({
  dir: bridgeDir, entry: join(bridgeDir, 'pingflow.js'), outfile: join(bridgeDir, 'pingflow.min.js'),
  required: bridgeRequired, log, fail,
});
log(`complete (version ${pkg.version}, module version ${version})`);
