// What a package needs, worked out from its sources (used by prepack and by the package tests of
// bridge/ and web/): every module reachable from an entry through static imports and literal
// dynamic imports (parsed by esbuild, not by a regular expression), the bare and node: specifiers
// they import, and the files they locate with new URL('<literal>', import.meta.url).
import { copyFileSync, existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const bridgeDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const repoDir = resolve(bridgeDir, '..');

/** esbuild, from bridge/node_modules (web/ has no node_modules of its own and uses it too). */
export async function loadEsbuild() {
  const require = createRequire(join(bridgeDir, 'package.json'));
  let path;
  try {
    path = require.resolve('esbuild');
  } catch {
    throw new Error(`esbuild is not installed in ${join(bridgeDir, 'node_modules')}: run \`npm ci\` in bridge/ (or \`make bridge-deps\`)`);
  }
  return import(path);
}

/**
 * The import graph from the given entry files.
 * @param {string[]} entries absolute paths
 * @param {{[specifier: string]: string}} [alias] bare specifiers to resolve to a file (absolute path)
 * @returns {Promise<{modules: string[], external: {from: string, path: string, kind: string}[]}>}
 *   modules: absolute paths; external: imports left unresolved (node: modules, other packages)
 */
export async function importGraph(entries, alias = {}) {
  const esbuild = await loadEsbuild();
  const result = await esbuild.build({
    entryPoints: entries, bundle: true, write: false, metafile: true, format: 'esm', platform: 'neutral',
    outdir: join(repoDir, '.graph-out'), logLevel: 'silent', absWorkingDir: repoDir,
    // Every bare specifier stays external (and listed) unless aliased; node: modules too.
    plugins: [{
      name: 'graph',
      setup(build) {
        build.onResolve({ filter: /^[^./]/ }, (args) => (alias[args.path] ? { path: alias[args.path] } : { path: args.path, external: true }));
      },
    }],
  });
  const modules = [];
  const external = [];
  for (const [file, input] of Object.entries(result.metafile.inputs)) {
    const abs = resolve(repoDir, file);
    modules.push(abs);
    for (const imp of input.imports) {
      if (imp.external) external.push({ from: abs, path: imp.path, kind: imp.kind });
    }
  }
  return { modules: modules.sort(), external };
}

/** Files located with new URL('<relative literal>', import.meta.url) in the given modules. */
export function assetUrls(modules) {
  const out = [];
  for (const file of modules) {
    const src = readFileSync(file, 'utf8');
    for (const m of src.matchAll(/new URL\(\s*(['"])(\.{1,2}\/[^'"]+)\1\s*,\s*import\.meta\.url\s*\)/g)) {
      out.push({ from: file, path: resolve(dirname(file), m[2]) });
    }
  }
  return out;
}

/** The imports of one built file (a min bundle): every specifier, all left external. */
export async function fileImports(file) {
  const esbuild = await loadEsbuild();
  const result = await esbuild.build({
    entryPoints: [file], bundle: true, write: false, metafile: true, format: 'esm', platform: 'neutral',
    outdir: join(repoDir, '.graph-out'), logLevel: 'silent', absWorkingDir: repoDir, external: ['*'],
    plugins: [{ name: 'all-external', setup(build) { build.onResolve({ filter: /.*/ }, (args) => (args.kind === 'entry-point' ? undefined : { path: args.path, external: true })); } }],
  });
  return Object.values(result.metafile.inputs).flatMap((i) => i.imports.map((imp) => imp.path));
}

/** A path relative to a package folder, with forward slashes (as npm lists tarball files). */
export const within = (pkgDir, abs) => relative(pkgDir, abs).split(sep).join('/');

/**
 * What the bridge package must hold: its entries, the min file, the module and wasm_exec.js, the
 * declarations, LICENSE, README, package.json and every module the entries reach.
 */
export async function bridgeRequired() {
  const entries = ['pingflow.js', 'pingflow.node.js'].map((f) => join(bridgeDir, f));
  const { modules } = await importGraph(entries);
  const assets = assetUrls(modules).map((a) => a.path);
  const files = new Set(['package.json', 'README.md', 'LICENSE', 'pingflow.d.ts', 'pingflow.node.d.ts', 'pingflow.min.js',
    'pingflow.wasm', 'wasm_exec.js', ...exportTargets(bridgeDir)]);
  for (const f of [...modules, ...assets]) files.add(within(bridgeDir, f));
  return [...files].sort();
}

/** Every file the package.json's exports, main and types point at. */
export function exportTargets(pkgDir) {
  const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
  const out = [];
  const walk = (v) => {
    if (typeof v === 'string') out.push(v);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk(pkg.exports);
  if (pkg.main) out.push(pkg.main);
  if (pkg.types) out.push(pkg.types);
  return out.map((p) => p.replace(/^\.\//, ''));
}

/**
 * finishPackage is the end of both prepacks: the single-file build (esbuild: ESM, minified, for
 * the browser; `external` names imports left as they are), the licence copied from the
 * repository root, and every file `required()` lists present — or it fails naming what is not.
 * log and fail report under the package's name.
 */
export async function finishPackage({ dir, entry: from, outfile, external = [], required, log, fail }) {
  let esbuild;
  try {
    esbuild = await loadEsbuild();
  } catch (err) {
    fail(err.message);
  }
  const name = relative(dir, outfile).split(sep).join('/');
  await esbuild.build({
    entryPoints: [from], outfile, bundle: true, format: 'esm', minify: true, platform: 'browser',
    target: 'es2022', logLevel: 'warning', legalComments: 'none', external,
  }).catch((err) => fail(`esbuild could not build ${name}: ${err.message}`));
  log(`built ${name}`);

  const licence = resolve(repoDir, 'LICENSE');
  if (existsSync(licence)) copyFileSync(licence, resolve(dir, 'LICENSE'));
  else if (!existsSync(resolve(dir, 'LICENSE'))) fail(`no LICENSE: ${licence} is missing`);

  const absent = (await required()).filter((f) => !existsSync(resolve(dir, f)));
  if (absent.length) fail(`the package would be incomplete, missing: ${absent.join(', ')}`);
}
