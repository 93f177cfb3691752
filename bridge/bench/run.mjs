// `make bench` for the bridge: module size, start time in Node (median of 10 fresh processes)
// and per-call overhead through the bridge (median of 1,000 calls). Measured and printed, never
// asserted: timings depend on the machine.
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import { callOverhead } from './calls.mjs';

const wasmPath = fileURLToPath(new URL('../pingflow.wasm', import.meta.url));
const startScript = fileURLToPath(new URL('./start.mjs', import.meta.url));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const kb = (n) => `${(n / 1000).toFixed(1)} kB`;

function sizes() {
  const bytes = readFileSync(wasmPath);
  const gzip = execFileSync('gzip', ['-9', '-c', wasmPath], { maxBuffer: 64 << 20 }).length;
  const brotli = zlib.brotliCompressSync(bytes, {
    params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
  }).length;
  return { raw: statSync(wasmPath).size, gzip, brotli };
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

const size = sizes();
console.log(`module size   raw ${kb(size.raw)} (${size.raw} B), gzip -9 ${kb(size.gzip)} (${size.gzip} B), brotli ${kb(size.brotli)} (${size.brotli} B)`);
const start = startTimes();
console.log(`module start  median of ${start.runs} fresh Node processes: loadModule ${start.loadModuleMs.toFixed(1)} ms, ready ${start.sinceProcessStartMs.toFixed(1)} ms after process start`);
const calls = await callOverhead(1000);
for (const [name, s] of Object.entries(calls)) {
  console.log(`call ${name.padEnd(8)} median ${s.medianUs.toFixed(1)} µs, p95 ${s.p95Us.toFixed(1)} µs over ${s.n} calls`);
}
console.log(JSON.stringify({ size, start, calls }));
