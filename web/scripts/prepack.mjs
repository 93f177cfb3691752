// npm pack's prepack step for @pingflow/signon (also run by `make dist`): builds what the package
// needs and checks it is all there.
// - dist/signon.min.js: esbuild bundle of js/element.js (ESM, minified, for the browser) with
//   @pingflow/bridge left external and the locales inside; rebuilt every time (milliseconds).
//   It sits in dist/, at the depth of js/, so the element's new URL('../signon.css',
//   import.meta.url) still finds signon.css. esbuild is the bridge's (make bridge-deps).
// - LICENSE: copied from the repository root.
// Then every file the package needs (signonRequired) must exist, or it fails naming the file.
// Progress goes to stderr: `npm pack --json` owns stdout.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { webDir, entry, signonRequired, finishPackage } from './package-files.mjs';

const pkg = JSON.parse(readFileSync(join(webDir, 'package.json'), 'utf8'));
const log = (msg) => process.stderr.write(`prepack ${pkg.name}: ${msg}\n`);
const fail = (msg) => { log(msg); process.exit(1); };

await finishPackage({
  dir: webDir, entry, outfile: join(webDir, 'dist', 'signon.min.js'), external: ['@pingflow/bridge'],
  required: signonRequired, log, fail,
});
log(`complete (version ${pkg.version})`);
