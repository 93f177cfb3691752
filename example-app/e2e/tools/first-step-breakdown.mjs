// Where the first step of the sign-on page's time goes, in headless Chromium against the local
// emulator: for each phase (the HTML, the page's scripts, config.json, the bridge's scripts, the
// module's fetch, its compile, Go's start, authorize, the engine's first receive, the render) when
// it began and ended after navigation, median over RUNS cold loads (empty cache) and RUNS warm
// ones. Resource Timing gives the fetches; an init script wraps WebAssembly's compile functions,
// the module's ready callback and its namespace functions to time the rest.
//
//   cd example-app/e2e && node tools/first-step-breakdown.mjs [path, default /signon/] [--compare] [--json]
//
// --compare also starts example-app -sources (the unbundled page, as before make page) and
// interleaves its loads with the bundled page's, printing the two side by side.
// RUNS (default 9) sets the count; PINGFLOW_APP_BIN the example-app binary (else built). A tool
// for looking, not a benchmark: `make bench-e2e` is the benchmark.

import { startApp } from '../lib/app.mjs';
import { launch, launchProfile } from '../lib/browser.mjs';

const RUNS = Number(process.env.RUNS || 9);
const args = process.argv.slice(2);
const PATH = args.find((a) => !a.startsWith('--')) || '/signon/';
const JSON_OUT = args.includes('--json');

// Runs before the page's own scripts.
const INSTRUMENT = () => {
  const marks = (window.__marks = { calls: [], compiles: [], loaf: [] });
  // Long animation frames (over 50 ms) and the scripts in them: what held the main thread.
  try { new PerformanceObserver((l) => { for (const e of l.getEntries()) marks.loaf.push({ start: Math.round(e.startTime), dur: Math.round(e.duration), render: Math.round(e.renderStart ? e.startTime + e.duration - e.renderStart : 0), styleLayout: Math.round(e.styleAndLayoutStart ? e.startTime + e.duration - e.styleAndLayoutStart : 0), scripts: e.scripts.map((x) => `${x.invoker} ${x.sourceFunctionName || ''}@${x.sourceURL.split('/').pop()} ${Math.round(x.startTime)}+${Math.round(x.duration)} (layout ${Math.round(x.forcedStyleAndLayoutDuration)})`) }); }).observe({ type: 'long-animation-frame', buffered: true }); } catch {}
  const now = () => performance.now();
  const wa = WebAssembly;
  for (const fn of ['compileStreaming', 'instantiateStreaming', 'compile', 'instantiate']) {
    const orig = wa[fn];
    if (typeof orig !== 'function') continue;
    wa[fn] = function wrapped(...a) {
      const rec = { fn, start: now(), module: a[0] instanceof wa.Module };
      marks.compiles.push(rec);
      const p = orig.apply(this, a);
      p.then(() => { rec.end = now(); }, () => { rec.end = now(); rec.failed = true; });
      return p;
    };
  }
  let ready;
  Object.defineProperty(window, '__pingflowReady', {
    configurable: true,
    get: () => ready,
    set(fn) {
      ready = (...a) => { marks.ready ??= now(); return fn(...a); };
    },
  });
  let ns;
  Object.defineProperty(window, '__pingflow', {
    configurable: true,
    get: () => ns,
    set(value) {
      ns = value;
      const timed = (name, f) => (...a) => {
        const start = now();
        try {
          return f(...a);
        } finally {
          marks.calls.push({ name, start, end: now() });
        }
      };
      for (const [name, f] of Object.entries(value)) {
        if (typeof f !== 'function') continue;
        // The loader points these at the module's fast entry once it is ready: time those too.
        let current = timed(name, f);
        Object.defineProperty(value, name, { configurable: true, enumerable: true, get: () => current, set: (g) => { current = timed(name, g); } });
      }
    },
  });
  const define = customElements.define;
  customElements.define = function wrappedDefine(name, ...rest) {
    if (name === 'pingflow-signon') marks.defined = now();
    return define.call(this, name, ...rest);
  };
  const observer = new MutationObserver(() => {
    const card = document.querySelector('pingflow-signon')?.shadowRoot;
    if (!card) return;
    if (marks.cardVisible === undefined && card.querySelector('.pf-card:not([hidden])')) marks.cardVisible = now();
    if (card.querySelector('.pf-step:not([data-status="LOADING"])')) {
      marks.firstStep = now();
      observer.disconnect();
      console.log('pingflow-breakdown-done'); // what load() waits for (see there)
    }
  });
  const attach = Element.prototype.attachShadow;
  Element.prototype.attachShadow = function attachShadow(init) {
    const root = attach.call(this, init);
    if (this.localName === 'pingflow-signon') {
      marks.shadow = now();
      observer.observe(root, { childList: true, subtree: true, attributes: true });
    }
    return root;
  };
};

/** COLLECT turns the marks and Resource Timing into phases {name: [start, end]} (ms after navigation). */
const COLLECT = () => {
  const m = window.__marks;
  const res = performance.getEntriesByType('resource');
  const nav = performance.getEntriesByType('navigation')[0];
  const span = (entries) => entries.length ? [Math.min(...entries.map((e) => e.startTime)), Math.max(...entries.map((e) => e.responseEnd))] : null;
  const path = (e) => new URL(e.name).pathname;
  const isBridge = (e) => /\/bridge\/.*\.js$|\/bridge\.[A-Z0-9]+\.js$|\/pingflow(\.min)?\.js$/.test(path(e));
  const scripts = res.filter((e) => path(e).endsWith('.js') && !isBridge(e));
  const bridge = res.filter(isBridge);
  const wasm = res.filter((e) => path(e).endsWith('.wasm'));
  const css = res.filter((e) => path(e).endsWith('.css'));
  const config = res.filter((e) => path(e).endsWith('config.json'));
  const authorize = res.filter((e) => path(e).includes('/as/authorize'));
  const flows = res.filter((e) => /\/flows\//.test(path(e)));
  const compile = m.compiles.find((c) => !c.module) || m.compiles[0];
  const inst = m.compiles.find((c) => c.module && c !== compile);
  const authEnd = authorize[0]?.responseEnd ?? flows[0]?.responseEnd;
  const receive = m.calls.find((c) => c.name === 'receive' && c.start >= (authEnd ?? 0));
  const create = m.calls.find((c) => c.name === 'create');
  const phases = {
    html: [nav.startTime, nav.responseEnd],
    css: span(css),
    scripts: span(scripts),
    elementDefined: m.defined !== undefined ? [m.defined, m.defined] : null,
    config: span(config),
    bridgeScripts: span(bridge),
    wasmFetch: span(wasm),
    compile: compile?.end !== undefined ? [compile.start, compile.end] : null,
    instantiate: inst?.end !== undefined ? [inst.start, inst.end] : null,
    goStart: m.ready !== undefined ? [(inst ?? compile)?.end ?? m.ready, m.ready] : null,
    createClient: create ? [create.start, create.end] : null,
    authorize: span(authorize.length ? authorize : flows.slice(0, 1)),
    firstReceive: receive ? [receive.start, receive.end] : null,
    cardVisible: m.cardVisible !== undefined ? [m.cardVisible, m.cardVisible] : null,
    render: receive && m.firstStep ? [receive.end, m.firstStep] : null,
    firstStep: [m.firstStep, m.firstStep],
  };
  const wasmEntry = wasm[0];
  return {
    phases,
    status: document.querySelector('pingflow-signon').shadowRoot.querySelector('.pf-step')?.dataset.status,
    wasm: wasmEntry && { transfer: wasmEntry.transferSize, encoded: wasmEntry.encodedBodySize, name: path(wasmEntry) },
    calls: m.calls.filter((c) => c.start <= m.firstStep).map((c) => `${c.name} ${(c.end - c.start).toFixed(1)}`),
    compiles: m.compiles.map((c) => ({ fn: c.fn, module: c.module, ms: c.end - c.start })),
    loaf: m.loaf,
    resources: res.map((e) => ({ path: path(e), start: e.startTime, end: e.responseEnd, transfer: e.transferSize })),
  };
};

// load waits for the page's console message, not with waitForFunction: that injects Playwright's
// own script (about 330 kB) into the page first, which would then run inside the load measured.
async function load(context, base, linger = 0) {
  const page = await context.newPage();
  await page.addInitScript(INSTRUMENT);
  const done = page.waitForEvent('console', { predicate: (m) => m.text() === 'pingflow-breakdown-done', timeout: 30000 });
  await Promise.all([page.goto(base + PATH), done]);
  if (linger) await page.waitForTimeout(linger);
  const r = await page.evaluate(COLLECT);
  await page.close();
  return r;
}

const median = (xs) => {
  const s = xs.filter((x) => typeof x === 'number').sort((a, b) => a - b);
  if (!s.length) return null;
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

function summarize(runs) {
  const names = Object.keys(runs[0].phases);
  const out = {};
  for (const name of names) {
    const got = runs.map((r) => r.phases[name]).filter(Boolean);
    if (!got.length) continue;
    out[name] = { start: median(got.map((p) => p[0])), end: median(got.map((p) => p[1])), ms: median(got.map((p) => p[1] - p[0])) };
  }
  return out;
}

function table(title, s) {
  const lines = [`${title}`, `  ${'phase'.padEnd(15)} ${'start'.padStart(7)} ${'end'.padStart(7)} ${'took'.padStart(7)}   (ms after navigation, medians)`];
  for (const [name, p] of Object.entries(s)) {
    lines.push(`  ${name.padEnd(15)} ${p.start.toFixed(0).padStart(7)} ${p.end.toFixed(0).padStart(7)} ${p.ms.toFixed(0).padStart(7)}`);
  }
  return lines.join('\n');
}

function sideBySide(title, columns) {
  const names = [...new Set(columns.flatMap((c) => Object.keys(c.s)))];
  const cell = (p) => (p ? `${p.start.toFixed(0).padStart(5)} ${p.end.toFixed(0).padStart(5)} ${p.ms.toFixed(0).padStart(5)}` : '    -     -     -');
  const lines = [title, `  ${''.padEnd(15)} ${columns.map((c) => c.label.padEnd(19)).join(' ')}`,
    `  ${'phase'.padEnd(15)} ${columns.map(() => 'start   end  took  ').join(' ')} (ms after navigation, medians)`];
  for (const n of names) lines.push(`  ${n.padEnd(15)} ${columns.map((c) => `${cell(c.s[n])}  `).join(' ')}`);
  return lines.join('\n');
}

/**
 * Cold (a new off-the-record context each run) and warm loads, interleaved over the apps. Warm
 * is a returning visitor, as in make bench: a profile of its own (on the record, so V8's code
 * caches are kept), filled by two visits that each stayed LINGER_MS (default 2500) on the form.
 */
async function measure(browser, apps) {
  const out = apps.map(() => ({ cold: [], warm: [] }));
  const profiles = [];
  const linger = Number(process.env.LINGER_MS) || 2500;
  try {
    for (const app of apps) {
      const profile = await launchProfile();
      profiles.push(profile);
      for (let i = 0; i < 2; i++) await load(profile.context, app.base, linger);
    }
    for (let i = 0; i < RUNS; i++) {
      for (const [k, app] of apps.entries()) {
        const context = await browser.newContext(); // empty HTTP cache
        const r = await load(context, app.base);
        if (r.status !== 'USERNAME_PASSWORD_REQUIRED') throw new Error(`first step was ${r.status}`);
        out[k].cold.push(r);
        await context.close();
        out[k].warm.push(await load(profiles[k].context, app.base));
      }
    }
  } finally {
    for (const p of profiles) await p.close();
  }
  return out;
}

// --compare: the unbundled sources (example-app -sources: the page as it was before the bundled
// build) against the bundled page, interleaved in one browser. BEFORE_BIN and BEFORE_ROOT (an
// example-app binary and the checkout it serves, e.g. an older commit's, after its make wasm)
// add that as a first column.
const COMPARE = args.includes('--compare');
const apps = [{ label: 'bundled (make page)', app: await startApp() }];
if (COMPARE) apps.unshift({ label: '-sources', app: await startApp(undefined, { args: ['-sources'] }) });
if (process.env.BEFORE_BIN) apps.unshift({ label: 'before', app: await startApp(process.env.BEFORE_BIN, { args: ['-root', process.env.BEFORE_ROOT] }) });
const browser = await launch();
try {
  const results = await measure(browser, apps.map((a) => a.app));
  const s = results.map((r) => ({ cold: summarize(r.cold), warm: summarize(r.warm) }));
  if (apps.length > 1) {
    console.log(sideBySide(`${PATH} cold (empty cache), ${RUNS} runs each, interleaved`, apps.map((a, k) => ({ label: a.label, s: s[k].cold }))));
    console.log(sideBySide(`${PATH} warm (a returning visitor's profile, after two visits)`, apps.map((a, k) => ({ label: a.label, s: s[k].warm }))));
  } else {
    console.log(table(`${PATH} cold (empty cache), ${RUNS} runs`, s[0].cold));
    console.log(table(`${PATH} warm (a returning visitor's profile, after two visits), ${RUNS} runs`, s[0].warm));
  }
  for (const [k, r] of results.entries()) {
    const c = r.cold[Math.floor(RUNS / 2)];
    const label = apps.length > 1 ? `${apps[k].label}: ` : '';
    console.log(`${label}module ${c.wasm?.name} ${c.wasm?.transfer} B transferred cold; warm ${r.warm[0].wasm?.transfer} B`);
    console.log(`${label}compiles (one cold run): ${c.compiles.map((x) => `${x.fn}${x.module ? '(Module)' : ''} ${x.ms.toFixed(0)} ms`).join(', ')}`);
    for (const f of c.loaf ?? []) console.log(`  LoAF ${f.start}+${f.dur} (render ${f.render}, style+layout ${f.styleLayout}): ${f.scripts.join(" | ")}`);
    console.log(`${label}module calls before the first step (one cold run, ms): ${c.calls.join(', ')}`);
  }
  if (JSON_OUT) console.log(JSON.stringify({ path: PATH, runs: RUNS, results: s.map((x, k) => ({ app: apps[k].label, ...x })) }));
} finally {
  await browser.close();
  for (const a of apps) await a.app.stop();
}
