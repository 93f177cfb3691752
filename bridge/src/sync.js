// Tabs: one refresh at a time across the tabs of an origin (Web Locks), and the outcome shared
// with them (BroadcastChannel). Where either is missing (Node, old browsers), the in-process
// single flight in tokens.js is all there is.

/**
 * Runs fn(waited) holding the exclusive Web Lock name, across the tabs of the origin; waited is
 * true when another tab held it first (its outcome may still be on its way: see settle). Without
 * Web Locks it just runs fn(false).
 */
export async function withLock(name, fn) {
  const locks = globalThis.navigator?.locks;
  if (typeof locks?.request !== 'function') return fn(false);
  const none = Symbol('busy');
  const first = await locks.request(name, { ifAvailable: true }, (lock) => (lock ? fn(false) : none));
  if (first !== none) return first;
  return locks.request(name, () => fn(true));
}

/**
 * A channel to the other tabs of the origin, or null without BroadcastChannel. onMessage gets
 * what another tab posted ({type: 'tokens', tokens} or {type: 'signedOut'}).
 */
export function openChannel(name, onMessage) {
  if (typeof globalThis.BroadcastChannel !== 'function') return null;
  const ch = new globalThis.BroadcastChannel(name);
  ch.onmessage = (event) => {
    const msg = event?.data;
    if (msg && typeof msg === 'object' && typeof msg.type === 'string') onMessage(msg);
  };
  ch.unref?.(); // Node: an open channel must not keep the process alive
  return {
    post(msg) {
      try {
        ch.postMessage(msg);
      } catch {
        // a closed channel: the other tabs find out at their next refresh
      }
    },
    close() { ch.close(); },
  };
}

/**
 * Lets messages already posted by other tabs arrive: they are delivered as tasks, and a tab that
 * waited for the lock gives the one that held it a moment more for its broadcast to land.
 */
export function settle(waited) {
  return new Promise((resolve) => { setTimeout(resolve, waited ? 50 : 0); });
}
