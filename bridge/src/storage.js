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
 * The memory storages defaultStorage made: each belongs to one client, and nothing else holds
 * it, so it can be read only by that client, whose engine already holds the flow (client.js
 * takes no snapshot into it).
 */
export const privateStorages = new WeakSet();

/**
 * sessionStorage where there is one: it is per tab and cleared when the tab closes, which suits a
 * snapshot that holds a PKCE verifier. Reading the property can throw (sandboxed iframes,
 * storage disabled), hence the try. Elsewhere a memory storage of the client's own.
 */
export function defaultStorage() {
  try {
    if (globalThis.sessionStorage) return globalThis.sessionStorage;
  } catch {
    // fall through to memory
  }
  const storage = memoryStorage();
  privateStorages.add(storage);
  return storage;
}
