package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

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
		done <- run(ctx, []string{"-addr", "127.0.0.1:0"}, in, io.Discard)
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
	require.NoError(t, run(context.Background(), []string{"-dump-config", "-addr", "127.0.0.1:9999"}, &out, io.Discard))
	cfg, err := emulator.ParseConfig(&out)
	require.NoError(t, err)
	assert.Contains(t, cfg.Applications[0].RedirectURIs, "http://127.0.0.1:9999/callback")

	path := filepath.Join(t.TempDir(), "env.json")
	data, err := json.Marshal(cfg)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(path, []byte(strings.Replace(string(data), `"region":"NA"`, `"region":"MARS"`, 1)), 0o600))
	err = run(context.Background(), []string{"-addr", "127.0.0.1:0", "-config", path}, io.Discard, io.Discard)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "environment.region")
}

func TestRealPingOneFlagsGoTogether(t *testing.T) {
	for _, args := range [][]string{
		{"-davinci-client-id", "9022f3c6-670c-42b9-aacb-849d85889607"},
		{"-auth-url", "https://auth.pingone.com", "-env-id", "env", "-davinci-client-id", "dv"},
	} {
		err := run(context.Background(), append([]string{"-addr", "127.0.0.1:0"}, args...), io.Discard, io.Discard)
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

// syncBuffer is a bytes.Buffer the server's goroutines may write while a test reads it.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// startRun runs the server with args on a free port until the test ends; it returns the base
// URL and the request log.
func startRun(t *testing.T, args ...string) (string, *syncBuffer) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	out, in := io.Pipe()
	logs := &syncBuffer{}
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, append([]string{"-addr", "127.0.0.1:0"}, args...), in, logs)
		in.Close()
	}()
	lines := bufio.NewScanner(out)
	require.True(t, lines.Scan(), "no banner")
	base, found := strings.CutPrefix(lines.Text(), "PingOne emulator listening on ")
	require.True(t, found, lines.Text())
	go func() {
		for lines.Scan() {
		}
	}()
	t.Cleanup(func() {
		cancel()
		assert.NoError(t, <-done)
	})
	return base, logs
}

// An app at another origin (a Vite dev server) may use the demo applications only when
// -app-origin names it: its redirect URI is accepted and its preflights are answered.
func TestAppOriginFlag(t *testing.T) {
	const origin = "http://localhost:5173"
	for _, withFlag := range []bool{false, true} {
		t.Run(fmt.Sprint("flag ", withFlag), func(t *testing.T) {
			t.Parallel()
			var args []string
			if withFlag {
				args = []string{"-app-origin", origin, "-app-origin", "https://app.example"}
			}
			base, _ := startRun(t, args...)
			env := base + "/" + emulator.DemoEnvironmentID
			for _, client := range []string{emulator.DemoClientID, emulator.DemoDaVinciClientID} {
				q := url.Values{"client_id": {client}, "response_type": {"code"}, "response_mode": {"pi.flow"},
					"redirect_uri": {origin + "/callback"}, "scope": {"openid"},
					"code_challenge": {strings.Repeat("a", 43)}, "code_challenge_method": {"S256"}}
				req, _ := http.NewRequest(http.MethodGet, env+"/as/authorize?"+q.Encode(), nil)
				req.Header.Set("X-Requested-With", "ping-sdk")
				resp, err := http.DefaultClient.Do(req)
				require.NoError(t, err)
				body, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				if withFlag {
					assert.Equal(t, http.StatusOK, resp.StatusCode, "%s: %s", client, body)
				} else {
					assert.Equal(t, http.StatusBadRequest, resp.StatusCode, "%s: %s", client, body)
				}
			}
			req, _ := http.NewRequest(http.MethodOptions, env+"/as/authorize", nil)
			req.Header.Set("Origin", origin)
			req.Header.Set("Access-Control-Request-Method", "GET")
			resp, err := http.DefaultClient.Do(req)
			require.NoError(t, err)
			resp.Body.Close()
			if withFlag {
				assert.Equal(t, origin, resp.Header.Get("Access-Control-Allow-Origin"))
			} else {
				assert.Empty(t, resp.Header.Get("Access-Control-Allow-Origin"))
			}
		})
	}
}

func TestAppOriginFlagRejectsNonOrigins(t *testing.T) {
	for _, bad := range []string{"localhost:5173", "http://localhost:5173/app", "ftp://x", "http://"} {
		err := run(context.Background(), []string{"-addr", "127.0.0.1:0", "-app-origin", bad}, io.Discard, io.Discard)
		require.Error(t, err, bad)
		assert.Contains(t, err.Error(), "-app-origin", bad)
	}
}

func TestVersionFlag(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, run(context.Background(), []string{"-version"}, &out, io.Discard))
	assert.Equal(t, "example-app "+buildVersion()+"\n", out.String())
}

func TestHealthAndRequestLog(t *testing.T) {
	t.Parallel()
	base, logs := startRun(t)
	resp, err := http.Get(base + "/_emulator/health")
	require.NoError(t, err)
	var health emulator.Health
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&health))
	resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, emulator.Health{Status: "ok", Version: buildVersion()}, health)

	req, _ := http.NewRequest(http.MethodGet, base+"/callback?code=secret-code&state=secret-state&flowId=flow-1", nil)
	req.Header.Set("Accept-Encoding", "identity") // bytes as sent
	resp, err = http.DefaultClient.Do(req)
	require.NoError(t, err)
	n, _ := io.Copy(io.Discard, resp.Body)
	resp.Body.Close()

	require.Eventually(t, func() bool { return strings.Count(logs.String(), "\n") >= 2 }, 5*time.Second, 10*time.Millisecond)
	lines := strings.Split(strings.TrimSpace(logs.String()), "\n")
	assert.Contains(t, lines[0], "msg=request method=GET path=/_emulator/health status=200")
	assert.Contains(t, lines[1], "path=\"/callback?code=REDACTED&state=REDACTED&flowId=flow-1\" status=200")
	assert.Contains(t, lines[1], fmt.Sprintf("bytes=%d", n))
	assert.Contains(t, lines[1], "duration=")
	assert.NotContains(t, logs.String(), "secret")
}

// The server runs from another working directory: -root names the folder of web/ and bridge/
// (site tests cover finding it without the flag).
func TestRootFlag(t *testing.T) {
	repo, err := filepath.Abs("..")
	require.NoError(t, err)
	t.Chdir(t.TempDir())
	base, _ := startRun(t, "-root", repo)
	resp, err := http.Get(base + "/signon/")
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode)

	err = run(context.Background(), []string{"-addr", "127.0.0.1:0", "-root", t.TempDir()}, io.Discard, io.Discard)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "-root")
}

func TestDumpConfigIncludesAppOrigins(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, run(context.Background(), []string{"-dump-config", "-app-origin", "http://localhost:5173/"}, &out, io.Discard))
	cfg, err := emulator.ParseConfig(&out)
	require.NoError(t, err)
	for _, app := range cfg.Applications {
		assert.Contains(t, app.RedirectURIs, "http://localhost:5173/callback")
		assert.Contains(t, app.PostLogoutRedirectURIs, "http://localhost:5173/")
		assert.Contains(t, app.CORSSettings.Origins, "http://localhost:5173")
	}
}

func TestTokenLifetimeFlagWantsWholeSecondsOfAtLeastTen(t *testing.T) {
	for _, bad := range []string{"5s", "1500ms", "-1m"} {
		err := run(context.Background(), []string{"-addr", "127.0.0.1:0", "-token-lifetime", bad}, io.Discard, io.Discard)
		require.Error(t, err, bad)
		assert.Contains(t, err.Error(), "-token-lifetime", bad)
	}
}
