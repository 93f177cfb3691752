// pingflow for Node: the package's "node" export. The same API as pingflow.js, and the loader
// reads file: URLs (the module beside this file by default) with node:fs, which the browser entry
// never imports.
import { readFile } from 'node:fs/promises';
import { setFileReader } from './src/loader.js';

setFileReader(readFile);

export * from './pingflow.js';
