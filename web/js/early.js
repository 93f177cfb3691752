// The page's first script, inline at the top of the bundled page (web/scripts/build-page.mjs
// puts it there; the site allows it by its hash in the Content-Security-Policy): starts compiling
// the pingflow module while everything else loads. The page names the module just before it in a
// <link rel="preload" as="fetch" type="application/wasm" crossorigin> (its content-addressed
// URL); this fetch takes that preloaded response (same URL, same mode) and compiles it as the
// bytes arrive. The bridge's loader takes the compiled module from globalThis.__pingflowEarly
// when its wasmUrl is the same URL (bridge/src/loader.js), and fetches the module itself
// otherwise or if this failed. It waits for no other file: it runs while the head is parsed.

const link = globalThis.document?.querySelector('link[rel="preload"][as="fetch"][type="application/wasm"]');
if (link && typeof WebAssembly?.compileStreaming === 'function' && !globalThis.__pingflowEarly) {
  const href = link.href;
  const compiled = WebAssembly.compileStreaming(fetch(href, { credentials: 'same-origin' }));
  compiled.catch(() => {}); // the loader sees the failure and fetches the module itself
  globalThis.__pingflowEarly = { href, compiled };
}
