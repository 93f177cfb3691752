// Tabs: one refresh at a time across the tabs of an origin (Web Locks), and the outcome shared
// with them (BroadcastChannel). Where either is missing (Node, old browsers), the in-process
// single flight in tokens.js is all there is.

/**
 * Runs fn holding the exclusive Web Lock name, across the tabs of the origin; without Web Locks
 * it just runs fn.
 */
export function withLock(name, fn) {
  const locks = globalThis.navigator?.locks;
  if (typeof locks?.request !== 'function') return fn();
  return locks.request(name, { mode: 'exclusive' }, () => fn());
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

/** Lets messages already posted by other tabs arrive (they are delivered as tasks). */
export function settle() {
  return new Promise((resolve) => { setTimeout(resolve, 0); });
}
