package flowcore

import (
	"errors"

	"github.com/pingflow/pingflow/flowcore/fjson"
)

// SnapshotVersion is the snapshot format this engine writes and the only one it reads.
const SnapshotVersion = 1

const snapshotFormat = "pingflow.snapshot"

type snapshotEnvelope struct {
	Format  string  `json:"format"`
	Version int     `json:"version"`
	State   RawJSON `json:"state"`
	// Sum is SHA-256 over State: a damaged or hand-edited snapshot is refused, not half-read.
	Sum string `json:"sum"`
}

// snapshotState binds the state to the application it belongs to.
type snapshotState struct {
	AuthPath    string `json:"authPath"`
	EnvID       string `json:"envId,omitempty"`
	ClientID    string `json:"clientId"`
	RedirectURI string `json:"redirectUri"`
	state
}

// SnapshotError says why a snapshot was refused.
type SnapshotError struct{ Reason string }

func (e *SnapshotError) Error() string { return "flowcore: snapshot refused: " + e.Reason }

// Snapshot returns the engine's whole state as versioned JSON, so that a reload or a redirect can
// continue the flow. It holds no password and no tokens: a pending action is replaced by a read of
// the flow. It does hold the PKCE verifier and state, so keep it where the page's own data is kept
// (sessionStorage by default).
func (e *Engine) Snapshot() ([]byte, error) {
	st := e.st
	switch {
	case st.Pending != nil && st.Pending.Purpose == PurposeAction:
		st.Pending = getJSON(e.selfURL(), PurposeFlowRead)
	case st.Pending != nil && e.node != nil && (st.Pending.Purpose == PurposeDaVinci || st.Pending.Purpose == PurposeChallenge || st.Pending.Purpose == PurposeContinue) || st.Phase == phaseCeremony:
		// A capability call holds the person's input, and no ceremony survives a reload: the
		// step is shown again.
		st.Pending, st.Ceremony, st.Phase = nil, nil, phaseShow
		if e.proto().waiting(e) > 0 {
			st.Phase = phaseWait
		}
	}
	// Past the code exchange (the ID token's signature under check) or refreshing, a snapshot
	// would need the tokens: it keeps nothing.
	if st.Phase == phaseDone || e.verifying != nil || st.Mode == modeRefresh {
		st = state{Mode: st.Mode, Phase: phaseIdle}
	}
	ss := snapshotState{
		AuthPath: e.cfg.AuthPath, EnvID: e.cfg.EnvID, ClientID: e.cfg.ClientID, RedirectURI: e.cfg.RedirectURI,
		state: st,
	}
	inner := ss.AppendJSON(nil)
	env := snapshotEnvelope{Format: snapshotFormat, Version: SnapshotVersion, State: inner, Sum: sha256Hex(inner)}
	return env.AppendJSON(make([]byte, 0, len(inner)+128)), nil
}

// Restore replaces the engine's state with a snapshot taken by Snapshot for the same application.
// A snapshot of another version, of another application, or a damaged one is refused with a
// *SnapshotError and the engine is left as it was. Call Current (or HandleRedirect) next.
func (e *Engine) Restore(data []byte) error {
	env, err := readEnvelope(string(data))
	if err != nil {
		return &SnapshotError{"not a pingflow snapshot (" + err.Error() + ")"}
	}
	if env.Format != snapshotFormat {
		return &SnapshotError{sprintf("format %q is not %q", env.Format, snapshotFormat)}
	}
	if env.Version != SnapshotVersion {
		return &SnapshotError{sprintf("it is version %d; this engine reads version %d (start the sign-on again)", env.Version, SnapshotVersion)}
	}
	if sha256Hex(env.State) != env.Sum {
		return &SnapshotError{"it is damaged (checksum mismatch)"}
	}
	var r fjson.Reader
	ss := readSnapshotState(&r, fjson.Parse(string(env.State)))
	if r.Err != nil {
		return &SnapshotError{"its state does not decode: " + r.Err.Error()}
	}
	if ss.AuthPath != e.cfg.AuthPath || ss.EnvID != e.cfg.EnvID || ss.ClientID != e.cfg.ClientID || ss.RedirectURI != e.cfg.RedirectURI {
		return &SnapshotError{sprintf("it belongs to client %s at %s, not to this configuration", ss.ClientID, ss.AuthPath)}
	}
	restored := Engine{cfg: e.cfg, opts: e.opts, st: ss.state}
	if err := restored.checkRestored(); err != nil {
		return &SnapshotError{err.Error()}
	}
	*e = restored
	return nil
}

// checkRestored makes sure the state is one the engine could have been in.
func (e *Engine) checkRestored() error {
	st := &e.st
	switch st.Mode {
	case "", modeEmbedded, modeRedirect, modeOpen:
	default:
		return errors.New(sprintf("unknown mode %q", st.Mode))
	}
	if st.Flow != "" {
		d, ferr := decodeFlow(st.Flow, e.cfg.origin())
		if ferr != nil {
			return errors.New("its flow does not decode: " + ferr.Message)
		}
		e.doc = d
	}
	if st.Node != "" {
		n, nerr := decodeNode(st.Node, e.cfg.origin())
		if nerr != nil {
			return errors.New("its DaVinci form does not decode: " + nerr.Message)
		}
		e.node = n
	}
	switch st.Protocol {
	case "", protocolFlows:
		if st.Node != "" {
			return errors.New("it holds a DaVinci form in a Flows API flow")
		}
	case protocolDaVinci:
		if e.node == nil && (st.Phase == phaseShow || st.Phase == phaseWait) {
			return errors.New("it shows a DaVinci form but holds none")
		}
	default:
		return errors.New(sprintf("unknown protocol %q", st.Protocol))
	}
	needsPKCE := st.Mode == modeEmbedded || st.Mode == modeRedirect
	if needsPKCE && (st.Verifier == "" || st.State == "" || st.Nonce == "") && st.Phase != phaseIdle {
		return errors.New("it lacks the PKCE verifier, state or nonce")
	}
	switch st.Phase {
	case phaseIdle, phaseRedirected:
	case phaseAwait:
		if st.Pending == nil || st.Pending.URL == "" || !sameOrigin(st.Pending.URL, e.cfg.origin()) {
			return errors.New("its pending request is missing or off the auth host")
		}
	case phaseShow, phaseWait, phaseExternal:
		if e.doc == nil && e.node == nil {
			return errors.New("it shows a step but holds no flow")
		}
		if st.Phase == phaseExternal && (st.Ceremony == nil || st.Ceremony.Kind != CeremonyNavigate) {
			return errors.New("it waits for a browser that went nowhere")
		}
	case phaseCallback:
		if st.Mode != modeRedirect {
			return errors.New("it waits for a callback outside a redirect sign-on")
		}
	default:
		return errors.New(sprintf("unknown phase %q", st.Phase))
	}
	return nil
}

// readEnvelope reads a snapshot's envelope. Members it does not know are ignored, as they were
// when encoding/json read it; State is kept byte for byte, since Sum covers those bytes.
func readEnvelope(data string) (snapshotEnvelope, error) {
	var env snapshotEnvelope
	var r fjson.Reader
	root := r.Top("snapshot", data)
	r.Object("snapshot", root, func(k string, v fjson.Result) bool {
		switch k {
		case "format":
			r.Str(k, v, &env.Format)
		case "version":
			r.Int(k, v, &env.Version)
		case "state":
			raw(v, &env.State)
		case "sum":
			r.Str(k, v, &env.Sum)
		}
		return true
	})
	return env, r.Err
}

func sha256Hex(b []byte) string {
	sum := sum256(b)
	const digits = "0123456789abcdef"
	out := make([]byte, 0, 2*len(sum))
	for _, c := range sum {
		out = append(out, digits[c>>4], digits[c&0xF])
	}
	return string(out)
}
