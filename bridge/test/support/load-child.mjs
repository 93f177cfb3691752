// Loads the module in a fresh process (the module is loaded once per process, so each loading
// path needs its own) and prints what happened as JSON. argv[2]: loadModule's options as JSON;
// argv[3]: 'browser' to import the browser entry (pingflow.js) instead of the Node one.
const entry = process.argv[3] === 'browser' ? '../../pingflow.js' : '../../pingflow.node.js';
const { createClient, loadModule } = await import(entry);

const streaming = [];
const original = WebAssembly.instantiateStreaming;
WebAssembly.instantiateStreaming = async (...args) => {
  try {
    const r = await original(...args);
    streaming.push('ok');
    return r;
  } catch (err) {
    streaming.push(`refused: ${err.message}`);
    throw err;
  }
};

const out = { streaming };
try {
  const ns = await loadModule(JSON.parse(process.argv[2] ?? '{}'));
  out.version = JSON.parse(ns.version()).value.version;
  out.execMarker = globalThis.__pingflowExecMarker ?? null;
  // Two clients later, still one module: loadModule's promise is shared.
  const config = { authPath: 'http://127.0.0.1:9', envId: '281f15cd-3029-4413-abb8-280c92062e95', clientId: 'c', redirectUri: 'http://127.0.0.1/cb' };
  await createClient(config);
  await createClient(config);
  out.ok = true;
} catch (err) {
  out.ok = false;
  out.code = err.code;
  out.message = err.message;
}
process.stdout.write(JSON.stringify(out));
