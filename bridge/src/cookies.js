// A small RFC 6265 cookie store for hosts without one (Node). A browser's fetch keeps PingOne's
// session cookie (ST) itself when credentials are 'include'; Node's fetch ignores credentials,
// so without this store the cookie set during the flow would never reach /as/resume and every
// embedded sign-on would end in "session cookie missing".
//
// Public suffixes (RFC 6265 §5.3 step 5): a Domain attribute naming one (com, co.uk,
// github.io...) is refused, unless it is the host itself (then the cookie is host-only). The list
// comes from the npm package tldts, which the Node entry (pingflow.node.js) installs with
// setPublicSuffixList; the browser entry never imports it (a browser keeps its own cookies).
// Without a list, a Domain attribute is honoured only when it names the host itself.
//
// Caps, as browsers have: at most 50 cookies per domain and 3000 in all; past either, the
// oldest go first.

const loopback = (host) => host === 'localhost' || host.endsWith('.localhost') || host === '[::1]' || /^127\./.test(host);
const isIP = (host) => /^[\d.]+$/.test(host) || host.startsWith('[');

/** Whether host is inside domain (RFC 6265 §5.1.3). IP addresses only match themselves. */
function domainMatch(host, domain) {
  if (host === domain) return true;
  return !isIP(host) && host.endsWith('.' + domain);
}

/** RFC 6265 §5.1.4 path-match. */
function pathMatch(requestPath, cookiePath) {
  if (requestPath === cookiePath) return true;
  if (!requestPath.startsWith(cookiePath)) return false;
  return cookiePath.endsWith('/') || requestPath[cookiePath.length] === '/';
}

/** The default path of a cookie set by a response to url (RFC 6265 §5.1.4). */
function defaultPath(url) {
  const p = url.pathname;
  if (!p.startsWith('/') || p.lastIndexOf('/') === 0) return '/';
  return p.slice(0, p.lastIndexOf('/'));
}

/** (domain) => whether it is a public suffix; null: no list (see above). */
let publicSuffix = null;

/**
 * Installs the public suffix list the jars consult: isPublicSuffix(domain) is true for com,
 * co.uk, github.io... The Node entry installs tldts's.
 * @param {((domain: string) => boolean) | null} isPublicSuffix
 */
export function setPublicSuffixList(isPublicSuffix) {
  publicSuffix = isPublicSuffix;
}

export class CookieJar {
  /** @type {Map<string, {name:string, value:string, domain:string, hostOnly:boolean, path:string, expires:number, secure:boolean, created:number}>} */
  #cookies = new Map();
  #now;
  #perDomain;
  #total;
  #created = 0; // creation order (RFC 6265 keeps a cookie's creation time across replacements)
  #counts = new Map(); // domain → how many cookies it has

  /**
   * @param {{ now?: () => number, maxPerDomain?: number, maxTotal?: number }} [opts] now in
   *   milliseconds, for tests of expiry; the caps (50 per domain, 3000 in all)
   */
  constructor(opts = {}) {
    this.#now = opts.now ?? Date.now;
    this.#perDomain = opts.maxPerDomain ?? 50;
    this.#total = opts.maxTotal ?? 3000;
  }

  /**
   * Stores the cookies of a response.
   * @param {string | URL} requestUrl the URL the response answered
   * @param {string[]} setCookies the Set-Cookie header values (headers.getSetCookie())
   */
  store(requestUrl, setCookies) {
    const url = new URL(requestUrl);
    for (const line of setCookies) {
      const c = this.#parse(url, line);
      if (!c) continue;
      const key = `${c.domain};${c.path};${c.name}`;
      const old = this.#cookies.get(key);
      this.#drop(key); // re-inserted last: the map stays in creation order
      if (c.expires <= this.#now()) continue; // Max-Age=0 or a past Expires deletes
      c.created = old ? old.created : ++this.#created;
      this.#cookies.set(key, c);
      this.#counts.set(c.domain, (this.#counts.get(c.domain) ?? 0) + 1);
      if (old) this.#reorder();
      this.#evict(c.domain);
    }
  }

  /**
   * The Cookie header value for a request to url, or '' when no cookie applies.
   * @param {string | URL} requestUrl
   */
  header(requestUrl) {
    const url = new URL(requestUrl);
    const host = url.hostname.toLowerCase();
    const secureChannel = url.protocol === 'https:' || loopback(host);
    const now = this.#now();
    const matching = [];
    for (const [key, c] of this.#cookies) {
      if (c.expires <= now) {
        this.#drop(key);
        continue;
      }
      if (c.hostOnly ? host !== c.domain : !domainMatch(host, c.domain)) continue;
      if (!pathMatch(url.pathname || '/', c.path)) continue;
      if (c.secure && !secureChannel) continue;
      matching.push(c);
    }
    // Longer paths first, then older ones, as RFC 6265 §5.4 asks.
    matching.sort((a, b) => b.path.length - a.path.length || a.created - b.created);
    return matching.map((c) => `${c.name}=${c.value}`).join('; ');
  }

  /** Forgets every cookie. */
  clear() {
    this.#cookies.clear();
    this.#counts.clear();
  }

  /** The number of live cookies (for tests and the debug log; values are never exposed). */
  get size() {
    return this.#cookies.size;
  }

  /** Keeps the map in creation order after a replacement kept an old creation time. */
  #reorder() {
    const sorted = [...this.#cookies].sort((a, b) => a[1].created - b[1].created);
    this.#cookies = new Map(sorted);
  }

  #drop(key) {
    const c = this.#cookies.get(key);
    if (!c) return;
    this.#cookies.delete(key);
    const n = this.#counts.get(c.domain) - 1;
    if (n > 0) this.#counts.set(c.domain, n);
    else this.#counts.delete(c.domain);
  }

  /** Past a cap: drops the oldest of domain past its cap, then the oldest past the total. */
  #evict(domain) {
    if (this.#counts.get(domain) <= this.#perDomain && this.#cookies.size <= this.#total) return;
    for (const [key, c] of this.#cookies) {
      if (!(this.#counts.get(domain) > this.#perDomain)) break;
      if (c.domain === domain) this.#drop(key);
    }
    for (const key of this.#cookies.keys()) {
      if (this.#cookies.size <= this.#total) break;
      this.#drop(key);
    }
  }

  #parse(url, line) {
    const [pair, ...attrs] = line.split(';');
    const eq = pair.indexOf('=');
    if (eq <= 0) return null;
    const host = url.hostname.toLowerCase();
    const c = {
      name: pair.slice(0, eq).trim(), value: pair.slice(eq + 1).trim(),
      domain: host, hostOnly: true, path: defaultPath(url),
      expires: Infinity, secure: false, created: 0,
    };
    if (!c.name) return null;
    let maxAge = null;
    let domain = '';
    for (const attr of attrs) {
      const i = attr.indexOf('=');
      const name = (i < 0 ? attr : attr.slice(0, i)).trim().toLowerCase();
      const value = i < 0 ? '' : attr.slice(i + 1).trim();
      switch (name) {
        case 'max-age':
          if (/^-?\d+$/.test(value)) maxAge = Number(value);
          break;
        case 'expires': {
          const t = Date.parse(value);
          if (!Number.isNaN(t)) c.expires = t;
          break;
        }
        case 'domain': // the last one counts (RFC 6265 §5.3 step 4)
          domain = value.replace(/^\./, '').toLowerCase();
          break;
        case 'path': // a value not starting with / means the default path (§5.2.4)
          c.path = value.startsWith('/') ? value : defaultPath(url);
          break;
        case 'secure':
          c.secure = true;
          break;
        default: // HttpOnly, SameSite: about scripts and cross-site browsing, moot here
      }
    }
    if (domain) {
      // A public suffix (without a list: any domain but the host itself) is refused, unless it
      // is the host, whose cookie it then stays (§5.3 step 5); a domain that does not cover the
      // host is refused (step 6).
      const suffix = isIP(domain) ? false : publicSuffix ? publicSuffix(domain) : domain !== host;
      if (suffix && domain !== host) return null;
      if (!suffix) {
        if (!domainMatch(host, domain)) return null;
        c.domain = domain;
        c.hostOnly = false;
      }
    }
    // Max-Age wins over Expires (RFC 6265 §5.3 step 3).
    if (maxAge !== null) c.expires = maxAge <= 0 ? -Infinity : this.#now() + maxAge * 1000;
    return c;
  }
}
