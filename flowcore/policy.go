package flowcore

import "unicode/utf8"

// Password policy rule names, as PingOne names them in unsatisfiedRequirements.
const (
	RuleLength                = "length"
	RuleMinCharacters         = "minCharacters"
	RuleMaxRepeatedCharacters = "maxRepeatedCharacters"
	RuleMinUniqueCharacters   = "minUniqueCharacters"
)

// Unsatisfied lists the rules pw breaks, for a live checklist while a new password is typed. Only
// the rules a browser can check are checked; history, commonly used passwords and profile data are
// the server's to judge.
func (p *PasswordPolicy) Unsatisfied(pw string) []string {
	var out []string
	n := utf8.RuneCountInString(pw)
	if n < p.MinLength || p.MaxLength > 0 && n > p.MaxLength {
		out = append(out, RuleLength)
	}
	for _, set := range p.MinCharacters {
		count := 0
		for _, r := range pw {
			for _, c := range set.Characters {
				if r == c {
					count++
					break
				}
			}
		}
		if count < set.Min {
			out = append(out, RuleMinCharacters)
			break
		}
	}
	if p.MaxRepeatedCharacters > 0 && longestRun(pw) > p.MaxRepeatedCharacters {
		out = append(out, RuleMaxRepeatedCharacters)
	}
	if p.MinUniqueCharacters > 0 {
		seen := map[rune]bool{}
		for _, r := range pw {
			seen[r] = true
		}
		if len(seen) < p.MinUniqueCharacters {
			out = append(out, RuleMinUniqueCharacters)
		}
	}
	return out
}

// longestRun is the length of the longest run of one repeated character.
func longestRun(s string) int {
	best, run := 0, 0
	var prev rune = -1
	for _, r := range s {
		if r == prev {
			run++
		} else {
			run = 1
		}
		prev = r
		if run > best {
			best = run
		}
	}
	return best
}
