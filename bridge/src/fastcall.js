// The module's fast entry (wasm/fastcall.go): the namespace's functions, called as WebAssembly
// exports with their arguments written into the module's memory, instead of as js.FuncOf
// callbacks, each of which costs tens of microseconds in Go's event machinery before the engine
// does any work. The namespace object stays what the bridge and every tool use: its functions
// are replaced in place by ones that take and return the same values through the fast entry.

const encoder = new TextEncoder();
const decoder = new TextDecoder();

// Tags of the values in a call (see wasm/fastcall.go).
const TAG = { string: 0x73, number: 0x6e, undefined: 0x75, null: 0x6c, boolean: 0x62, object: 0x6f, function: 0x66, symbol: 0x79 };

/**
 * Points the namespace's functions at the module's fast entry, when the module has one (a
 * module built before it had none: its namespace is then left as it is). Returns whether it did.
 * @param {Record<string, unknown>} ns the namespace the module installed
 * @param {WebAssembly.Exports} exports the instance's exports
 */
export function useFastEntry(ns, exports) {
  const call = fastCaller(exports);
  if (!call) return false;
  for (const name of Object.keys(ns)) {
    if (typeof ns[name] === 'function') ns[name] = (...args) => call(name, args);
  }
  return true;
}

/**
 * A function (name, args) → the export's result string, or null without a fast entry.
 * @param {WebAssembly.Exports} exports
 */
export function fastCaller(exports) {
  const { pingflow_in: input, pingflow_call: run, pingflow_out: output, mem } = exports ?? {};
  if (typeof input !== 'function' || typeof run !== 'function' || typeof output !== 'function' || !(mem instanceof WebAssembly.Memory)) return null;
  return (name, args) => {
    // A UTF-16 code unit is at most 3 bytes of UTF-8.
    let size = 5 + name.length * 3;
    for (const a of args) size += typeof a === 'string' ? 5 + a.length * 3 : 9;
    const at = input(size);
    if (at === 0) return tooLarge(name, size);
    // Views after input(): it may have grown the memory, which detaches older ones.
    const bytes = new Uint8Array(mem.buffer, at, size);
    const view = new DataView(mem.buffer, at, size);
    let i = putString(bytes, view, 0, name);
    for (const a of args) {
      const type = a === null ? 'null' : typeof a;
      if (type === 'string') {
        i = putString(bytes, view, i, a);
      } else if (type === 'number') {
        bytes[i] = TAG.number;
        view.setFloat64(i + 1, a, true);
        i += 9;
      } else {
        bytes[i++] = TAG[type] ?? TAG.object; // bigint: refused as a value of another type
      }
    }
    const n = run(i);
    return decoder.decode(new Uint8Array(mem.buffer, output(), n));
  };
}

// What the module answers for a call it cannot take (pingflow_in refuses over 256 MiB).
function tooLarge(name, size) {
  return JSON.stringify({ ok: false, error: { code: 'bad_argument', message: `${name}: the call's arguments are too large (up to ${size} bytes; the module takes at most 256 MiB)` } });
}

function putString(bytes, view, i, s) {
  bytes[i] = TAG.string;
  const { written } = encoder.encodeInto(s, bytes.subarray(i + 5));
  view.setUint32(i + 1, written, true);
  return i + 5 + written;
}
