// Command example-app serves the pingflow demo: the demo SPA, the web/ sign-on page and the
// engine module (example-app/site), beside the local PingOne emulator — or in front of a real
// PingOne environment with -auth-url, -env-id and -client-id (and, for "Sign in with DaVinci", an
// application with a DaVinci flow policy: -davinci-client-id).
//
//	go run ./example-app -addr 127.0.0.1:8080
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"runtime/debug"
	"strings"
	"syscall"
	"text/tabwriter"
	"time"

	"github.com/pingflow/pingflow/example-app/emulator"
	"github.com/pingflow/pingflow/example-app/site"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil && !errors.Is(err, flag.ErrHelp) {
		fmt.Fprintln(os.Stderr, "example-app:", err)
		os.Exit(1)
	}
}

// version is the build's version: set with -ldflags "-X main.version=v1.2.3", else the module
// version Go recorded, else "dev".
var version = ""

func buildVersion() string {
	if version != "" {
		return version
	}
	if info, ok := debug.ReadBuildInfo(); ok && info.Main.Version != "" && info.Main.Version != "(devel)" {
		return info.Main.Version
	}
	return "dev"
}

// originList is the repeatable -app-origin flag.
type originList []string

func (o *originList) String() string { return strings.Join(*o, ",") }

func (o *originList) Set(v string) error {
	origin, err := emulator.ParseAppOrigin(v)
	if err != nil {
		return err
	}
	*o = append(*o, origin)
	return nil
}

// allowIn registers every origin with every application of cfg. Set has checked each one, so
// AllowAppOrigin cannot fail here.
func (o originList) allowIn(cfg *emulator.Config) {
	for _, origin := range o {
		cfg.AllowAppOrigin(origin)
	}
}

// run serves until ctx is cancelled, then shuts down gracefully. The banner goes to out, one
// log line per request to logOut.
func run(ctx context.Context, args []string, out, logOut io.Writer) error {
	flags := flag.NewFlagSet("example-app", flag.ContinueOnError)
	flags.SetOutput(logOut)
	var appOrigins originList
	flags.Var(&appOrigins, "app-origin", "origin of your own app (e.g. http://localhost:5173), repeatable: its /callback and / become redirect URIs of both demo applications and it is allowed in their CORS")
	rootFlag := flags.String("root", "", "folder holding web/ and bridge/ (default: found above the working directory, the binary or the source it was built from)")
	showVersion := flags.Bool("version", false, "print the version and exit")
	addr := flags.String("addr", "localhost:8080", "address to listen on (port 0 picks a free port)")
	configPath := flags.String("config", "", "JSON environment to emulate instead of the built-in demo (see example-app/emulator/README.md)")
	baseURL := flags.String("base-url", "", "URL browsers reach the server at, if not http://<addr> (e.g. behind a proxy or on https)")
	tokenLifetime := flags.Duration("token-lifetime", 0, "how long the emulator's access and ID tokens live (default 1h; e.g. 90s to watch renewal)")
	dumpConfig := flags.Bool("dump-config", false, "print the demo environment as JSON, a starting point for -config, and exit")
	authURL := flags.String("auth-url", "", "a real PingOne authorization server (e.g. https://auth.pingone.com) instead of the emulator")
	envID := flags.String("env-id", "", "with -auth-url: the PingOne environment id")
	clientID := flags.String("client-id", "", "with -auth-url: the application's client id (register <url>/callback as its redirect URI)")
	sources := flags.Bool("sources", false, "serve the sign-on page's unbundled sources (web/js, the bridge's src/) instead of its bundled build (web/dist/page, make page): for development")
	davinciClientID := flags.String("davinci-client-id", "", "with -auth-url, optional: an application with a DaVinci flow policy, for \"Sign in with DaVinci\" (same redirect URI)")
	if err := flags.Parse(args); err != nil {
		return err
	}
	if *showVersion {
		_, err := fmt.Fprintf(out, "example-app %s\n", buildVersion())
		return err
	}
	if *dumpConfig {
		cfg := emulator.DemoConfig(baseFor(*baseURL, *addr, nil))
		appOrigins.allowIn(&cfg)
		return dump(out, cfg)
	}

	executable, _ := os.Executable()
	root, err := site.LocateRoot(*rootFlag, ".", executable, site.SourceDir())
	if err != nil {
		return err
	}
	logger := slog.New(slog.NewTextHandler(logOut, nil))
	if *authURL != "" || *envID != "" || *clientID != "" || *davinciClientID != "" {
		if len(appOrigins) > 0 {
			return errors.New("-app-origin configures the emulator; with -auth-url register the origin in the PingOne application instead")
		}
		return serveReal(ctx, out, logger, root, *addr, *baseURL, realApp{*authURL, *envID, *clientID, *davinciClientID}, *sources)
	}
	listener, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	base := baseFor(*baseURL, *addr, listener.Addr())
	cfg := emulator.DemoConfig(base)
	if *configPath != "" {
		if cfg, err = emulator.LoadConfig(*configPath); err != nil {
			listener.Close()
			return err
		}
	}
	appOrigins.allowIn(&cfg)
	if *tokenLifetime != 0 {
		if *tokenLifetime < 10*time.Second || *tokenLifetime%time.Second != 0 {
			listener.Close()
			return fmt.Errorf("-token-lifetime %s: give whole seconds, at least 10s", *tokenLifetime)
		}
		cfg.Settings.AccessTokenLifetimeSeconds = int(tokenLifetime.Seconds())
	}
	emu, err := emulator.New(cfg, emulator.WithBaseURL(base), emulator.WithVersion(buildVersion()))
	if err != nil {
		listener.Close()
		return err
	}
	defer emu.Close()

	demo := emu.Demo()
	web, err := site.New(site.Config{
		Root: root, PublicURL: base, AuthPath: base, EnvID: demo.EnvID,
		ClientID: appOfKind(demo, "flows"), DaVinciClientID: appOfKind(demo, "davinci"),
		InboxURL: base + "/_emulator/", Canonical: true, Sources: *sources,
	})
	if err != nil {
		listener.Close()
		return err
	}
	printBanner(out, emu)
	for _, o := range appOrigins {
		fmt.Fprintf(out, "  your app        %s  (redirect URI %s/callback, CORS allowed)\n", o, o)
	}
	fmt.Fprintf(out, "\npingflow demo: open %s/  (sign-on page %s/signon/)\n", base, base)
	return serve(ctx, listener, site.LogRequests(logger, newHandler(emu, demo.EnvID, web)))
}

// appOfKind is the client id of the emulated environment's first application of a kind
// ("flows" or "davinci"), or "".
func appOfKind(demo emulator.DemoInfo, kind string) string {
	for _, a := range demo.Apps {
		if a.Kind == kind {
			return a.ClientID
		}
	}
	return ""
}

// realApp is a real PingOne environment's authorization server and applications.
type realApp struct{ authURL, envID, clientID, davinciClientID string }

// serveReal serves the demo in front of a real PingOne environment: no emulator.
func serveReal(ctx context.Context, out io.Writer, logger *slog.Logger, root, addr, baseURL string, app realApp, sources bool) error {
	authURL, envID, clientID := app.authURL, app.envID, app.clientID
	if authURL == "" || envID == "" || clientID == "" {
		return errors.New("-auth-url, -env-id and -client-id go together (-davinci-client-id needs them too)")
	}
	listener, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	base := baseFor(baseURL, addr, listener.Addr())
	web, err := site.New(site.Config{Root: root, PublicURL: base, AuthPath: authURL, EnvID: envID, ClientID: clientID,
		DaVinciClientID: app.davinciClientID, Sources: sources})
	if err != nil {
		listener.Close()
		return err
	}
	fmt.Fprintf(out, "pingflow demo on %s for PingOne %s/%s, client %s\n", base, authURL, envID, clientID)
	if app.davinciClientID != "" {
		fmt.Fprintf(out, "  DaVinci client %s\n", app.davinciClientID)
	}
	fmt.Fprintf(out, "  the application needs redirect URI %s/callback, sign-off URL %s/ and CORS origin %s\n", base, base, base)
	return serve(ctx, listener, site.LogRequests(logger, web))
}

// serve runs handler on listener until ctx is cancelled, then shuts down gracefully.
func serve(ctx context.Context, listener net.Listener, handler http.Handler) error {
	srv := &http.Server{Handler: handler, ReadHeaderTimeout: 10 * time.Second}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(listener) }()
	select {
	case err := <-served:
		return err
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return srv.Shutdown(shutdown)
}

// newHandler routes requests: the emulator's auth host and development routes to it, the rest
// to the demo site.
func newHandler(emu *emulator.Server, envID string, web http.Handler) http.Handler {
	mux := http.NewServeMux()
	mux.Handle("/"+envID+"/", emu)
	mux.Handle("/_emulator/", emu)
	mux.Handle("/", web)
	return mux
}

// baseFor is the URL the server is reached at: the -base-url flag, or http://<addr> with the
// port actually bound and "localhost" for a wildcard host.
func baseFor(explicit, addr string, bound net.Addr) string {
	if explicit != "" {
		return explicit
	}
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		host, port = addr, "80"
	}
	if bound != nil {
		_, port, _ = net.SplitHostPort(bound.String())
	}
	if host == "" || host == "0.0.0.0" || host == "::" {
		host = "localhost"
	}
	return "http://" + net.JoinHostPort(host, port)
}

func dump(out io.Writer, cfg emulator.Config) error {
	enc := json.NewEncoder(out)
	enc.SetIndent("", "  ")
	return enc.Encode(cfg)
}

func printBanner(out io.Writer, emu *emulator.Server) {
	demo := emu.Demo()
	fmt.Fprintf(out, "PingOne emulator listening on %s\n", demo.AuthPath)
	fmt.Fprintf(out, "  environment id  %s\n", demo.EnvID)
	fmt.Fprintf(out, "  issuer          %s\n", emu.Issuer())
	for _, app := range demo.Apps {
		fmt.Fprintf(out, "  client id       %s  (%s; policies %v)\n", app.ClientID, app.Name, app.Policies)
	}
	fmt.Fprintf(out, "  inbox           %s/_emulator/\n\n", demo.AuthPath)
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "  USERNAME\tPASSWORD\tSCENARIO")
	for _, u := range demo.Users {
		scenario := u.Scenario
		if u.AcrValues != "" {
			scenario += " [acr_values=" + u.AcrValues + "]"
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s\n", u.Username, u.Password, scenario)
	}
	tw.Flush()
}
