import { PingflowError } from './errors.js';
import { call } from './engine.js';
import { VERSION } from './version.js';
import { useFastEntry } from './fastcall.js';
import { wasmUrl as bundledWasmUrl } from '../assets.js';

// Loads the module once per page or process. Every client shares the one instance: the module
// keeps any number of engines in its handle table, and a second copy would cost another few
// megabytes of memory and a second compile. Go's wasm_exec.js comes with ../assets.js (imported,
// so bundlers bundle it), as does the module's URL; wasmUrl / wasmExecUrl override them.
// A page may start the module's compile before the bridge loads: globalThis.__pingflowEarly =
// {href, compiled} (a Promise of the WebAssembly.Module compiled from href, as web/js/early.js
// does); when href is the module's URL the loader instantiates that module instead of fetching.

const NAMESPACE = '__pingflow';
const READY = '__pingflowReady';

let loading = null;
let readFile = null;

/**
 * Lets the loader read file: URLs. Only the Node entry (pingflow.node.js) calls it, with
 * node:fs/promises' readFile, so that nothing reachable from the browser entry imports node:.
 * @param {(url: URL) => Promise<Uint8Array>} fn
 */
export function setFileReader(fn) {
  readFile = fn;
}

/**
 * The module's namespace, loading the module on first use.
 * @param {{ wasmUrl?: string | URL, wasmExecUrl?: string | URL }} [opts] used by the first call only
 * @returns {Promise<object>}
 */
export function loadModule(opts = {}) {
  if (!loading) {
    loading = instantiate(opts).catch((err) => {
      loading = null; // let a later createClient try again (the network may be back)
      throw err;
    });
  }
  return loading;
}

// A page that began compiling the module at its top (globalThis.__pingflowEarly, see compile())
// has Go start it as soon as this module is evaluated and the compile is done, rather than when
// the first createClient comes (after the page's configuration and the rest): that client then
// takes the module already running. The page's early URL is then the module's (the first load
// wins, as with wasmUrl).
if (typeof globalThis.__pingflowEarly?.href === 'string') loadModule({ wasmUrl: globalThis.__pingflowEarly.href }).catch(() => {});

async function instantiate(opts) {
  const wasmUrl = opts.wasmUrl ? new URL(opts.wasmUrl, baseUrl()) : bundledWasmUrl;
  if (opts.wasmExecUrl) {
    // Another wasm_exec.js (a module built with another Go release needs its own): it defines
    // globalThis.Go over the bundled one.
    const execUrl = new URL(opts.wasmExecUrl, baseUrl());
    try {
      await import(/* @vite-ignore */ /* webpackIgnore: true */ execUrl.href);
    } catch (err) {
      throw new PingflowError('load', `cannot load wasmExecUrl ${execUrl.href}: ${err.message}`, { cause: err });
    }
  }
  if (typeof globalThis.Go !== 'function') {
    const from = opts.wasmExecUrl ? `wasmExecUrl ${opts.wasmExecUrl} did not define it (is it Go's wasm_exec.js?)` : 'the wasm_exec.js that assets.js imports did not run';
    throw new PingflowError('load', `globalThis.Go is not defined: ${from}`);
  }
  const go = new globalThis.Go();
  const { instance } = await compile(wasmUrl, go.importObject);

  // The module calls READY once its namespace is installed. go.run resolves only when the Go
  // program exits, which a healthy module never does; if it exits first, loading failed.
  const ready = new Promise((resolve) => { globalThis[READY] = resolve; });
  const exited = go.run(instance).then(() => {
    throw new PingflowError('load', `the pingflow module exited before it was ready`);
  });
  try {
    const ns = await Promise.race([ready, exited]);
    exited.catch(() => {}); // a later exit surfaces as errors from the namespace's functions
    if (ns !== globalThis[NAMESPACE]) throw new PingflowError('load', `the module did not install globalThis.${NAMESPACE}`);
    // The same functions, through the module's WebAssembly exports (fastcall.js).
    useFastEntry(ns, instance.exports);
    // The round trip proves the namespace works before any client relies on it, and the module
    // must be the one this bridge was released with ("dev": built without a version, accepted).
    const { version } = call(ns, 'version');
    if (version !== VERSION && version !== 'dev') {
      throw new PingflowError('load', `the module at ${wasmUrl.href} is version ${version ?? '(none)'}, but this bridge is version ${VERSION}: serve the pingflow.wasm of the same @pingflow/bridge release (or rebuild it with \`make wasm\`)`);
    }
    return ns;
  } finally {
    delete globalThis[READY];
  }
}

/** Compiles and instantiates the module from a file (Node) or over HTTP (browsers). */
async function compile(url, importObject) {
  if (url.protocol === 'file:') {
    if (!readFile) {
      throw new PingflowError('load', `cannot load ${url.href}: this is the browser entry of @pingflow/bridge (pingflow.js), which does not read files: under Node, import '@pingflow/bridge' by name so that the "node" export condition picks pingflow.node.js, or set wasmUrl to an http(s) URL`);
    }
    let bytes;
    try {
      bytes = await readFile(url);
    } catch (err) {
      throw new PingflowError('load', `cannot read ${url.pathname} (run \`make wasm\`, or set wasmUrl): ${err.message}`, { cause: err });
    }
    return WebAssembly.instantiate(bytes, importObject);
  }
  const early = globalThis.__pingflowEarly;
  if (early?.href === url.href) {
    // The page began compiling this very URL at its top (web/js/early.js): take that module.
    delete globalThis.__pingflowEarly;
    try {
      const module = await early.compiled;
      return { instance: await WebAssembly.instantiate(module, importObject) };
    } catch {
      // fetch and compile it here
    }
  }
  let response;
  try {
    response = await fetch(url);
  } catch (err) {
    throw new PingflowError('load', `cannot fetch ${url.href}: ${err.message}`, { cause: err });
  }
  if (!response.ok) throw new PingflowError('load', `fetching ${url.href} answered HTTP ${response.status}`);
  if (typeof WebAssembly.instantiateStreaming === 'function') {
    try {
      // Compiles while the bytes arrive. It refuses a response whose Content-Type is not
      // application/wasm, which many static hosts get wrong; the clone keeps the body for
      // the fallback below.
      return await WebAssembly.instantiateStreaming(response.clone(), importObject);
    } catch {
      // fall back to compiling from a buffer
    }
  }
  return WebAssembly.instantiate(await response.arrayBuffer(), importObject);
}

/** The base for a relative wasmUrl given by the app: the page, or the working directory. */
function baseUrl() {
  if (globalThis.location?.href) return globalThis.location.href;
  return `file://${globalThis.process?.cwd?.() ?? ''}/`;
}
