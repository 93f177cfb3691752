// The module's assets, in the forms bundlers understand (Vite, webpack 5, Rollup, esbuild, Parcel):
// Go's wasm_exec.js is imported, so a bundler bundles it (it defines globalThis.Go as a side
// effect; nothing is fetched for it), and the module's URL is the literal
// new URL('./pingflow.wasm', import.meta.url), which a bundler rewrites to the emitted file.
// Unbundled, the URL is the module beside this file. This file sits at the package root so that
// pingflow.min.js, also at the root, resolves the same './pingflow.wasm'.
import './wasm_exec.js';

export const wasmUrl = new URL('./pingflow.wasm', import.meta.url);
