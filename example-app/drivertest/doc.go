// Package drivertest runs the flowcore engine against the emulator over real HTTP: the engine
// and the emulator share no code, so each checks the other's reading of PingOne's wire format.
// The package holds only tests.
package drivertest
