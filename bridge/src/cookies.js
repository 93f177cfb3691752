// A small RFC 6265 cookie store for hosts without one (Node). A browser's fetch keeps PingOne's
// session cookie (ST) itself when credentials are 'include'; Node's fetch ignores credentials,
// so without this store the cookie set during the flow would never reach /as/resume and every
// embedded sign-on would end in "session cookie missing".

const loopback = (host) => host === 'localhost' || host.endsWith('.localhost') || host === '[::1]' || /^127\./.test(host);

/** Whether host is inside domain (RFC 6265 §5.1.3). IP addresses only match themselves. */
function domainMatch(host, domain) {
  if (host === domain) return true;
  const isIP = /^[\d.]+$/.test(host) || host.startsWith('[');
  return !isIP && host.endsWith('.' + domain);
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

export class CookieJar {
  /** @type {Map<string, {name:string, value:string, domain:string, hostOnly:boolean, path:string, expires:number, secure:boolean}>} */
  #cookies = new Map();
  #now;

  /** @param {{ now?: () => number }} [opts] now in milliseconds, for tests of expiry */
  constructor(opts = {}) {
    this.#now = opts.now ?? Date.now;
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
      if (c.expires <= this.#now()) this.#cookies.delete(key); // Max-Age=0 or a past Expires deletes
      else this.#cookies.set(key, c);
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
        this.#cookies.delete(key);
        continue;
      }
      if (c.hostOnly ? host !== c.domain : !domainMatch(host, c.domain)) continue;
      if (!pathMatch(url.pathname || '/', c.path)) continue;
      if (c.secure && !secureChannel) continue;
      matching.push(c);
    }
    // Longer paths first, as RFC 6265 §5.4 asks, so the most specific cookie wins on the server.
    matching.sort((a, b) => b.path.length - a.path.length);
    return matching.map((c) => `${c.name}=${c.value}`).join('; ');
  }

  /** Forgets every cookie. */
  clear() {
    this.#cookies.clear();
  }

  /** The number of live cookies (for tests and the debug log; values are never exposed). */
  get size() {
    return this.#cookies.size;
  }

  #parse(url, line) {
    const [pair, ...attrs] = line.split(';');
    const eq = pair.indexOf('=');
    if (eq <= 0) return null;
    const c = {
      name: pair.slice(0, eq).trim(), value: pair.slice(eq + 1).trim(),
      domain: url.hostname.toLowerCase(), hostOnly: true, path: defaultPath(url),
      expires: Infinity, secure: false,
    };
    let maxAge = null;
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
        case 'domain': {
          const d = value.replace(/^\./, '').toLowerCase();
          if (!d) break;
          if (!domainMatch(c.domain, d)) return null; // a host may not set cookies for another
          c.domain = d;
          c.hostOnly = false;
          break;
        }
        case 'path':
          if (value.startsWith('/')) c.path = value;
          break;
        case 'secure':
          c.secure = true;
          break;
        default: // HttpOnly, SameSite: about scripts and cross-site browsing, moot here
      }
    }
    // Max-Age wins over Expires (RFC 6265 §5.3 step 3).
    if (maxAge !== null) c.expires = maxAge <= 0 ? -Infinity : this.#now() + maxAge * 1000;
    return c;
  }
}
