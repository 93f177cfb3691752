//go:build js && wasm

package main

import (
	"strings"
	"testing"
)

func TestSnapshotRestoresIntoAFreshEngine(t *testing.T) {
	t.Parallel()
	h := newEngine(t)
	do(t, "start", h)
	do(t, "receive", h, responseJSON(200, flowDoc("f9", "OTP_REQUIRED", "otp.check")))
	var snap string
	ok(t, &snap, "snapshot", h)
	if !strings.Contains(snap, `"format":"pingflow.snapshot"`) {
		t.Fatalf("snapshot %q", snap)
	}

	// A "reload": a new engine with the same configuration continues where the old one was.
	h2 := newEngine(t)
	ok(t, nil, "restore", h2, snap)
	cur := do(t, "current", h2)
	if cur.Kind != "show" || cur.Step.Status != "OTP_REQUIRED" || cur.Step.FlowID != "f9" {
		t.Fatalf("current after restore %+v", cur)
	}
}

func TestSnapshotHoldsNoPassword(t *testing.T) {
	t.Parallel()
	h := newEngine(t)
	do(t, "start", h)
	do(t, "receive", h, responseJSON(200, flowDoc("f1", "USERNAME_PASSWORD_REQUIRED", "usernamePassword.check")))
	do(t, "submit", h, "usernamePassword.check", `{"username":"u","password":"S3cret-pw!"}`)
	var snap string
	ok(t, &snap, "snapshot", h)
	if strings.Contains(snap, "S3cret-pw!") {
		t.Fatal("the snapshot contains the password")
	}
}

func TestRestoreRefusesADamagedSnapshot(t *testing.T) {
	t.Parallel()
	h := newEngine(t)
	do(t, "start", h)
	var snap string
	ok(t, &snap, "snapshot", h)
	damaged := strings.Replace(snap, `"phase":"await"`, `"phase":"idle"`, 1)
	if damaged == snap {
		t.Fatalf("test setup: no phase in %s", snap)
	}
	fails(t, codeSnapshot, "restore", newEngine(t), damaged)
	fails(t, codeSnapshot, "restore", newEngine(t), "not a snapshot")
}
