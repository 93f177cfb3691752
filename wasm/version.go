//go:build js && wasm

package main

// version is the package version the module reports (version() → version). `make wasm` sets it
// from bridge/package.json with -ldflags '-X main.version=…', so the module and the bridge that
// ships it agree; the bridge refuses a module of another version. A build without the flag (go
// test, a plain go build) reports "dev", which the bridge accepts.
var version = "dev"
