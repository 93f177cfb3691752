// Command loadtest measures how many complete sign-ons per second the emulator sustains.
//
// Each of -clients workers repeats the embedded (pi.flow) sign-on a single-page app performs,
// with a fresh cookie jar each time so that no sign-on is shortened by SSO:
//
//	authorize (pi.flow) → usernamePassword.check → resume → token
//
// for -duration, then prints the throughput, the error count, latency percentiles and the
// process's peak resident memory (VmHWM). Without -url it starts an emulator in this process
// on loopback, so the memory figure covers emulator and clients together.
//
//	go run ./example-app/emulator/loadtest -clients 50 -duration 10s
package main

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/pingflow/pingflow/example-app/emulator"
)

func main() {
	clients := flag.Int("clients", 50, "concurrent clients")
	duration := flag.Duration("duration", 10*time.Second, "how long to run")
	target := flag.String("url", "", "base URL of a running demo emulator (default: start one in this process)")
	username := flag.String("user", "user.password", "demo user to sign in as (must complete with a password alone)")
	flag.Parse()
	if err := run(*clients, *duration, *target, *username); err != nil {
		fmt.Fprintln(os.Stderr, "loadtest:", err)
		os.Exit(1)
	}
}

func run(clients int, duration time.Duration, base, username string) error {
	if base == "" {
		stop, started, err := serve()
		if err != nil {
			return err
		}
		defer stop()
		base = started
	}
	transport := &http.Transport{MaxIdleConnsPerHost: clients, MaxConnsPerHost: clients}
	ctx, cancel := context.WithTimeout(context.Background(), duration)
	defer cancel()

	var mu sync.Mutex
	var latencies []time.Duration
	var failures []error
	var wg sync.WaitGroup
	start := time.Now()
	for range clients {
		wg.Go(func() {
			for ctx.Err() == nil {
				began := time.Now()
				err := signOn(ctx, transport, base, username)
				mu.Lock()
				switch {
				case err == nil:
					latencies = append(latencies, time.Since(began))
				case ctx.Err() == nil: // a sign-on cut short by the deadline is not an error
					failures = append(failures, err)
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(start)

	slices.Sort(latencies)
	pct := func(p float64) time.Duration {
		if len(latencies) == 0 {
			return 0
		}
		return latencies[int(p*float64(len(latencies)-1))].Round(time.Microsecond)
	}
	fmt.Printf("target         %s\n", base)
	fmt.Printf("clients        %d for %s (%d CPUs, %s)\n", clients, elapsed.Round(time.Millisecond), runtime.NumCPU(), runtime.Version())
	fmt.Printf("sign-ons       %d complete (authorize pi.flow → usernamePassword.check → resume → token)\n", len(latencies))
	fmt.Printf("throughput     %.0f sign-ons/s\n", float64(len(latencies))/elapsed.Seconds())
	fmt.Printf("errors         %d\n", len(failures))
	for _, err := range failures[:min(3, len(failures))] {
		fmt.Printf("               %v\n", err)
	}
	fmt.Printf("latency        p50 %s  p95 %s  p99 %s  max %s\n", pct(0.50), pct(0.95), pct(0.99), pct(1))
	fmt.Printf("peak memory    %s (VmHWM of this process)\n", peakRSS())
	return nil
}

// serve starts the demo emulator on a free loopback port.
func serve() (stop func(), base string, err error) {
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, "", err
	}
	base = "http://" + listener.Addr().String()
	emu, err := emulator.New(emulator.DemoConfig(base), emulator.WithBaseURL(base))
	if err != nil {
		listener.Close()
		return nil, "", err
	}
	srv := &http.Server{Handler: emu}
	go srv.Serve(listener)
	return func() { srv.Close(); emu.Close() }, base, nil
}

// signOn performs one complete embedded sign-on, as a browser would, and checks each answer.
func signOn(ctx context.Context, transport http.RoundTripper, base, username string) error {
	jar, _ := cookiejar.New(nil)
	client := &http.Client{Transport: transport, Jar: jar,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	env := base + "/" + emulator.DemoEnvironmentID
	verifier := rand.Text() + rand.Text()
	sum := sha256.Sum256([]byte(verifier))
	state := rand.Text()
	q := url.Values{
		"client_id": {emulator.DemoClientID}, "response_type": {"code"}, "response_mode": {"pi.flow"},
		"redirect_uri": {base + "/callback"}, "scope": {"openid profile email"}, "state": {state},
		"code_challenge": {base64.RawURLEncoding.EncodeToString(sum[:])}, "code_challenge_method": {"S256"},
	}

	var flow struct {
		ID                string
		Status            string
		ResumeURL         string                           `json:"resumeUrl"`
		Links             map[string]struct{ Href string } `json:"_links"`
		AuthorizeResponse struct{ Code, State string }     `json:"authorizeResponse"`
	}
	if err := call(ctx, client, http.MethodPost, env+"/as/authorize?"+q.Encode(), "", "", &flow); err != nil {
		return fmt.Errorf("authorize: %w", err)
	}
	creds := fmt.Sprintf(`{"username":%q,"password":%q}`, username, emulator.DemoPassword)
	check := flow.Links["usernamePassword.check"].Href
	if err := call(ctx, client, http.MethodPost, check, creds, "application/vnd.pingidentity.usernamePassword.check+json", &flow); err != nil {
		return fmt.Errorf("usernamePassword.check: %w", err)
	}
	if flow.Status != "COMPLETED" {
		return fmt.Errorf("usernamePassword.check: status %s", flow.Status)
	}
	if err := call(ctx, client, http.MethodGet, flow.ResumeURL, "", "", &flow); err != nil {
		return fmt.Errorf("resume: %w", err)
	}
	if flow.AuthorizeResponse.Code == "" || flow.AuthorizeResponse.State != state {
		return errors.New("resume: no code or the wrong state")
	}
	form := url.Values{"grant_type": {"authorization_code"}, "code": {flow.AuthorizeResponse.Code},
		"client_id": {emulator.DemoClientID}, "redirect_uri": {base + "/callback"}, "code_verifier": {verifier}}
	var tokens struct {
		AccessToken string `json:"access_token"`
		IDToken     string `json:"id_token"`
	}
	if err := call(ctx, client, http.MethodPost, env+"/as/token", form.Encode(), "application/x-www-form-urlencoded", &tokens); err != nil {
		return fmt.Errorf("token: %w", err)
	}
	if tokens.AccessToken == "" || tokens.IDToken == "" {
		return errors.New("token: missing tokens")
	}
	return nil
}

// call sends a request and decodes a 200 JSON answer into out.
func call(ctx context.Context, client *http.Client, method, target, body, contentType string, out any) error {
	req, err := http.NewRequestWithContext(ctx, method, target, strings.NewReader(body))
	if err != nil {
		return err
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("HTTP %d: %.200s", resp.StatusCode, data)
	}
	return json.Unmarshal(data, out)
}

// peakRSS reads the process's high-water mark of resident memory from /proc (Linux only).
func peakRSS() string {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return "unavailable (" + err.Error() + ")"
	}
	for _, line := range strings.Split(string(data), "\n") {
		if value, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			return strings.TrimSpace(value)
		}
	}
	return "unavailable"
}
