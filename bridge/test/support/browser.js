// What a browser does between pages, for the social sign-on tests: follows redirects with its
// cookies, reads an HTML form and posts it. The cookie jar is the one the client uses, so the
// identity provider's legs and the flow's requests share cookies as in one browser.
import assert from 'node:assert/strict';

const decode = (s) => s.replace(/&(amp|lt|gt|quot|#39|#x27|#x2F);/g, (_, e) => ({
  amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", '#x27': "'", '#x2F': '/',
})[e]);

function attrs(tag) {
  const out = {};
  for (const m of tag.matchAll(/([\w:-]+)\s*=\s*("([^"]*)"|'([^']*)'|([^\s>]+))/g)) {
    out[m[1].toLowerCase()] = decode(m[3] ?? m[4] ?? m[5]);
  }
  return out;
}

/** The first <form> of a page: its action (absolute), method and inputs (name → {type, value}). */
export function readForm(html, pageUrl) {
  const open = html.match(/<form\b[^>]*>/i);
  assert.ok(open, `no form on ${pageUrl}:\n${html.slice(0, 500)}`);
  const a = attrs(open[0]);
  const body = html.slice(open.index, html.indexOf('</form>', open.index) + 1 || undefined);
  const inputs = {};
  for (const m of body.matchAll(/<(input|button)\b[^>]*>/gi)) {
    const i = attrs(m[0]);
    if (i.name) inputs[i.name] = { type: (i.type ?? 'text').toLowerCase(), value: i.value ?? '' };
  }
  return { action: new URL(a.action ?? '', pageUrl).href, method: (a.method ?? 'GET').toUpperCase(), inputs };
}

/**
 * One navigation: a request with the jar's cookies, Set-Cookie stored. Returns {status,
 * location (absolute), html}.
 */
export async function visit(jar, url, { method = 'GET', form } = {}) {
  const headers = { cookie: jar.header(url) };
  let body;
  if (form) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(form).toString();
  }
  const res = await fetch(url, { method, headers, body, redirect: 'manual' });
  jar.store(url, res.headers.getSetCookie());
  const location = res.headers.get('location');
  return { status: res.status, location: location ? new URL(location, url).href : null, html: await res.text() };
}

/**
 * Follows redirects from url (method/form for the first request) until a page answers 200, or
 * until a redirect leads to an address starting with stopAt (the application's page, which
 * the browser would load and the test hands to the client instead). Returns {url, html} of the
 * page, or {url} of the address reached.
 */
export async function follow(jar, url, { stopAt, method, form } = {}) {
  let next = { url, method, form };
  for (let hops = 0; hops < 15; hops++) {
    if (stopAt && next.url.startsWith(stopAt)) return { url: next.url };
    const r = await visit(jar, next.url, next);
    if (r.status >= 300 && r.status < 400 && r.location) {
      next = { url: r.location };
      continue;
    }
    assert.equal(r.status, 200, `${next.url} answered ${r.status}: ${r.html.slice(0, 300)}`);
    return { url: next.url, html: r.html };
  }
  throw new Error(`too many redirects from ${url}`);
}

/**
 * The identity provider's sign-in: from the URL the client sent the browser to, through the
 * provider's sign-in form (values fill its inputs by name), back to the address starting with
 * returnTo. Returns that address.
 */
export async function signInAtIdP(jar, url, values, returnTo) {
  const page = await follow(jar, url, { stopAt: returnTo });
  assert.ok(page.html !== undefined, `expected the provider's sign-in page, reached ${page.url}`);
  const form = readForm(page.html, page.url);
  // The inputs, and of the buttons only the one clicked (named in values), as a browser sends.
  const fields = Object.fromEntries(Object.entries(form.inputs)
    .filter(([, i]) => i.type !== 'submit' && i.type !== 'button')
    .map(([name, i]) => [name, i.value]));
  for (const [name, value] of Object.entries(values)) {
    assert.ok(name in form.inputs, `the sign-in form has no ${name} input: ${Object.keys(form.inputs)}`);
    fields[name] = value;
  }
  const back = await follow(jar, form.action, { method: form.method, form: fields, stopAt: returnTo });
  assert.ok(back.url.startsWith(returnTo), `the provider did not send the browser back to ${returnTo}: ${back.url}\n${back.html?.slice(0, 400)}`);
  return back.url;
}
