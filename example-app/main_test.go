package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pingflow/pingflow/example-app/emulator"
)

// TestRunServesAndShutsDown starts the server on a free port, reads the banner it prints,
// signs nothing in but reads the demo description over HTTP, and stops it.
func TestRunServesAndShutsDown(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	out, in := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"-addr", "127.0.0.1:0"}, in)
		in.Close()
	}()

	lines := bufio.NewScanner(out)
	require.True(t, lines.Scan())
	base, found := strings.CutPrefix(lines.Text(), "PingOne emulator listening on ")
	require.True(t, found, lines.Text())
	go func() { // keep draining so the server never blocks on its output
		for lines.Scan() {
		}
	}()

	resp, err := http.Get(base + "/_emulator/demo")
	require.NoError(t, err)
	defer resp.Body.Close()
	var demo emulator.DemoInfo
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&demo))
	assert.Equal(t, base, demo.AuthPath)
	assert.Equal(t, emulator.DemoEnvironmentID, demo.EnvID)
	assert.Contains(t, demo.Apps[0].RedirectURIs, base+"/callback")

	// The site's config.json names both demo applications: the card's default (Flows API) and
	// the one behind "Sign in with DaVinci".
	cfgResp, err := http.Get(base + "/config.json")
	require.NoError(t, err)
	defer cfgResp.Body.Close()
	var page map[string]any
	require.NoError(t, json.NewDecoder(cfgResp.Body).Decode(&page))
	assert.Equal(t, emulator.DemoClientID, page["clientId"])
	assert.Equal(t, emulator.DemoDaVinciClientID, page["davinciClientId"])

	cancel()
	assert.NoError(t, <-done)
	_, err = http.Get(base + "/_emulator/demo")
	assert.Error(t, err, "the listener is closed")
}

func TestBannerListsTheDemo(t *testing.T) {
	emu, err := emulator.New(emulator.DemoConfig("http://localhost:8080"))
	require.NoError(t, err)
	defer emu.Close()
	var out bytes.Buffer
	printBanner(&out, emu)
	for _, want := range []string{"http://localhost:8080", emulator.DemoEnvironmentID, emulator.DemoClientID,
		"user.devices", emulator.DemoPassword, "acr_values=Passwordless", "/_emulator/"} {
		assert.Contains(t, out.String(), want)
	}
}

func TestDumpConfigIsALoadableStartingPoint(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, run(context.Background(), []string{"-dump-config", "-addr", "127.0.0.1:9999"}, &out))
	cfg, err := emulator.ParseConfig(&out)
	require.NoError(t, err)
	assert.Contains(t, cfg.Applications[0].RedirectURIs, "http://127.0.0.1:9999/callback")

	path := filepath.Join(t.TempDir(), "env.json")
	data, err := json.Marshal(cfg)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(path, []byte(strings.Replace(string(data), `"region":"NA"`, `"region":"MARS"`, 1)), 0o600))
	err = run(context.Background(), []string{"-addr", "127.0.0.1:0", "-config", path}, io.Discard)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "environment.region")
}

func TestRealPingOneFlagsGoTogether(t *testing.T) {
	for _, args := range [][]string{
		{"-davinci-client-id", "9022f3c6-670c-42b9-aacb-849d85889607"},
		{"-auth-url", "https://auth.pingone.com", "-env-id", "env", "-davinci-client-id", "dv"},
	} {
		err := run(context.Background(), append([]string{"-addr", "127.0.0.1:0"}, args...), io.Discard)
		require.Error(t, err, args)
		assert.Contains(t, err.Error(), "-davinci-client-id needs them too", args)
	}
}

func TestBaseFor(t *testing.T) {
	bound := &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 4321}
	cases := []struct {
		explicit, addr string
		bound          net.Addr
		want           string
	}{
		{"", "localhost:8080", nil, "http://localhost:8080"},
		{"", "127.0.0.1:0", bound, "http://127.0.0.1:4321"},
		{"", ":0", bound, "http://localhost:4321"},
		{"", "0.0.0.0:8080", nil, "http://localhost:8080"},
		{"https://login.example.com", "localhost:8080", bound, "https://login.example.com"},
	}
	for _, c := range cases {
		assert.Equal(t, c.want, baseFor(c.explicit, c.addr, c.bound), c.addr)
	}
}
