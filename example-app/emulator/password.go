package emulator

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"unicode/utf8"
)

// checkNewPassword tests a new password against the environment's password policy. A failure
// is PingOne's INVALID_VALUE detail on target, whose innerError lists the unsatisfied
// requirements by policy field name, each with its own message. previous holds the current
// and earlier passwords (empty for a new user).
func (s *Server) checkNewPassword(target, pw string, u *User, previous []string) *apiError {
	p := s.cfg.PasswordPolicy
	inner := map[string]any{}
	var unsatisfied []string
	fail := func(req, format string, args ...any) {
		unsatisfied = append(unsatisfied, req)
		inner[req] = fmt.Sprintf(format, args...)
	}
	n := utf8.RuneCountInString(pw)
	if n < p.Length.Min || n > p.Length.Max {
		fail("length", "The password must be between %d and %d characters long.", p.Length.Min, p.Length.Max)
	}
	var missing []string
	for _, set := range slices.Sorted(maps.Keys(p.MinCharacters)) {
		if countIn(pw, set) < p.MinCharacters[set] {
			missing = append(missing, fmt.Sprintf("%d of %q", p.MinCharacters[set], set))
		}
	}
	if len(missing) > 0 {
		fail("minCharacters", "The password must contain at least %s.", strings.Join(missing, ", "))
	}
	if p.MaxRepeatedCharacters > 0 && longestRun(pw) > p.MaxRepeatedCharacters {
		fail("maxRepeatedCharacters", "No character may repeat more than %d times in a row.", p.MaxRepeatedCharacters)
	}
	if p.MinUniqueCharacters > 0 && uniqueRunes(pw) < p.MinUniqueCharacters {
		fail("minUniqueCharacters", "The password must contain at least %d different characters.", p.MinUniqueCharacters)
	}
	if p.ExcludesCommonlyUsed && slices.Contains(commonPasswords, strings.ToLower(pw)) {
		fail("excludesCommonlyUsed", "The password is too commonly used.")
	}
	if p.ExcludesProfileData && containsProfileData(pw, u) {
		fail("excludesProfileData", "The password must not contain the username, name or email address.")
	}
	if p.History.Count > 0 && slices.Contains(previous[:min(len(previous), p.History.Count)], pw) {
		fail("history", "The provided new password cannot be the same as the current password or any password in the password history.")
	}
	if len(unsatisfied) == 0 {
		return nil
	}
	inner["unsatisfiedRequirements"] = unsatisfied
	return invalidData(errorDetail{Code: "INVALID_VALUE", Target: target,
		Message: "The password did not satisfy password policy requirements.", InnerError: inner})
}

// passwords is the current password followed by the history, newest first.
func (u *user) passwords() []string { return append([]string{u.Password}, u.history...) }

// setPassword changes the password, keeping as much history as the policy looks at.
func (s *Server) setPassword(u *user, pw string) {
	keep := max(s.cfg.PasswordPolicy.History.Count-1, 0)
	u.history = u.passwords()[:min(keep, len(u.history)+1)]
	u.Password = pw
	u.PasswordStatus = PasswordOK
}

func countIn(pw, set string) int {
	n := 0
	for _, r := range pw {
		if strings.ContainsRune(set, r) {
			n++
		}
	}
	return n
}

func longestRun(pw string) int {
	longest, run := 0, 0
	var prev rune = -1
	for _, r := range pw {
		if r == prev {
			run++
		} else {
			run = 1
		}
		prev = r
		longest = max(longest, run)
	}
	return longest
}

func uniqueRunes(pw string) int {
	seen := map[rune]bool{}
	for _, r := range pw {
		seen[r] = true
	}
	return len(seen)
}

// containsProfileData looks for the username, the names and the email's local part (each of at
// least three characters) inside the password, ignoring case.
func containsProfileData(pw string, u *User) bool {
	lower := strings.ToLower(pw)
	local, _, _ := strings.Cut(u.Email, "@")
	for _, v := range []string{u.Username, u.Name.Given, u.Name.Family, local} {
		if len(v) >= 3 && strings.Contains(lower, strings.ToLower(v)) {
			return true
		}
	}
	return false
}

// commonPasswords is a short stand-in for PingOne's list of commonly used passwords, compared
// case-insensitively.
var commonPasswords = []string{
	"password", "password1", "password1!", "passw0rd", "p@ssw0rd", "p@ssword1", "123456", "12345678",
	"123456789", "qwerty", "qwerty123", "letmein", "letmein1!", "welcome1", "welcome1!", "iloveyou",
	"admin123", "changeme", "changeme1!", "abc12345", "football", "monkey", "sunshine", "trustno1",
}
