// The cookie jar used where fetch keeps no cookies (Node).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CookieJar } from '../pingflow.node.js';

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
