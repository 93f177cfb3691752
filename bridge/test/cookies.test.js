// The cookie jar used where fetch keeps no cookies (Node).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CookieJar } from '../pingflow.node.js';
import { setPublicSuffixList } from '../src/cookies.js';
import { isPublicSuffix } from '../src/public-suffix.node.js';

const installNodeList = () => setPublicSuffixList(isPublicSuffix);

const base = 'http://127.0.0.1:9000';
const env = `${base}/281f15cd`;

test('a cookie is sent only under its Path', () => {
  const jar = new CookieJar();
  jar.store(`${env}/as/authorize?x=1`, ['ST=abc; Path=/281f15cd; HttpOnly']);
  assert.equal(jar.header(`${env}/as/resume?flowId=f`), 'ST=abc');
  assert.equal(jar.header(`${env}`), 'ST=abc');
  assert.equal(jar.header(`${base}/other/as/resume`), '');
  assert.equal(jar.header(`${base}/281f15cdX/as`), '', 'a path prefix must end at a slash');
});

test('without Path, the default path is the request path up to its last slash', () => {
  const jar = new CookieJar();
  jar.store(`${env}/as/authorize`, ['a=1']);
  assert.equal(jar.header(`${env}/as/token`), 'a=1');
  assert.equal(jar.header(`${env}/flows/1`), '');
});

test('cookies are per host', () => {
  const jar = new CookieJar();
  jar.store(`${base}/`, ['a=1; Path=/']);
  assert.equal(jar.header('http://127.0.0.2:9000/'), '');
  assert.equal(jar.header('http://127.0.0.1:9001/'), 'a=1', 'ports do not separate cookies (RFC 6265 §8.5)');
});

test('Max-Age expires a cookie, and Max-Age=0 deletes it', () => {
  let now = 1_000_000;
  const jar = new CookieJar({ now: () => now });
  jar.store(`${base}/`, ['a=1; Path=/; Max-Age=10', 'b=2; Path=/']);
  assert.equal(jar.header(`${base}/`), 'a=1; b=2');
  now += 11_000;
  assert.equal(jar.header(`${base}/`), 'b=2');
  jar.store(`${base}/`, ['b=; Path=/; Max-Age=0']);
  assert.equal(jar.header(`${base}/`), '');
  assert.equal(jar.size, 0);
});

test('Expires in the past deletes; Max-Age wins over Expires', () => {
  const jar = new CookieJar();
  jar.store(`${base}/`, ['a=1; Path=/', 'b=2; Path=/']);
  jar.store(`${base}/`, ['a=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT']);
  jar.store(`${base}/`, ['b=3; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=60']);
  assert.equal(jar.header(`${base}/`), 'b=3');
});

test('a later Set-Cookie replaces the value; longer paths come first', () => {
  const jar = new CookieJar();
  jar.store(`${env}/x`, ['s=1; Path=/', 's=2; Path=/', 'ST=deep; Path=/281f15cd']);
  assert.equal(jar.header(`${env}/as`), 'ST=deep; s=2');
});

test('Domain must cover the host; a domain cookie reaches its subdomains', () => {
  const jar = new CookieJar();
  jar.store('https://auth.example.com/', ['evil=1; Domain=other.com; Path=/', 'd=1; Domain=.example.com; Path=/']);
  assert.equal(jar.header('https://auth.example.com/'), 'd=1');
  assert.equal(jar.header('https://api.example.com/'), 'd=1');
  assert.equal(jar.header('https://example.org/'), '');
});

test('Secure cookies travel only over https or to loopback', () => {
  const jar = new CookieJar();
  jar.store('https://auth.example.com/', ['s=1; Secure; Path=/']);
  assert.equal(jar.header('http://auth.example.com/'), '');
  assert.equal(jar.header('https://auth.example.com/'), 's=1');
  jar.store('http://localhost:8080/', ['l=1; Secure; Path=/']);
  assert.equal(jar.header('http://localhost:8080/'), 'l=1');
});

test('malformed lines are ignored', () => {
  const jar = new CookieJar();
  jar.store(`${base}/`, ['', 'novalue', '=x', 'ok=1; Path=/']);
  assert.equal(jar.header(`${base}/`), 'ok=1');
});

// ---- public suffixes, host-only, caps ----

test('a public suffix is refused as Domain (com, co.uk, github.io); a registrable domain is not', () => {
  const jar = new CookieJar();
  jar.store('https://a.example.com/', ['c=1; Domain=com; Path=/', 'c2=1; Domain=.COM; Path=/']);
  jar.store('https://a.example.co.uk/', ['u=1; Domain=co.uk; Path=/', 'r=1; Domain=example.co.uk; Path=/']);
  jar.store('https://me.github.io/', ['g=1; Domain=github.io; Path=/']);
  assert.equal(jar.header('https://b.example.com/'), '');
  assert.equal(jar.header('https://other.co.uk/'), '');
  assert.equal(jar.header('https://b.example.co.uk/'), 'r=1', 'example.co.uk is registrable');
  assert.equal(jar.header('https://you.github.io/'), '', 'private suffixes count too');
  assert.equal(jar.size, 1);
});

test('a Domain naming the host when the host is a public suffix makes a host-only cookie', () => {
  const jar = new CookieJar();
  jar.store('http://localhost:8080/', ['h=1; Domain=localhost; Path=/']);
  assert.equal(jar.header('http://localhost:8080/'), 'h=1');
  assert.equal(jar.header('http://sub.localhost:8080/'), '', 'host-only: not for subdomains');
});

test('host-only cookies stay on their host; a Domain cookie (even Domain=host) reaches subdomains', () => {
  const jar = new CookieJar();
  jar.store('https://example.com/', ['host=1; Path=/', 'dom=1; Domain=example.com; Path=/']);
  assert.equal(jar.header('https://example.com/'), 'host=1; dom=1');
  assert.equal(jar.header('https://auth.example.com/'), 'dom=1');
  jar.store('https://auth.example.com/', ['parent=1; Domain=example.com; Path=/', 'sibling=1; Domain=api.example.com; Path=/']);
  assert.equal(jar.header('https://example.com/'), 'host=1; dom=1; parent=1', 'a subdomain may set its parent; not a sibling');
});

test('Path: a value not starting with / means the default path; the last Domain counts', () => {
  const jar = new CookieJar();
  jar.store('https://example.com/a/b/page', ['p=1; Path=relative', 'q=1; Domain=com; Domain=example.com; Path=/']);
  assert.equal(jar.header('https://example.com/a/b/other'), 'p=1; q=1');
  assert.equal(jar.header('https://example.com/a/'), 'q=1');
});

test('IP addresses: Domain only as the address itself', () => {
  const jar = new CookieJar();
  jar.store('http://127.0.0.1:9000/', ['ip=1; Domain=127.0.0.1; Path=/', 'no=1; Domain=0.0.1; Path=/']);
  assert.equal(jar.header('http://127.0.0.1:9000/'), 'ip=1');
});

test('at most 50 cookies per domain: the oldest go first; a replacement keeps its age', () => {
  const jar = new CookieJar();
  for (let i = 0; i < 50; i++) jar.store('https://example.com/', [`c${i}=1; Path=/`]);
  jar.store('https://example.com/', ['c0=again; Path=/']); // replaced: still the oldest
  jar.store('https://example.com/', ['c50=1; Path=/']);
  assert.equal(jar.size, 50);
  const names = jar.header('https://example.com/').split('; ').map((p) => p.split('=')[0]);
  assert.ok(!names.includes('c0'), 'the oldest went');
  assert.ok(names.includes('c1') && names.includes('c50'));
  jar.store('https://other.example/', ['o=1; Path=/']);
  assert.equal(jar.size, 51, 'the cap is per domain');
});

test('at most 3000 cookies in all (20,000 offered), the oldest going first', () => {
  const jar = new CookieJar();
  for (let d = 0; d < 400; d++) {
    jar.store(`https://h${d}.example/`, Array.from({ length: 50 }, (_, i) => `c${i}=${d}; Path=/`));
  }
  assert.equal(jar.size, 3000);
  assert.equal(jar.header('https://h0.example/'), '', 'the first domains went');
  assert.equal(jar.header('https://h399.example/').split('; ').length, 50);
  const small = new CookieJar({ maxTotal: 3, maxPerDomain: 2 });
  small.store('https://a.example/', ['a1=1', 'a2=1', 'a3=1']);
  small.store('https://b.example/', ['b1=1', 'b2=1']);
  assert.equal(small.size, 3);
  assert.equal(small.header('https://a.example/'), 'a3=1');
});

test('without a public suffix list, a Domain attribute is honoured only as the host itself', () => {
  setPublicSuffixList(null);
  try {
    const jar = new CookieJar();
    jar.store('https://auth.example.com/', ['p=1; Domain=example.com; Path=/', 'h=1; Domain=auth.example.com; Path=/']);
    assert.equal(jar.header('https://auth.example.com/'), 'h=1');
    assert.equal(jar.header('https://example.com/'), '');
  } finally {
    installNodeList();
  }
});
