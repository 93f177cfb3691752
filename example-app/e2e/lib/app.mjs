// Starts example-app (the demo site with the emulator) on a free port for a test file, and
// talks to the emulator's development API (inbox, pushes, reset).

import { spawn, execFileSync } from 'node:child_process';
import { createServer } from 'node:net';
import { existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(fileURLToPath(new URL('../../..', import.meta.url)));

/** The example-app binary: PINGFLOW_APP_BIN (the Makefile builds it once), else built here. */
export function appBinary() {
  if (process.env.PINGFLOW_APP_BIN) return process.env.PINGFLOW_APP_BIN;
  const dir = path.join(tmpdir(), 'pingflow-e2e');
  mkdirSync(dir, { recursive: true });
  const bin = path.join(dir, 'example-app');
  execFileSync('go', ['build', '-o', bin, './example-app'], { cwd: ROOT, stdio: 'inherit' });
  return bin;
}

/** A port nobody listens on now: bind port 0, read it, close. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/**
 * startApp runs example-app on 127.0.0.1:<free port> and resolves once it serves the demo.
 * baseUrl (optional) is its -base-url: the address browsers use, a proxy in front of it.
 * host (optional) names the app by another host name on its own port, e.g. 'localhost':
 * WebAuthn refuses IP addresses, so passkey tests open the demo at http://localhost:<port>
 * (the emulator's relying party id is then localhost); base is then that address.
 * args (optional) are further flags, e.g. ['-app-origin', 'http://127.0.0.1:5173'].
 * Returns {base, demo, stop()}; base is where the app itself listens (or, with host, that name
 * for it), the address tests open pages at and call the development API on.
 */
export async function startApp(bin = appBinary(), { baseUrl = null, host = null, args: extra = [] } = {}) {
  if (!existsSync(path.join(ROOT, 'bridge', 'pingflow.wasm'))) {
    throw new Error('bridge/pingflow.wasm is missing: run `make wasm` first');
  }
  const port = await freePort();
  const base = host ? `http://${host}:${port}` : `http://127.0.0.1:${port}`;
  if (host && baseUrl) throw new Error('startApp: give host or baseUrl, not both');
  if (host) baseUrl = base;
  const args = ['-addr', `127.0.0.1:${port}`, ...(baseUrl ? ['-base-url', baseUrl] : []), ...extra];
  const server = await spawnServer(bin, args, { name: 'example-app', cwd: ROOT, readyUrl: `${base}/_emulator/demo` });
  const demo = await (await fetch(`${base}/_emulator/demo`)).json();
  return { base, demo, output: server.output, stop: server.stop };
}

/**
 * spawnServer starts a server process and resolves once readyUrl answers 2xx (within 30 s), or
 * rejects with what the process printed. A test process that dies (an uncaught error, a killed
 * run) takes its server with it. Returns {output(), stop()}; stop() ends it with SIGTERM.
 */
export async function spawnServer(cmd, args, { name, cwd, env = process.env, readyUrl }) {
  const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d) => { output += d; });
  child.stderr.on('data', (d) => { output += d; });
  const exited = new Promise((resolve) => child.on('exit', resolve));
  const reap = () => { if (child.exitCode === null) child.kill('SIGKILL'); };
  process.once('exit', reap);
  const deadline = Date.now() + 30000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${name} exited (${child.exitCode}):\n${output}`);
    try {
      if ((await fetch(readyUrl)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${name} did not start within 30 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    output: () => output,
    async stop() {
      process.removeListener('exit', reap);
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** resetEmulator restores the demo users and forgets flows, sessions and the inbox. */
export async function resetEmulator(base) {
  const res = await fetch(`${base}/_emulator/reset`, { method: 'POST' });
  if (res.status !== 204) throw new Error(`reset answered ${res.status}`);
}

/** inbox lists the user's inbox entries, newest first. */
export async function inbox(base, username) {
  const res = await fetch(`${base}/_emulator/inbox?username=${encodeURIComponent(username)}`);
  if (!res.ok) throw new Error(`inbox answered ${res.status}`);
  return res.json();
}

/** latest waits for the newest inbox entry of a kind (otp, recovery, verification, push). */
export async function latest(base, username, kind, { after = null, timeoutMs = 5000 } = {}) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const entry = (await inbox(base, username)).find((e) => e.kind === kind);
    if (entry && entry.id !== after) return entry;
    if (Date.now() > deadline) throw new Error(`no ${kind} for ${username} in the inbox`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** decidePush approves or denies a pending push. */
export async function decidePush(base, id, decision = 'approve') {
  const res = await fetch(`${base}/_emulator/push/${id}/${decision}`, { method: 'POST' });
  if (!res.ok) throw new Error(`push ${decision} answered ${res.status}: ${await res.text()}`);
  return res.json();
}

/** decideChallenge approves or denies a pending phone sign-on request (inbox kind challenge). */
export async function decideChallenge(base, id, decision = 'approve') {
  const res = await fetch(`${base}/_emulator/challenge/${id}/${decision}`, { method: 'POST' });
  if (!res.ok) throw new Error(`challenge ${decision} answered ${res.status}: ${await res.text()}`);
  return res.json();
}
