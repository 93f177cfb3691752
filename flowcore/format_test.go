package flowcore

import (
	"errors"
	"fmt"
	"os"
	"sync"
	"testing"
)

// Every message sprintf makes while the package's tests run must be fmt.Sprintf's.
var formatMismatches struct {
	sync.Mutex
	list []string
}

func TestMain(m *testing.M) {
	formatCheck = func(format string, args []any, got string) {
		if want := fmt.Sprintf(format, args...); want != got {
			formatMismatches.Lock()
			formatMismatches.list = append(formatMismatches.list, fmt.Sprintf("%q: sprintf %q, fmt %q", format, got, want))
			formatMismatches.Unlock()
		}
	}
	code := m.Run()
	if list := checkJSONMismatches(); len(list) > 0 {
		fmt.Println("AppendJSON differs from encoding/json:")
		for _, s := range list {
			fmt.Println("  " + s)
		}
		code = 1
	}
	if len(formatMismatches.list) > 0 {
		fmt.Println("sprintf differs from fmt.Sprintf:")
		for _, s := range formatMismatches.list {
			fmt.Println("  " + s)
		}
		code = 1
	}
	os.Exit(code)
}

func TestSprintf(t *testing.T) {
	for _, c := range []struct {
		format string
		args   []any
	}{
		{"%s and %q, %d%%", []any{"a", `b"c`, 42}},
		{"%v / %s", []any{errors.New("boom"), ClassFix}},
		{"%T %T %T %T %T %T", []any{nil, "s", 1.5, true, []any{}, map[string]any{}}},
		{"%q %s %s %s %s", []any{CeremonyNavigate, EffectDone, PurposeToken, modeOpen, phaseIdle}},
		{"%d", []any{int64(-7)}},
	} {
		if got, want := sprintf(c.format, c.args...), fmt.Sprintf(c.format, c.args...); got != want {
			t.Errorf("sprintf(%q) = %q, fmt.Sprintf gives %q", c.format, got, want)
		}
	}
}
