package emulator

import (
	"fmt"
	"net/url"
	"slices"
	"strings"
)

// ParseAppOrigin checks that origin is an http or https origin (scheme and host, optionally a
// port, no path, query, fragment or user info) and returns it in lower case without a trailing
// slash, the form browsers send in the Origin header.
func ParseAppOrigin(origin string) (string, error) {
	u, err := url.Parse(strings.TrimSpace(origin))
	switch {
	case err != nil:
		return "", fmt.Errorf("%q is not a URL: %v", origin, err)
	case u.Scheme != "http" && u.Scheme != "https":
		return "", fmt.Errorf("%q must start with http:// or https://", origin)
	case u.Host == "" || u.Hostname() == "":
		return "", fmt.Errorf("%q has no host", origin)
	case u.User != nil:
		return "", fmt.Errorf("%q must not carry user info", origin)
	case (u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "" || u.ForceQuery:
		return "", fmt.Errorf("%q must be an origin (scheme://host[:port]) with no path, query or fragment", origin)
	}
	return strings.ToLower(u.Scheme + "://" + u.Host), nil
}

// AllowAppOrigin lets an application served at origin (see ParseAppOrigin) use every
// application of the configuration, as registering it in PingOne would: origin/callback joins
// the redirect URIs, origin/ the post-logout redirect URIs, and origin the CORS origins (an
// application that allowed no origin now allows this one). Adding an origin twice changes
// nothing.
func (c *Config) AllowAppOrigin(origin string) error {
	origin, err := ParseAppOrigin(origin)
	if err != nil {
		return err
	}
	add := func(list []string, v string) []string {
		if slices.Contains(list, v) {
			return list
		}
		return append(list, v)
	}
	for i := range c.Applications {
		app := &c.Applications[i]
		app.RedirectURIs = add(app.RedirectURIs, origin+"/callback")
		app.RedirectURIs = add(app.RedirectURIs, origin+"/")
		app.PostLogoutRedirectURIs = add(app.PostLogoutRedirectURIs, origin+"/")
		if app.CORSSettings.Behavior != CORSAllowSpecific {
			app.CORSSettings = CORSSettings{Behavior: CORSAllowSpecific}
		}
		app.CORSSettings.Origins = add(app.CORSSettings.Origins, origin)
	}
	return nil
}
