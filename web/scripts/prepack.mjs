// npm pack's prepack step for @pingflow/signon (also run by `make dist`): builds what the package
// needs and checks it is all there.
// - dist/signon.min.js: esbuild bundle of js/element.js (ESM, minified, for the browser) with
//   @pingflow/bridge left external and the locales inside; rebuilt every time (milliseconds).
//   It sits in dist/, at the depth of js/, so the element's new URL('../signon.css',
//   import.meta.url) still finds signon.css. esbuild is the bridge's (make bridge-deps).
// - LICENSE: copied from the repository root.
// Then every file the package needs (signonRequired) must exist, or it fails naming the file.
// Progress goes to stderr: `npm pack --json` owns stdout.
import { copyFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { webDir, entry, repoDir, loadEsbuild, signonRequired } from './package-files.mjs';

const pkg = JSON.parse(readFileSync(join(webDir, 'package.json'), 'utf8'));
const log = (msg) => process.stderr.write(`prepack ${pkg.name}: ${msg}\n`);
const fail = (msg) => { log(msg); process.exit(1); };

let esbuild;
try {
  esbuild = await loadEsbuild();
} catch (err) {
  fail(err.message);
}
await esbuild.build({
  entryPoints: [entry], outfile: join(webDir, 'dist', 'signon.min.js'),
  bundle: true, format: 'esm', minify: true, platform: 'browser', target: 'es2022', logLevel: 'warning',
  legalComments: 'none', external: ['@pingflow/bridge'],
}).catch((err) => fail(`esbuild could not build dist/signon.min.js: ${err.message}`));
log('built dist/signon.min.js');

const licence = join(repoDir, 'LICENSE');
if (existsSync(licence)) copyFileSync(licence, join(webDir, 'LICENSE'));
else if (!existsSync(join(webDir, 'LICENSE'))) fail(`no LICENSE: ${licence} is missing`);

const absent = (await signonRequired()).filter((f) => !existsSync(join(webDir, f)));
if (absent.length) fail(`the package would be incomplete, missing: ${absent.join(', ')}`);
log(`complete (version ${pkg.version})`);
