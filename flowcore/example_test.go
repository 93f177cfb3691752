package flowcore_test

import (
	"crypto/rand"
	"fmt"
	"strings"
	"time"

	"github.com/pingflow/pingflow/flowcore"
)

// A canned server for the example: what PingOne answers to each request, in order.
var answers = []string{
	`{"id":"f1","status":"USERNAME_PASSWORD_REQUIRED","_links":{
	   "self":{"href":"https://auth.pingone.com/abfba8f6-49eb-49f5-a5d9-80ad5c98f9f6/flows/f1"},
	   "usernamePassword.check":{"href":"https://auth.pingone.com/abfba8f6-49eb-49f5-a5d9-80ad5c98f9f6/flows/f1"}}}`,
	`{"id":"f1","status":"COMPLETED","resumeUrl":"https://auth.pingone.com/abfba8f6-49eb-49f5-a5d9-80ad5c98f9f6/as/resume?flowId=f1"}`,
	`{"id":"f1","status":"COMPLETED","authorizeResponse":{"code":"c0de","state":"STATE"}}`,
	`{"error":"invalid_grant","error_description":"The authorization code has expired."}`,
}

// The driver loop: perform what the engine asks, feed back what came, render steps.
func Example() {
	eng, err := flowcore.New(flowcore.Config{
		AuthPath:    "https://auth.pingone.com",
		EnvID:       "abfba8f6-49eb-49f5-a5d9-80ad5c98f9f6",
		ClientID:    "8c3a9f64-8a3f-4a3c-9e53-1d4f2c5b6a70",
		RedirectURI: "https://app.example.com/callback",
	}, flowcore.Options{Now: time.Now, Rand: rand.Reader})
	if err != nil {
		panic(err)
	}
	var state string
	eff, err := eng.Start()
	for i := 0; err == nil; i++ {
		switch eff.Kind {
		case flowcore.EffectFetch:
			fmt.Println(eff.Request.Method, eff.Request.URL[:strings.IndexAny(eff.Request.URL+"?", "?")])
			if i == 0 {
				state = eff.Request.URL[strings.Index(eff.Request.URL, "state=")+6:]
				state = state[:strings.IndexByte(state+"&", '&')]
			}
			status, body := 200, strings.ReplaceAll(answers[0], "STATE", state)
			answers = answers[1:]
			if len(answers) == 0 {
				status = 400
			}
			eff, err = eng.Receive(flowcore.Response{Status: status, Body: body})
		case flowcore.EffectShow:
			fmt.Println("show", eff.Step.Status, eff.Step.ActionNames())
			eff, err = eng.Submit("usernamePassword.check", map[string]any{"username": "ava", "password": "s3cret!"})
		case flowcore.EffectDone:
			fmt.Println("signed on")
			return
		case flowcore.EffectFail:
			fmt.Println("failed:", eff.Error.Code, eff.Error.Class)
			return
		}
	}
	fmt.Println("misuse:", err)
	// Output:
	// GET https://auth.pingone.com/abfba8f6-49eb-49f5-a5d9-80ad5c98f9f6/as/authorize
	// show USERNAME_PASSWORD_REQUIRED [usernamePassword.check]
	// POST https://auth.pingone.com/abfba8f6-49eb-49f5-a5d9-80ad5c98f9f6/flows/f1
	// GET https://auth.pingone.com/abfba8f6-49eb-49f5-a5d9-80ad5c98f9f6/as/resume
	// POST https://auth.pingone.com/abfba8f6-49eb-49f5-a5d9-80ad5c98f9f6/as/token
	// failed: grant_rejected restart
}
