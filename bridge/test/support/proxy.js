// A fault-injecting reverse proxy in front of the emulator (faults.test.js). It listens on a port
// chosen before the emulator starts, so the emulator can be told (-base-url) to put the proxy's
// address in every link, and every request of the client goes through it. Per request, a rule
// may pick one fault:
//
//   reset-before    the client's connection is reset; nothing reaches the server
//   reset-after     the request is forwarded and answered by the server (applied), then the
//                   client's connection is reset before any of the answer is sent
//   hang            forwarded and applied, then never answered (the client's timeout fires)
//   truncate        forwarded and applied; the headers and half the body are sent, then the
//                   connection is reset (the body never completes)
//   stall-body      forwarded and applied; the headers and half the body are sent, then nothing
//                   more: a body that never ends (the client's timeout fires)
//   503             answered 503 by the proxy; nothing reaches the server
//   503-retry-after the same with Retry-After: 1
//   replay          forwarded twice (a duplicate delivery); the client gets the second answer
//
// log holds every request as the client sent it ({method, url, kind, fault, digest}); upstream holds
// every request the server received (a replay shows there twice, never in log twice).
import http from 'node:http';
import { createHash } from 'node:crypto';
import { freePort } from './emulator.js';

export const FAULTS = ['reset-before', 'reset-after', 'hang', 'truncate', 'stall-body', '503', '503-retry-after', 'replay'];

/** What kind of request this is, by its method and path. */
export function kindOf(method, url) {
  if (url.includes('/as/authorize')) return 'authorize';
  if (url.includes('/as/resume')) return 'resume';
  if (url.includes('/as/token')) return 'token';
  if (method === 'POST' && url.includes('/flows/')) return 'action';
  if (method === 'POST' && url.includes('/davinci/') && !url.includes('/challenge/')) return 'davinci';
  if (url.includes('/flows/')) return 'flow.read';
  if (url.startsWith('/_emulator')) return 'emulator';
  return 'other';
}

export async function faultProxy() {
  const port = await freePort();
  const log = [];
  const upstream = [];
  let target = null;
  let rule = () => undefined;
  const agent = new http.Agent({ keepAlive: false });

  function forward(req, body) {
    upstream.push({ method: req.method, url: req.url, kind: kindOf(req.method, req.url) });
    return new Promise((resolve, reject) => {
      const up = http.request(`${target}${req.url}`, { method: req.method, headers: req.headers, agent }, (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      });
      up.on('error', reject);
      up.end(body);
    });
  }

  function send(res, answer) {
    const headers = { ...answer.headers };
    delete headers['transfer-encoding'];
    delete headers.connection;
    headers['content-length'] = String(answer.body.length);
    res.writeHead(answer.status, headers);
    res.end(answer.body);
  }

  async function handle(req, res, body) {
    const kind = kindOf(req.method, req.url);
    const fault = rule({ method: req.method, url: req.url, kind });
    // digest: the body's SHA-256, so a test can tell the same request sent twice from two calls.
    log.push({ method: req.method, url: req.url, kind, fault, digest: createHash('sha256').update(body).digest('hex').slice(0, 16) });
    switch (fault) {
      case 'reset-before':
        req.socket.destroy();
        return;
      case '503':
      case '503-retry-after':
        res.writeHead(503, { 'content-type': 'application/json', ...(fault === '503' ? {} : { 'retry-after': '1' }) });
        res.end('{"id":"px","code":"UNEXPECTED_ERROR","message":"the proxy is failing on purpose"}');
        return;
      default:
    }
    let answer = await forward(req, body);
    switch (fault) {
      case 'reset-after':
        req.socket.destroy();
        return;
      case 'hang':
        return; // never answered; closeAllConnections ends it at close()
      case 'truncate':
      case 'stall-body': {
        const headers = { ...answer.headers, 'content-length': String(answer.body.length) };
        delete headers['transfer-encoding'];
        res.writeHead(answer.status, headers);
        const half = answer.body.subarray(0, Math.floor(answer.body.length / 2));
        res.write(half, () => { if (fault === 'truncate') setTimeout(() => req.socket.destroy(), 20); });
        return;
      }
      case 'replay':
        answer = await forward(req, body);
        break;
      default:
    }
    send(res, answer);
  }

  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      handle(req, res, Buffer.concat(chunks)).catch(() => {
        if (!res.headersSent) res.writeHead(502);
        res.end();
      });
    });
  });
  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${port}`,
    log,
    upstream,
    /** Where to forward to (the emulator's own address). */
    forwardTo(base) { target = base; },
    /** rule({method, url, kind}) returns one of FAULTS, or nothing to pass the request through. */
    set rule(fn) { rule = fn; },
    close() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
