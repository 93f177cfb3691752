package emulator_test

import (
	"os/exec"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pingflow/pingflow/example-app/emulator"
)

// signalsHarness runs the served Signals SDK stand-in in Node with the few browser globals it
// reads, types two keys, and prints getData()'s value (or the error).
const signalsHarness = `
const listeners = {};
globalThis.window = globalThis;
globalThis.document = {
  addEventListener: (t, f) => { (listeners[t] ||= []).push(f); },
  dispatchEvent: (e) => { (listeners[e.type] || []).forEach((f) => f(e)); },
};
Object.defineProperty(globalThis, 'navigator', { value: { language: 'de-CH', platform: 'Linux x86_64', maxTouchPoints: 0 } });
globalThis.screen = { width: 1280, height: 800, colorDepth: 24 };
let ready = false;
document.addEventListener('PingOneSignalsReadyEvent', () => { ready = true; });
const src = require('fs').readFileSync(0, 'utf8');
new Function(src)();
(async () => {
  if (!ready) throw new Error('no PingOneSignalsReadyEvent');
  await _pingOneSignals.getData().then(() => { throw new Error('getData before init resolved'); }, () => {});
  await _pingOneSignals.init({ behavioralDataCollection: true, universalDeviceIdentification: true });
  document.dispatchEvent({ type: 'keydown' }); document.dispatchEvent({ type: 'keydown' });
  process.stdout.write(await _pingOneSignals.getData());
})().catch((e) => { console.error(e.message); process.exit(1); });
`

// TestSignalsSDKStandIn: the stand-in's payload, made by running it, passes the risk evaluation,
// so a page that loads it and hands getData() to the sign-on is not stepped up.
func TestSignalsSDKStandIn(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		t.Fatal("node is not installed: make test needs Node 20 (the bridge and browser suites run on it too)")
	}
	e := newEnv(t)
	r := e.browser().get(e.base + "/_emulator/signals.js")
	require.Equal(t, 200, r.status)
	assert.Equal(t, "text/javascript; charset=utf-8", r.header.Get("Content-Type"))

	cmd := exec.Command(node, "-e", signalsHarness)
	cmd.Stdin = strings.NewReader(string(r.body))
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "%s", out)
	signals := string(out)
	parts := strings.Split(signals, ".")
	require.Len(t, parts, 2, "header.body: %s", signals)

	d := e.browser().startDaVinci()
	res := d.submit("SIGNON", map[string]any{"username": "user.password", "password": emulator.DemoPassword, "protect": signals})
	d.mustForm(res, "Set Up a Passkey")

	// The same sign-on with the payload cut short is stepped up: the check reads the value.
	d = e.browser().startDaVinci()
	res = d.submit("SIGNON", map[string]any{"username": "user.password", "password": emulator.DemoPassword, "protect": signals[:20]})
	d.mustForm(res, "Enter Code")
}
