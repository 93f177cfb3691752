// What @pingflow/signon must hold, worked out from its sources (used by prepack and by
// test/package.test.mjs). The import-graph helpers and esbuild are the bridge's
// (bridge/scripts/package-files.mjs, bridge/node_modules): web/ has no npm dependencies of its
// own to install, because its one dependency, @pingflow/bridge, is the sibling folder, not a
// package the registry has.
import { readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { importGraph, assetUrls, exportTargets, within } from '../../bridge/scripts/package-files.mjs';

export { loadEsbuild, importGraph, fileImports, bridgeDir, repoDir, within, finishPackage } from '../../bridge/scripts/package-files.mjs';
export const webDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const entry = join(webDir, 'js', 'element.js');

/** Every shipped locale's catalog: web/js/i18n/<locale>.js. */
export const localeFiles = () => readdirSync(join(webDir, 'js', 'i18n')).filter((f) => f.endsWith('.js') && f !== 'index.js').map((f) => `js/i18n/${f}`);

/**
 * Every file the package needs: the element and every module it reaches (static imports and
 * literal dynamic imports, so every locale), what they locate with new URL(…, import.meta.url)
 * (signon.css), the declarations, the min file, LICENSE, README and package.json.
 */
export async function signonRequired() {
  const { modules } = await importGraph([entry]); // '@pingflow/bridge' stays external: another package
  const files = new Set(['package.json', 'README.md', 'LICENSE', 'element.d.ts', 'signon.css', 'dist/signon.min.js',
    ...exportTargets(webDir), ...localeFiles()]);
  for (const f of [...modules, ...assetUrls(modules).map((a) => a.path)]) files.add(within(webDir, f));
  return [...files].sort();
}
