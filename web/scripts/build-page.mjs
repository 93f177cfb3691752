// Builds the sign-on page as served in production (`make page`; `make run` and `make test` depend
// on it) into web/dist/page/ (git-ignored):
// - signon.<hash>.js: js/element.js and everything it imports in one minified ESM file, English
//   and the card's stylesheet inside (adopted as a constructed stylesheet, js/style.js: no
//   stylesheet request before the first step); <locale>.<hash>.js: each other locale, loaded
//   when chosen;
// - bridge.<hash>.js: the bridge (bridge/pingflow.js) in one minified ESM file, Go's
//   wasm_exec.js inside;
// - page.<hash>.css: page.css;
// - index.html: web/index.html with those names in place of the sources, a modulepreload for both
//   bundles, a preload of the module under its content-addressed name
//   (<module-base>pingflow.<first 16 hex digits of its SHA-256>.wasm, the name example-app's site
//   serves it under; --module-base, default ../bridge/) and, first in the head, js/early.js
//   inline (a site serving the page must allow it in its CSP by its hash: example-app's does).
// <hash> is esbuild's content hash (the CSS's: 16 hex digits of its SHA-256), so every name but
// index.html can be cached for good (the site sends Cache-Control: immutable for them). A file
// but index.html is rewritten only when its bytes change; names of earlier builds are removed.
// esbuild is the bridge's (make bridge-deps). The unbundled sources (web/index.html, web/js/,
// bridge/src/) stay what development uses: example-app -sources serves them, and serves them
// anyway while one is newer than the built index.html (edited since the last make page).
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadEsbuild, webDir, bridgeDir } from './package-files.mjs';

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] ? args[i + 1] : fallback;
};
const outDir = opt('--out', join(webDir, 'dist', 'page'));
const moduleBase = opt('--module-base', '../bridge/');
const log = (msg) => process.stderr.write(`build-page: ${msg}\n`);
const fail = (msg) => {
  log(msg);
  process.exit(1);
};

const hash16 = (bytes) => createHash('sha256').update(bytes).digest('hex').slice(0, 16);
const files = new Map(); // served name → bytes
const named = (base, ext, bytes) => {
  const name = `${base}.${hash16(bytes)}.${ext}`;
  files.set(name, bytes);
  return name;
};

const esbuild = await loadEsbuild().catch((err) => fail(err.message));
const common = { bundle: true, format: 'esm', minify: true, platform: 'browser', target: 'es2022', write: false, logLevel: 'warning', legalComments: 'none' };

// Builds one entry ({name: path}) into outDir's content-named files: the entry and, for the page,
// a chunk per locale other than English (loaded only when chosen) and what they share. Returns
// the entry's file name and the chunks it imports statically (preloaded with it).
async function bundle(entryPoints, options = {}) {
  const [key] = Object.keys(entryPoints);
  const result = await esbuild.build({
    ...common, ...options, entryPoints, outdir: outDir, entryNames: '[name].[hash]', chunkNames: '[name].[hash]', metafile: true,
  }).catch((err) => fail(`esbuild could not build ${key}: ${err.message}`));
  const base = (p) => p.split('/').pop();
  for (const f of result.outputFiles) files.set(base(f.path), f.contents);
  const [out, meta] = Object.entries(result.metafile.outputs).find(([p]) => base(p).startsWith(`${key}.`) && p.endsWith('.js')) ?? [];
  if (!out) fail(`esbuild wrote no ${key} entry`);
  return { file: base(out), imports: meta.imports.filter((i) => i.kind === 'import-statement' && !i.external).map((i) => base(i.path)) };
}

// The page's entry, made here: the card's stylesheet goes in before the element's module runs
// (the element is defined while that module is evaluated, and a card already in the page
// connects right then), then the element.
const cardStyle = {
  name: 'card-style',
  setup(build) {
    build.onResolve({ filter: /^pingflow:/ }, (a) => ({ path: a.path.slice('pingflow:'.length), namespace: 'pingflow' }));
    build.onLoad({ filter: /.*/, namespace: 'pingflow' }, (a) => ({
      contents: a.path === 'signon'
        ? "import 'pingflow:card-style';\nexport * from './js/element.js';\n"
        : "import { useCardStyle } from './js/style.js';\nimport css from './signon.css';\nuseCardStyle(css);\n",
      resolveDir: webDir, loader: 'js',
    }));
  },
};

const signon = await bundle({ signon: 'pingflow:signon' }, {
  plugins: [cardStyle], loader: { '.css': 'text' }, splitting: true,
  // The element imports the bridge by its bridge-url at run time; the package name stays out.
  external: ['@pingflow/bridge'],
});
const bridge = await bundle({ bridge: join(bridgeDir, 'pingflow.js') });
// The early compile is inline (no request to wait for; the site allows it by its hash).
const earlyJs = (await esbuild.build({ ...common, entryPoints: [join(webDir, 'js', 'early.js')], format: 'iife' })
  .catch((err) => fail(`esbuild could not build early.js: ${err.message}`))).outputFiles[0].text.trim();
if (earlyJs.includes('</')) fail('early.js minified holds "</", which would end its inline <script>');
const pageCss = named('page', 'css', readFileSync(join(webDir, 'page.css')));

const wasmFile = join(bridgeDir, 'pingflow.wasm');
if (!existsSync(wasmFile)) fail(`${wasmFile} is missing: run \`make wasm\` first`);
const moduleUrl = `${moduleBase}pingflow.${hash16(readFileSync(wasmFile))}.wasm`;

// index.html: the source page with the bundles in place of the modules.
let html = readFileSync(join(webDir, 'index.html'), 'utf8');
const replace = (re, to, what) => {
  if (!re.test(html)) fail(`web/index.html no longer has ${what}; update build-page.mjs`);
  html = html.replace(re, to);
};
replace(/^[ \t]*<!-- The page's modules[^\n]*-->\n/m, '', 'the comment before the modulepreloads');
replace(/^[ \t]*<link rel="modulepreload" href="js\/[^"]+">\n/gm, '', 'modulepreload links for js/');
replace(/^[ \t]*<!-- The card's own stylesheet[^\n]*-->\n[ \t]*<link rel="preload" href="signon.css" as="style">\n/m, '', 'the signon.css preload');
replace(/<link rel="stylesheet" href="page.css">/, `<link rel="stylesheet" href="${pageCss}">`, 'the page.css link');
// The module's preload and its compile first, before the stylesheet (an inline script after a
// stylesheet would wait for it).
replace(/^([ \t]*)(<link rel="stylesheet")/m, (_, indent, link) => [
  '<!-- Built by web/scripts/build-page.mjs from index.html. The module is compiled as it',
  '     downloads (web/js/early.js); the page and the bridge are one file each, named by content. -->',
  `<link rel="preload" href="${moduleUrl}" as="fetch" type="application/wasm" crossorigin>`,
  `<script>${earlyJs}</script>`,
].map((l) => `${indent}${l}\n`).join('') + indent + link, 'the page.css link');
replace(/^([ \t]*)<script type="module" src="js\/element.js"><\/script>\n/m, (_, indent) => [
  ...[signon.file, ...signon.imports, bridge.file].map((f) => `<link rel="modulepreload" href="${f}">`),
  // The bridge first: once evaluated it has Go start the early-compiled module, while the page's
  // own module and its configuration load (bridge/src/loader.js).
  `<script type="module" src="${bridge.file}"></script>`,
  `<script type="module" src="${signon.file}"></script>`,
].map((l) => `${indent}${l}\n`).join(''), 'the element.js script');
replace(/bridge-url="[^"]*"/, `bridge-url="${bridge.file}"`, 'the bridge-url attribute');
files.set('index.html', Buffer.from(html));

mkdirSync(outDir, { recursive: true });
for (const [name, bytes] of files) {
  const path = join(outDir, name);
  // index.html is always written: its time says when the page was built (example-app's site
  // serves the sources instead while any of them is newer).
  if (name !== 'index.html' && existsSync(path) && Buffer.compare(readFileSync(path), Buffer.from(bytes)) === 0) continue;
  writeFileSync(`${path}.tmp`, bytes);
  renameSync(`${path}.tmp`, path);
}
for (const name of readdirSync(outDir)) if (!files.has(name)) rmSync(join(outDir, name), { force: true });
const kb = (name) => `${name} ${(files.get(name).length / 1024).toFixed(1)} KiB`;
log(`${outDir}: ${[signon.file, ...signon.imports, bridge.file, pageCss].map(kb).join(', ')}, index.html (module ${moduleUrl})`);
