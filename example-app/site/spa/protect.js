// PingOne Protect signals for the DaVinci sign-on. The page loads a Signals SDK, initialises it,
// and gives the card a function that returns getData() (the bridge's protect option), as an
// application does with Ping's Signals SDK:
//
//   await window._pingOneSignals.init({ envId, behavioralDataCollection: true });
//   card.protect = () => window._pingOneSignals.getData();
//
// Against the emulator the SDK is the emulator's stand-in (/_emulator/signals.js, same API, a
// payload its risk check accepts). Without an SDK the card sends no signals — what Ping's
// davinci-client sends then — and the flow decides (the emulator steps a password sign-on up to
// a second factor).

let ready = null;

/** signalsFor returns the card's protect function, or null when there is no SDK to load. */
export function signalsFor(config) {
  const sdk = config.signalsSdkUrl || (config.inboxUrl ? new URL('/_emulator/signals.js', config.inboxUrl).href : null);
  if (!sdk) return null;
  return async ({ behavioralDataCollection, universalDeviceIdentification } = {}) => {
    ready ??= load(sdk).then(() => window._pingOneSignals.init({ envId: config.envId, behavioralDataCollection, universalDeviceIdentification }));
    await ready;
    return window._pingOneSignals.getData();
  };
}

function load(src) {
  if (window._pingOneSignals) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = src;
    script.onload = () => resolve();
    script.onerror = () => reject(new Error(`could not load the Signals SDK from ${src}`));
    document.head.append(script);
  });
}
