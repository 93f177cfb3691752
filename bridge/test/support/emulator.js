// Starts the real PingOne emulator (example-app) on a free loopback port for one test file, and
// gives the tests its demo data, inbox and push controls.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import net from 'node:net';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/**
 * The emulator binary. `make test-bridge` builds it once and passes PINGFLOW_EMULATOR; run
 * directly, each test process builds it (the Go build cache makes that quick after the first).
 */
function emulatorBinary() {
  const given = process.env.PINGFLOW_EMULATOR;
  if (given && existsSync(given)) return given;
  const dir = mkdtempSync(join(tmpdir(), 'pingflow-emu-'));
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  const out = join(dir, 'example-app');
  execFileSync('go', ['build', '-o', out, './example-app'], { cwd: repoRoot, stdio: 'inherit' });
  process.env.PINGFLOW_EMULATOR = out; // later emulators in this process reuse it
  return out;
}

/** A port nobody listens on right now: bind port 0, read it, close. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

async function waitForDemo(base, child, deadlineMs) {
  const until = Date.now() + deadlineMs;
  let lastErr;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`the emulator exited with ${child.exitCode}`);
    try {
      const res = await fetch(`${base}/_emulator/demo`);
      if (res.ok) return res.json();
    } catch (err) {
      lastErr = err;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`the emulator did not answer at ${base} within ${deadlineMs} ms: ${lastErr?.message}`);
}

/**
 * Starts an emulator. settings (optional) override the demo configuration's settings (for
 * example {flowTimeoutSeconds: 1}); baseUrl (optional) is the -base-url flag, for a proxy in
 * front of it.
 */
export async function startEmulator({ settings, baseUrl } = {}) {
  const bin = emulatorBinary();
  const port = await freePort();
  const addr = `127.0.0.1:${port}`;
  const args = ['-addr', addr];
  if (baseUrl) args.push('-base-url', baseUrl);
  let cfgDir = null;
  if (settings) {
    const cfg = JSON.parse(execFileSync(bin, ['-dump-config', ...args], { encoding: 'utf8' }));
    cfg.settings = { ...cfg.settings, ...settings };
    cfgDir = mkdtempSync(join(tmpdir(), 'pingflow-cfg-'));
    writeFileSync(join(cfgDir, 'config.json'), JSON.stringify(cfg));
    args.push('-config', join(cfgDir, 'config.json'));
  }
  const child = spawn(bin, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  if (cfgDir) child.once('exit', () => rmSync(cfgDir, { recursive: true, force: true }));
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  const base = `http://${addr}`;
  let demo;
  try {
    demo = await waitForDemo(base, child, 15000);
  } catch (err) {
    child.kill('SIGKILL');
    throw new Error(`${err.message}\n${stderr}`);
  }
  return new Emulator(child, base, demo);
}

export class Emulator {
  constructor(child, base, demo) {
    this.child = child;
    this.base = base;
    this.demo = demo;
    this.app = demo.apps[0];
  }

  /** The client configuration for the demo application, plus overrides. */
  clientConfig(overrides = {}) {
    return {
      authPath: this.demo.authPath, envId: this.demo.envId, clientId: this.app.clientId,
      redirectUri: this.app.redirectUris[0], scope: 'openid profile email', ...overrides,
    };
  }

  /** The client configuration for the demo's DaVinci application, plus overrides. */
  davinciConfig(overrides = {}) {
    const app = this.demo.apps.find((a) => a.kind === 'davinci');
    if (!app) throw new Error('the emulator demo has no DaVinci application');
    return this.clientConfig({ clientId: app.clientId, redirectUri: app.redirectUris[0], ...overrides });
  }

  /**
   * The page origin WebAuthn works on: the emulator's address spelt localhost (browsers refuse
   * WebAuthn on IP addresses, so the emulator's relying party id is "localhost").
   */
  get localOrigin() {
    return `http://localhost:${new URL(this.base).port}`;
  }

  /** The preloaded passkey of user.passkey, as /_emulator/demo publishes it. */
  get demoPasskey() {
    const user = this.demo.users.find((u) => u.passkey);
    if (!user) throw new Error('the emulator demo has no user with a passkey');
    return { username: user.username, ...user.passkey };
  }

  /** Approves or denies a cross-device challenge (inbox kind challenge). */
  async answerChallenge(id, decision) {
    const res = await fetch(`${this.base}/_emulator/challenge/${id}/${decision}`, { method: 'POST' });
    if (!res.ok) throw new Error(`challenge ${decision}: HTTP ${res.status} ${await res.text()}`);
  }

  /**
   * A `protect` option giving well-formed Protect signals (the demo's example): the DaVinci
   * sign-on then needs no second factor.
   */
  get protect() {
    const signals = this.demo.protect.example;
    return async () => signals;
  }

  /** The demo user's current password (it changes when a scenario resets it). */
  async password(username) {
    const demo = await (await fetch(`${this.base}/_emulator/demo`)).json();
    return demo.users.find((u) => u.username === username).password;
  }

  /** Inbox entries for username, newest first. */
  async inbox(username) {
    const res = await fetch(`${this.base}/_emulator/inbox?username=${encodeURIComponent(username)}`);
    return res.json();
  }

  /** The newest entry of a kind for username, waiting briefly for it to arrive. */
  async latest(username, kind) {
    for (let i = 0; i < 40; i++) {
      const entry = (await this.inbox(username)).find((e) => e.kind === kind);
      if (entry) return entry;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`no ${kind} in ${username}'s inbox`);
  }

  /** Approves or denies a pending push. */
  async answerPush(id, decision) {
    const res = await fetch(`${this.base}/_emulator/push/${id}/${decision}`, { method: 'POST' });
    if (!res.ok) throw new Error(`push ${decision}: HTTP ${res.status} ${await res.text()}`);
  }

  /** Restores the demo users and forgets every flow and session. */
  async reset() {
    await fetch(`${this.base}/_emulator/reset`, { method: 'POST' });
  }

  /** Stops the emulator and waits until it has exited. */
  async stop() {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((r) => this.child.once('exit', r));
    this.child.kill('SIGTERM');
    await exited;
  }
}
