// Where snapshots live between page loads. Any object with the Web Storage methods
// getItem/setItem/removeItem works (they may also return promises).

/** A storage that lasts as long as the process or page: the default outside browsers. */
export function memoryStorage() {
  const items = new Map();
  return {
    getItem: (key) => (items.has(key) ? items.get(key) : null),
    setItem: (key, value) => { items.set(key, String(value)); },
    removeItem: (key) => { items.delete(key); },
  };
}

/**
 * sessionStorage where there is one: it is per tab and cleared when the tab closes, which suits a
 * snapshot that holds a PKCE verifier. Reading the property can throw (sandboxed iframes,
 * storage disabled), hence the try.
 */
export function defaultStorage() {
  try {
    if (globalThis.sessionStorage) return globalThis.sessionStorage;
  } catch {
    // fall through to memory
  }
  return memoryStorage();
}
