// Prints the version a pingflow.wasm reports (version() → version), loading it with Go's
// wasm_exec.js directly (not through the bridge, which refuses a module of another version).
// Usage: node scripts/module-version.mjs [path/to/pingflow.wasm [path/to/wasm_exec.js]]
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const wasm = resolve(process.argv[2] ?? new URL('../pingflow.wasm', import.meta.url).pathname);
const exec = resolve(process.argv[3] ?? new URL('../wasm_exec.js', import.meta.url).pathname);
await import(pathToFileURL(exec).href);
const go = new globalThis.Go();
const { instance } = await WebAssembly.instantiate(await readFile(wasm), go.importObject);
const ready = new Promise((r) => { globalThis.__pingflowReady = r; });
go.run(instance);
const ns = await ready;
process.stdout.write(`${JSON.parse(ns.version()).value.version}\n`);
