//go:build js && wasm

package main

import (
	"net/url"
	"testing"
)

func TestSignoffURL(t *testing.T) {
	t.Parallel()
	var u string
	ok(t, &u, "signoffUrl", newEngine(t), `{"idTokenHint":"a.b.c","postLogoutRedirectUri":"http://127.0.0.1:9031/","state":"s1"}`)
	p, err := url.Parse(u)
	if err != nil || p.Path != "/"+testEnvID+"/as/signoff" {
		t.Fatalf("signoff URL %q", u)
	}
	q := p.Query()
	if q.Get("id_token_hint") != "a.b.c" || q.Get("post_logout_redirect_uri") != "http://127.0.0.1:9031/" || q.Get("state") != "s1" {
		t.Fatalf("signoff query %v", q)
	}
}

func TestSignoffURLWithoutParams(t *testing.T) {
	t.Parallel()
	var u string
	ok(t, &u, "signoffUrl", newEngine(t))
	if u != testBase+"/as/signoff" {
		t.Fatalf("signoff URL %q", u)
	}
}
