// A stand-in for PingOne Protect's Signals SDK, served by the pingflow emulator at
// /_emulator/signals.js so that a page can be tried offline the way it runs against PingOne:
// load the SDK, init it, and hand getData() to the sign-on (pingflow's `protect` option).
//
//   await window._pingOneSignals.init({ behavioralDataCollection: true });
//   const signals = await window._pingOneSignals.getData();
//
// Like the real SDK it exposes window._pingOneSignals (init, getData) and fires
// "PingOneSignalsReadyEvent" on document once loaded. What it collects is real but small (the
// browser's language, time zone, screen, platform and, with behavioural collection on, counts of
// key presses and pointer moves since init); getData() encodes it as the opaque, dot-separated
// base64url payload the emulator's risk evaluation expects. It is not Ping's SDK and does not
// pretend to score anything: the emulator only checks the payload's shape.
(() => {
  if (typeof window === 'undefined' || window._pingOneSignals) return;
  const counts = { keys: 0, pointer: 0 };
  let options = null;
  const b64url = (s) => btoa(unescape(encodeURIComponent(s))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  window._pingOneSignals = {
    init(opts = {}) {
      options = { behavioralDataCollection: opts.behavioralDataCollection !== false, universalDeviceIdentification: opts.universalDeviceIdentification !== false };
      if (options.behavioralDataCollection) {
        document.addEventListener('keydown', () => { counts.keys++; }, { capture: true, passive: true });
        document.addEventListener('pointermove', () => { counts.pointer++; }, { capture: true, passive: true });
      }
      return Promise.resolve();
    },
    getData() {
      if (!options) return Promise.reject(new Error('_pingOneSignals.getData: call init() first'));
      const device = {
        language: navigator.language, timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
        screen: [screen.width, screen.height, screen.colorDepth], platform: navigator.platform,
        touch: navigator.maxTouchPoints || 0,
      };
      const header = { sdk: 'pingflow-emulator-signals', v: 1, at: Date.now() };
      const body = { device: options.universalDeviceIdentification ? device : null, behavior: options.behavioralDataCollection ? { ...counts } : null };
      return Promise.resolve(`${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(body))}`);
    },
  };
  document.dispatchEvent(new Event('PingOneSignalsReadyEvent'));
})();
