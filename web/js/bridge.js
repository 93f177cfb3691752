// loadBridge imports the bridge module: the page's bridge-url when one is given (a page with no
// bundler points it at the bridge's pingflow.js or pingflow.min.js), else the package
// @pingflow/bridge, which a bundler resolves (and a page without one may map in an import map).

/** @param {string} [url] bridge-url, relative to the page */
export function loadBridge(url) {
  if (url) return import(/* @vite-ignore */ /* webpackIgnore: true */ new URL(url, document.baseURI).href);
  return import('@pingflow/bridge').catch((err) => {
    throw new Error(`cannot load the bridge @pingflow/bridge (${err.message}); install it beside @pingflow/signon, ` +
      'or, with no bundler, set bridge-url to its pingflow.min.js or map @pingflow/bridge in an import map', { cause: err });
  });
}
