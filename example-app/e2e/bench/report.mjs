// `make bench`: every benchmark in one run, then one table that puts each figure beside what it
// is measured against and beside issue 12's "Done when" threshold, and one JSON line of it all.
//   node    bridge/bench/run.mjs: module size, start in Node, per-call cost, a whole sign-on
//           through the bridge against raw fetch, wasm memory (in a process of its own)
//   go      go test -bench ./flowcore/...: the engine's ns/op
//   browser browser.mjs: the first step against a hand-written page (cold, warm; the module
//           alone beside them), the first DaVinci form (bridge, davinci-client, by hand), a
//           whole sign-on in Chromium, the module's bytes as served, wasm memory in the page. The first step and the DaVinci
//           form are timed on screen (the frame after the DOM change produced), the rows compared
//           against the thresholds; each comparison's "in the DOM" medians (the measure of
//           reports before that) follow on a line of their own and in the JSON (inDom).
// Arguments choose parts (`node bench/report.mjs browser` runs only the Chromium half); RUNS
// (default 11) is the number of page loads per kind. Benchmarks print; they never fail on timings.

import { spawn } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from '../lib/app.mjs';
import { browserBench, median } from './browser.mjs';

const parts = process.argv.slice(2).length ? new Set(process.argv.slice(2)) : new Set(['node', 'go', 'browser']);
const RUNS = Number(process.env.RUNS) || 11;
const load = () => os.loadavg().map((n) => n.toFixed(2)).join(' ');
const loadAtStart = load();

/** Runs cmd, echoing its output indented; resolves with its stdout. */
function run(cmd, args, opts) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { ...opts, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      process.stdout.write(String(d).replace(/^(?=.)/gm, '  '));
    });
    child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`${cmd} ${args.join(' ')} exited with ${code}`))));
  });
}

const results = { date: new Date().toISOString(), cpus: os.cpus().length, nodeVersion: process.version };

if (parts.has('node')) {
  console.log('== Node: bridge/bench/run.mjs');
  const out = await run(process.execPath, ['bench/run.mjs'], { cwd: path.join(ROOT, 'bridge') });
  results.node = JSON.parse(out.trim().split('\n').at(-1));
}

if (parts.has('go')) {
  console.log('== the engine: go test -bench ./flowcore/...');
  const out = await run(process.env.GO || 'go', ['test', '-run', '^$', '-bench', '.', '-benchmem', './flowcore/...'], { cwd: ROOT });
  results.engine = [...out.matchAll(/^Benchmark(\S+?)(?:-\d+)?\s+(\d+)\s+([\d.]+) ns\/op(?:.*?\s([\d.]+) B\/op\s+(\d+) allocs\/op)?/gm)]
    .map((m) => ({ name: m[1], iterations: Number(m[2]), nsPerOp: Number(m[3]), bytesPerOp: Number(m[4] ?? NaN), allocsPerOp: Number(m[5] ?? NaN) }));
}

if (parts.has('browser')) {
  console.log(`== Chromium: browser.mjs (${RUNS} page loads of each kind)`);
  const b = await browserBench({ runs: RUNS, log: (m) => console.log(`  ${m}`) });
  results.browser = b;
}

// ---- the table ----

const rows = [];
const ms = (n) => `${n.toFixed(n < 100 ? 1 : 0)} ms`;
const bytes = (n) => `${n.toLocaleString('en-US')} B`;
const mib = (n) => (n == null ? '?' : `${(n / 1048576).toFixed(2)} MiB`);
const verdict = (ok) => (ok ? 'met' : 'NOT met');
/** A row: what, pingflow's figure, the reference's, the comparison, the threshold, met or not. */
const row = (what, ours, theirs, comparison, threshold, ok) => rows.push([what, ours, theirs, comparison, threshold, ok === undefined ? '' : verdict(ok)]);
const summary = {};

if (results.browser) {
  const { first, davinci, signon, wire, found } = results.browser;
  const page = found.bundled ? '/signon/' : '/signon/ UNBUNDLED';
  const m = (xs) => median(xs);
  const plus = (n) => `${n < 0 ? '−' : '+'}${ms(Math.abs(n))}`;
  const both = (xs) => ({ signon: m(xs.signon), hand: m(xs.hand) });
  // On screen: the frame after the step reached the DOM, produced.
  const cold = both(first.cold);
  const warm = both(first.warm);
  // In the DOM: the moment reports before the on-screen one gave.
  const domCold = both(first.dom.cold);
  const domWarm = both(first.dom.warm);
  // Warm in an off-the-record context (the HTTP cache only): the earlier reports' warm measure.
  const offRecord = both(first.warmOffRecord);
  // The module alone (pages.mjs, floor.html): what the first step cannot take less than.
  const floor = { cold: m(first.cold.floor), warm: m(first.warm.floor) };
  summary.firstStep = {
    runs: RUNS, bundled: found.bundled, measure: 'on screen', cold, warm, coldPlusMs: cold.signon - cold.hand, warmPlusMs: warm.signon - warm.hand,
    warmProfile: 'on the record, filled by two visits', warmOffRecord: { ...offRecord, plusMs: offRecord.signon - offRecord.hand },
    moduleAlone: { ...floor, coldPlusMs: floor.cold - cold.hand, warmPlusMs: floor.warm - warm.hand },
    inDom: { cold: domCold, warm: domWarm, coldPlusMs: domCold.signon - domCold.hand, warmPlusMs: domWarm.signon - domWarm.hand },
  };
  row(`first step ${page} on screen, cold (median of ${RUNS})`, ms(cold.signon), `hand ${ms(cold.hand)}`, plus(cold.signon - cold.hand), '≤ hand + 200 ms', cold.signon - cold.hand <= 200);
  row(`first step ${page} on screen, warm (median of ${RUNS})`, ms(warm.signon), `hand ${ms(warm.hand)}`, plus(warm.signon - warm.hand), '≤ hand + 100 ms', warm.signon - warm.hand <= 100);
  row('  (warm off the record: HTTP cache only, as reported before)', ms(offRecord.signon), `hand ${ms(offRecord.hand)}`, plus(offRecord.signon - offRecord.hand), '', undefined);
  row('  (the module alone: fetched, compiled, Go started; no engine call)', `cold ${ms(floor.cold)}, warm ${ms(floor.warm)}`, `hand cold ${ms(cold.hand)}, warm ${ms(warm.hand)}`,
    `${plus(floor.cold - cold.hand)}, ${plus(floor.warm - warm.hand)}`, '', undefined);
  row('  (in the DOM, as reported before)', `cold ${ms(domCold.signon)}, warm ${ms(domWarm.signon)}`, `hand cold ${ms(domCold.hand)}, warm ${ms(domWarm.hand)}`,
    `${plus(domCold.signon - domCold.hand)}, ${plus(domWarm.signon - domWarm.hand)}`, '', undefined);
  const three = (xs) => ({ bridge: m(xs.bridge), sdk: m(xs.sdk), hand: m(xs.hand) });
  const dv = three(davinci);
  const dvDom = three(davinci.dom);
  summary.davinci = { runs: RUNS, measure: 'on screen', ...dv, ratio: dv.bridge / dv.sdk, inDom: { ...dvDom, ratio: dvDom.bridge / dvDom.sdk } };
  row(`first DaVinci form on screen, cold (median of ${RUNS})`, `bridge ${ms(dv.bridge)}`, `davinci-client ${ms(dv.sdk)}`, `${(dv.bridge / dv.sdk).toFixed(2)}×`, '≤ 1.5× davinci-client', dv.bridge / dv.sdk <= 1.5);
  row('  (the same form by hand)', '', `hand ${ms(dv.hand)}`, `bridge ${plus(dv.bridge - dv.hand)}`, '', undefined);
  row('  (in the DOM, as reported before)', `bridge ${ms(dvDom.bridge)}`, `davinci-client ${ms(dvDom.sdk)}, hand ${ms(dvDom.hand)}`,
    `${(dvDom.bridge / dvDom.sdk).toFixed(2)}×, bridge ${plus(dvDom.bridge - dvDom.hand)}`, '', undefined);
  const s = { bridge: m(signon.bridge), raw: m(signon.raw) };
  summary.signOnChromium = { rounds: signon.bridge.length, ...s, ratio: s.bridge / s.raw };
  row(`whole sign-on, Chromium (median of ${signon.bridge.length})`, ms(s.bridge), `raw fetch ${ms(s.raw)}`, `${(s.bridge / s.raw).toFixed(2)}×`, '≤ 1.15× raw fetch', s.bridge / s.raw <= 1.15);
  if (signon.split) {
    const sp = signon.split;
    summary.signOnChromium.split = sp;
    row('  where it goes (means)', `${ms(sp.bridge.totalMs)} = fetch ${ms(sp.bridge.fetchMs)} + module ${ms(sp.bridge.moduleMs)} + rest ${ms(sp.bridge.restMs)}`,
      `${ms(sp.raw.totalMs)} = fetch ${ms(sp.raw.fetchMs)} + rest ${ms(sp.raw.restMs)}`, '', '', undefined);
  }
  summary.wire = { identity: wire.identity.bytes, gzip: wire.gzip.bytes, br: wire.br.bytes };
  row('module served, Accept-Encoding: br', bytes(wire.br.bytes), wire.br.encoding, '', '≤ 800,000 B', wire.br.encoding === 'br' && wire.br.bytes <= 800000);
  row('module served, Accept-Encoding: gzip', bytes(wire.gzip.bytes), wire.gzip.encoding, '', '≤ 1,100,000 B (budget)', wire.gzip.bytes <= 1100000);
  row('module served, identity', bytes(wire.identity.bytes), '', '', '', undefined);
}
if (results.node) {
  const { signon, size, start } = results.node;
  summary.signOnNode = { rounds: signon.rounds, bridge: signon.bridgeMs, raw: signon.rawMs, ratio: signon.ratio };
  row(`whole sign-on, Node (median of ${signon.rounds})`, ms(signon.bridgeMs), `raw fetch ${ms(signon.rawMs)}`, `${signon.ratio.toFixed(2)}×`, '≤ 1.25× raw fetch', signon.ratio <= 1.25);
  if (signon.split) {
    const sp = signon.split;
    summary.signOnNode.split = sp;
    row('  where it goes (means)', `${ms(sp.bridge.totalMs)} = fetch ${ms(sp.bridge.fetchMs)} + module ${ms(sp.bridge.moduleMs)} + rest ${ms(sp.bridge.restMs)}`,
      `${ms(sp.raw.totalMs)} = fetch ${ms(sp.raw.fetchMs)} + rest ${ms(sp.raw.restMs)}`, '', '', undefined);
  }
  if (!results.browser) {
    row('module, brotli-11 file', bytes(size.brotli), '', '', '≤ 800,000 B', size.brotli <= 800000);
    row('module, gzip -9 file', bytes(size.gzip), '', '', '≤ 1,100,000 B (budget)', size.gzip <= 1100000);
  }
  row('module start in Node (median of 10)', ms(start.loadModuleMs), '', '', '', undefined);
}
const memories = [];
if (results.node) memories.push(['Node', results.node.signon.memory.afterFirstSignOnBytes]);
if (results.browser) memories.push(['Chromium', results.browser.signon.memoryAfterFirst]);
if (memories.length) {
  summary.memoryAfterSignOnBytes = Object.fromEntries(memories);
  const worst = Math.max(...memories.map(([, n]) => n ?? Infinity));
  row('wasm linear memory after a sign-on', memories.map(([w, n]) => `${w} ${mib(n)}`).join(', '), '', '', 'aim ≤ 8 MiB', worst <= 8 * 1048576);
}
for (const e of results.engine ?? []) {
  row(`engine ${e.name}`, `${e.nsPerOp.toLocaleString('en-US')} ns/op`, Number.isNaN(e.allocsPerOp) ? '' : `${e.bytesPerOp} B/op, ${e.allocsPerOp} allocs/op`, '', '', undefined);
}

const header = ['measure', 'pingflow', 'against', 'result', 'issue 12 "Done when"', ''];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
const line = (r) => r.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
console.log(`\n== make bench, ${results.date}: ${results.cpus} cores, load average ${loadAtStart} at the start, ${load()} at the end${results.browser ? `; Chromium ${results.browser.chromium}` : ''}; Node ${process.version}`);
console.log(line(header));
console.log(widths.map((w) => '-'.repeat(w)).join('  '));
for (const r of rows) console.log(line(r));
console.log(JSON.stringify({ ...results, summary, load: { start: loadAtStart, end: load() } }));
