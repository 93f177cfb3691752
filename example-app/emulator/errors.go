package emulator

import (
	"encoding/json"
	"net/http"
)

// apiError is PingOne's error body, used by the Flows API, pi.flow authorize, resume and the
// development endpoints: {id, code, message, details[{code, target, message, innerError}]}.
type apiError struct {
	status  int
	ID      string        `json:"id"`
	Code    string        `json:"code"`
	Message string        `json:"message"`
	Details []errorDetail `json:"details,omitempty"`
}

type errorDetail struct {
	Code       string         `json:"code"`
	Target     string         `json:"target,omitempty"`
	Message    string         `json:"message"`
	InnerError map[string]any `json:"innerError,omitempty"`
}

const msgInvalidData = "The request could not be completed. One or more validation errors were in the request."

// invalidData is the 400 PingOne returns for any validation failure; the details say which
// field was wrong so a page can show the message next to it.
func invalidData(details ...errorDetail) *apiError {
	return &apiError{status: http.StatusBadRequest, Code: "INVALID_DATA", Message: msgInvalidData, Details: details}
}

func invalidValue(target, message string) errorDetail {
	return errorDetail{Code: "INVALID_VALUE", Target: target, Message: message}
}

func notFound() *apiError {
	return &apiError{status: http.StatusNotFound, Code: "NOT_FOUND", Message: "The requested resource was not found."}
}

func invalidRequest(message string) *apiError {
	return &apiError{status: http.StatusBadRequest, Code: "INVALID_REQUEST", Message: message}
}

func writeAPIError(w http.ResponseWriter, e *apiError) {
	e.ID = newID()
	writeJSON(w, e.status, e)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v) // the only failure is a gone client, which cannot be told
}

// oauthError is the RFC 6749 §5.2 error body used by the token, revocation, introspection and
// userinfo endpoints, and (as query parameters) by redirect-mode authorize errors.
type oauthError struct {
	status      int
	challenge   string // WWW-Authenticate value, for 401s
	Code        string `json:"error"`
	Description string `json:"error_description,omitempty"`
}

func oauthErr(status int, code, description string) *oauthError {
	return &oauthError{status: status, Code: code, Description: description}
}

func writeOAuthError(w http.ResponseWriter, e *oauthError) {
	noStore(w)
	if e.challenge != "" {
		w.Header().Set("WWW-Authenticate", e.challenge)
	}
	writeJSON(w, e.status, e)
}

// noStore marks responses that carry tokens or token errors as uncacheable (RFC 6749 §5.1).
func noStore(w http.ResponseWriter) {
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Pragma", "no-cache")
}
