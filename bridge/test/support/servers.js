// Small real HTTP servers for the failure tests: one that never answers, one that always
// fails, and a recording proxy in front of the emulator that can fail chosen requests.
import http from 'node:http';
import { freePort } from './emulator.js';

function listen(server, port = 0) {
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(`http://127.0.0.1:${server.address().port}`)));
}

function close(server) {
  server.closeAllConnections?.();
  return new Promise((resolve) => server.close(() => resolve()));
}

/** Accepts requests and never answers them (counting them). */
export async function silentServer() {
  const seen = [];
  const server = http.createServer((req) => { seen.push(`${req.method} ${req.url}`); });
  const url = await listen(server);
  return { url, seen, close: () => close(server) };
}

/** Answers every request with status and a PingOne-style error body (counting them). */
export async function failingServer(status) {
  const seen = [];
  const server = http.createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ id: 'e1', code: 'UNEXPECTED_ERROR', message: 'failing on purpose' }));
  });
  const url = await listen(server);
  return { url, seen, close: () => close(server) };
}

/**
 * A reverse proxy on a port chosen before the emulator starts, so that the emulator can be told
 * (-base-url) to put the proxy's address in every link. It records each request and lets a test
 * answer chosen ones itself: intercept(req) returns {status, body} to answer, or nothing to pass.
 */
export async function proxy() {
  const port = await freePort();
  const seen = [];
  let target = null;
  let intercept = () => undefined;
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      seen.push({ method: req.method, url: req.url, headers: req.headers });
      const canned = intercept(req);
      if (canned) {
        res.writeHead(canned.status, { 'content-type': 'application/json' });
        res.end(canned.body ?? '{"code":"UNEXPECTED_ERROR","message":"proxy says no"}');
        return;
      }
      const up = http.request(`${target}${req.url}`, { method: req.method, headers: req.headers }, (upRes) => {
        res.writeHead(upRes.statusCode, upRes.headers);
        upRes.pipe(res);
      });
      up.on('error', () => { res.writeHead(502); res.end(); });
      up.end(body);
    });
  });
  const url = await listen(server, port);
  return {
    url,
    seen,
    /** Where to forward to (the emulator's own address). */
    forwardTo(base) { target = base; },
    set intercept(fn) { intercept = fn; },
    close: () => close(server),
  };
}
