// `make bench-bridge` (and the Node part of `make bench`): module size, start time in Node
// (median of 10 fresh processes), per-call overhead through the bridge (median of 1,000 calls),
// and a whole password sign-on through the bridge against the same requests by hand (signon.mjs,
// against the emulator), with the module's linear memory. Measured and printed, never asserted:
// timings depend on the machine. The last line is the JSON of it all.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import { callOverhead } from './calls.mjs';
import { signOnBench, watchInstances } from './signon.mjs';

const wasmPath = fileURLToPath(new URL('../pingflow.wasm', import.meta.url));
const startScript = fileURLToPath(new URL('./start.mjs', import.meta.url));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const kb = (n) => `${(n / 1000).toFixed(1)} kB`;

/** Raw, gzip -9 and brotli-11 bytes: of the files make wasm wrote beside it, else computed. */
function sizes() {
  const bytes = readFileSync(wasmPath);
  const made = (ext) => existsSync(wasmPath + ext) && statSync(wasmPath + ext).mtimeMs >= statSync(wasmPath).mtimeMs;
  const gzip = made('.gz') ? statSync(`${wasmPath}.gz`).size : execFileSync('gzip', ['-9', '-n', '-c', wasmPath], { maxBuffer: 64 << 20 }).length;
  const brotli = made('.br') ? statSync(`${wasmPath}.br`).size : zlib.brotliCompressSync(bytes, {
    params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
  }).length;
  return { raw: bytes.length, gzip, brotli };
}

function startTimes(runs = 10) {
  const samples = [];
  for (let i = 0; i < runs; i++) samples.push(JSON.parse(execFileSync(process.execPath, [startScript], { encoding: 'utf8' })));
  return {
    runs,
    loadModuleMs: median(samples.map((s) => s.loadModule)),
    sinceProcessStartMs: median(samples.map((s) => s.sinceProcessStart)),
  };
}

const memory = watchInstances(); // before anything loads the module
const size = sizes();
console.log(`module size   raw ${kb(size.raw)} (${size.raw} B), gzip -9 ${kb(size.gzip)} (${size.gzip} B), brotli ${kb(size.brotli)} (${size.brotli} B)`);
const start = startTimes();
console.log(`module start  median of ${start.runs} fresh Node processes: loadModule ${start.loadModuleMs.toFixed(1)} ms, ready ${start.sinceProcessStartMs.toFixed(1)} ms after process start`);
const signon = await signOnBench({ rounds: Number(process.env.SIGNON_ROUNDS) || 200, memory });
console.log(`sign-on       median of ${signon.rounds} interleaved password sign-ons (authorize, check, resume, token with the JWKS beside it, ID token signature): bridge ${signon.bridgeMs.toFixed(2)} ms, by hand ${signon.rawMs.toFixed(2)} ms, ${signon.ratio.toFixed(2)}×`);
const mib = (n) => `${(n / 1048576).toFixed(2)} MiB`;
console.log(`wasm memory   ${mib(signon.memory.loadedBytes)} once loaded, ${mib(signon.memory.afterFirstSignOnBytes)} after the first sign-on, ${mib(signon.memory.afterAllBytes)} after all of them`);
const split = (s) => `${s.totalMs.toFixed(2)} ms = fetch ${s.fetchMs.toFixed(2)} + module ${s.moduleMs.toFixed(2)} + the rest ${s.restMs.toFixed(2)}`;
console.log(`  where it goes (means): bridge ${split(signon.split.bridge)}; by hand ${split(signon.split.raw)}`);
console.log(`  module calls per sign-on: ${Object.entries(signon.split.bridge.calls).map(([k, v]) => `${k} ${(v * 1000).toFixed(0)} µs`).join(', ')}`);
const calls = await callOverhead(1000);
for (const [name, s] of Object.entries(calls)) {
  console.log(`call ${name.padEnd(8)} median ${s.medianUs.toFixed(1)} µs, p95 ${s.p95Us.toFixed(1)} µs over ${s.n} calls`);
}
console.log(JSON.stringify({ size, start, calls, signon }));
