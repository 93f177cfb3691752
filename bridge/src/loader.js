import { PingflowError } from './errors.js';
import { call } from './engine.js';

// Loads wasm_exec.js and the module once per page or process. Every client shares the one
// instance: the module keeps any number of engines in its handle table, and a second copy would
// cost another few megabytes of memory and a second compile.

const NAMESPACE = '__pingflow';
const READY = '__pingflowReady';

let loading = null;

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

async function instantiate(opts) {
  const wasmUrl = new URL(opts.wasmUrl ?? './pingflow.wasm', opts.wasmUrl ? baseUrl() : new URL('../', import.meta.url));
  const execUrl = new URL(opts.wasmExecUrl ?? './wasm_exec.js', opts.wasmExecUrl ? baseUrl() : new URL('../', import.meta.url));
  if (typeof globalThis.Go !== 'function') {
    try {
      await import(execUrl.href); // a classic script that defines globalThis.Go
    } catch (err) {
      throw new PingflowError('load', `cannot load ${execUrl.href} (run \`make wasm\`, or set wasmExecUrl): ${err.message}`, { cause: err });
    }
    if (typeof globalThis.Go !== 'function') {
      throw new PingflowError('load', `${execUrl.href} did not define Go; is it Go's wasm_exec.js?`);
    }
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
    call(ns, 'version'); // proves the round trip works before any client relies on it
    return ns;
  } finally {
    delete globalThis[READY];
  }
}

/** Compiles and instantiates the module from a file (Node) or over HTTP (browsers). */
async function compile(url, importObject) {
  if (url.protocol === 'file:') {
    const { readFile } = await import('node:fs/promises');
    let bytes;
    try {
      bytes = await readFile(url);
    } catch (err) {
      throw new PingflowError('load', `cannot read ${url.pathname} (run \`make wasm\`, or set wasmUrl): ${err.message}`, { cause: err });
    }
    return WebAssembly.instantiate(bytes, importObject);
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
