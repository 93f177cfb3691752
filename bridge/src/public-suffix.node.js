// The public suffix list for the Node entry's cookie jars (cookies.js), from tldts (ICANN and
// private suffixes, as browsers use). Only pingflow.node.js imports this: a browser keeps its
// own cookies, so the browser entry and pingflow.min.js carry no list.
import { getPublicSuffix } from 'tldts';

/** Whether domain (lower case, no leading dot) is a public suffix: com, co.uk, github.io... */
export function isPublicSuffix(domain) {
  return getPublicSuffix(domain, { allowPrivateDomains: true }) === domain;
}
