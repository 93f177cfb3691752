package flowcore

import "strconv"

// sprintf formats the engine's messages: %s, %q, %d, %v and %T of the values they use (strings
// and the package's string types, integers, errors) and %%. It stands in for fmt.Sprintf, which
// with reflect costs the browser module about 100 KB gzipped; %q quotes as fmt does
// (strconv.Quote).
func sprintf(format string, args ...any) string {
	b := make([]byte, 0, len(format)+32)
	n := 0
	for i := 0; i < len(format); i++ {
		c := format[i]
		if c != '%' || i+1 == len(format) {
			b = append(b, c)
			continue
		}
		i++
		verb := format[i]
		if verb == '%' {
			b = append(b, '%')
			continue
		}
		if n >= len(args) {
			b = append(b, "%!"...)
			b = append(b, verb)
			b = append(b, "(MISSING)"...)
			continue
		}
		a := args[n]
		n++
		switch verb {
		case 'T':
			b = append(b, typeName(a)...)
		case 'q':
			b = strconv.AppendQuote(b, text(a))
		default: // s, d, v
			b = append(b, text(a)...)
		}
	}
	if formatCheck != nil {
		formatCheck(format, args, string(b))
	}
	return string(b)
}

// formatCheck, set by the package's tests, sees every message sprintf makes (format_test.go
// compares each with fmt.Sprintf's).
var formatCheck func(format string, args []any, got string)

// text is a value as %s, %d and %v print it.
func text(a any) string {
	switch v := a.(type) {
	case string:
		return v
	case int:
		return strconv.Itoa(v)
	case int64:
		return strconv.FormatInt(v, 10)
	case float64:
		return strconv.FormatFloat(v, 'g', -1, 64)
	case bool:
		return strconv.FormatBool(v)
	case Class:
		return string(v)
	case CeremonyKind:
		return string(v)
	case EffectKind:
		return string(v)
	case Purpose:
		return string(v)
	case mode:
		return string(v)
	case phase:
		return string(v)
	case error:
		return v.Error()
	case nil:
		return "<nil>"
	}
	return "?"
}

// typeName names the types a JSON value decodes to, as %T does.
func typeName(a any) string {
	switch a.(type) {
	case nil:
		return "<nil>"
	case string:
		return "string"
	case bool:
		return "bool"
	case float64:
		return "float64"
	case int:
		return "int"
	case []any:
		return "[]interface {}"
	case map[string]any:
		return "map[string]interface {}"
	case []string:
		return "[]string"
	}
	return "another type"
}
