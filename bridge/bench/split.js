// Where a sign-on's time goes, for the benchmarks in Node (signon.mjs) and in a page (the
// Chromium bench serves this file beside raw.js): in fetch (wall time with at least one request
// under way, until its body is read, and no namespace call running — overlapping requests, such
// as the JWKS read beside the code exchange, count once), in the module (each namespace call, by
// name) and the rest (the caller's own JavaScript, the event loop). Plain JavaScript, no imports.

/** A tally of one kind of sign-on: how many, and the milliseconds of each part, summed. */
export const newTally = () => ({ n: 0, total: 0, fetch: 0, module: 0, calls: {} });

/**
 * splitTimer gives a fetch to sign on with and wrap(ns) for the module's namespace; time is
 * counted into the tally given to count() (nothing while it is null).
 */
export function splitTimer() {
  let inFlight = 0;
  let since = 0;
  let tally = null;
  const timedFetch = async (url, init) => {
    if (inFlight++ === 0) since = performance.now();
    try {
      const res = await fetch(url, init);
      const body = await res.arrayBuffer();
      return new Response(body, { status: res.status, statusText: res.statusText, headers: res.headers });
    } finally {
      if (--inFlight === 0 && tally) tally.fetch += performance.now() - since;
    }
  };
  /** Wraps every function of ns in place; returns a function that puts the originals back. */
  const wrap = (ns) => {
    const originals = {};
    for (const [name, fn] of Object.entries(ns)) {
      if (typeof fn !== 'function') continue;
      originals[name] = fn;
      ns[name] = (...args) => {
        const t = performance.now();
        if (inFlight > 0 && tally) tally.fetch += t - since; // a call while a request is under way is the module's
        try {
          return fn(...args);
        } finally {
          const end = performance.now();
          if (tally) {
            tally.module += end - t;
            tally.calls[name] = (tally.calls[name] ?? 0) + end - t;
          }
          if (inFlight > 0) since = end;
        }
      };
    }
    return () => Object.assign(ns, originals);
  };
  return { fetch: timedFetch, wrap, count: (t) => { tally = t; } };
}
