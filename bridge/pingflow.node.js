// pingflow for Node: the package's "node" export. The same API as pingflow.js, and the loader
// reads file: URLs (the module beside this file by default) with node:fs, which the browser entry
// never imports.
import { readFile } from 'node:fs/promises';
import { setFileReader } from './src/loader.js';
import { setPublicSuffixList } from './src/cookies.js';

setFileReader(readFile);
// The cookie jars refuse Domain=com, Domain=co.uk... by the public suffix list of tldts (the
// package's one dependency; the browser entry has no list: browsers keep their own cookies).
// A copy installed without its dependencies keeps the jar's stricter rule: a Domain attribute
// counts only as the host itself.
try {
  setPublicSuffixList((await import('./src/public-suffix.node.js')).isPublicSuffix);
} catch (err) {
  if (err?.code !== 'ERR_MODULE_NOT_FOUND') throw err; // tldts is not installed
}

export * from './pingflow.js';
