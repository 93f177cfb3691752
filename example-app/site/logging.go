package site

import (
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// secretParams are query parameters whose values grant something (an authorization code, a
// token) or tie a response to its request (state, nonce): request logs show them redacted.
// Flow and interaction ids are not secret on their own (they need the session cookie) and are
// kept, so that a log line can be matched to a flow.
var secretParams = map[string]bool{
	"code": true, "state": true, "continuetoken": true, "nonce": true, "code_verifier": true,
	"id_token_hint": true, "token": true, "access_token": true, "refresh_token": true, "id_token": true,
	"interactiontoken": true, "login_hint_token": true, "client_secret": true,
}

// Redacted is what a secret query value is replaced with in logs.
const Redacted = "REDACTED"

// LogRequests logs one line per request on logger, once its response is written: method, path
// (with its query, secret values redacted), status, duration and response bytes.
func LogRequests(logger *slog.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		started := time.Now()
		rec := &recorder{ResponseWriter: w}
		defer func() {
			status := rec.status
			if status == 0 {
				status = http.StatusOK
			}
			logger.LogAttrs(r.Context(), slog.LevelInfo, "request",
				slog.String("method", r.Method),
				slog.String("path", redactedPath(r.URL)),
				slog.Int("status", status),
				slog.Duration("duration", time.Since(started)),
				slog.Int64("bytes", rec.bytes))
		}()
		next.ServeHTTP(rec, r)
	})
}

// redactedPath is the request's path and query with the values of secretParams replaced.
func redactedPath(u *url.URL) string {
	if u.RawQuery == "" {
		return u.Path
	}
	parts := strings.Split(u.RawQuery, "&")
	for i, p := range parts {
		name, _, hasValue := strings.Cut(p, "=")
		key, err := url.QueryUnescape(name)
		if err != nil {
			key = name
		}
		if hasValue && secretParams[strings.ToLower(key)] {
			parts[i] = name + "=" + Redacted
		}
	}
	return u.Path + "?" + strings.Join(parts, "&")
}

// recorder notes the status and the number of body bytes a handler writes.
type recorder struct {
	http.ResponseWriter
	status int
	bytes  int64
}

func (r *recorder) WriteHeader(status int) {
	if r.status == 0 {
		r.status = status
	}
	r.ResponseWriter.WriteHeader(status)
}

func (r *recorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	n, err := r.ResponseWriter.Write(b)
	r.bytes += int64(n)
	return n, err
}

// Unwrap lets http.ResponseController reach the underlying writer (Flush, deadlines).
func (r *recorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }
