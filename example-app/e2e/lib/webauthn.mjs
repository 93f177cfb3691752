// Passkeys in Chromium: a CDP virtual authenticator (the platform authenticator a phone or laptop
// would have), the emulator's preloaded credential loaded into it, and an init script that
// records every navigator.credentials.get/create the page makes — its mediation, the options it
// passed and whether its signal was aborted — while the real browser call goes ahead unchanged.
//
// Chromium's virtual authenticator answers a request at once when automatic presence simulation
// is on (as if the person touched the sensor), and lets it wait when it is off. A conditional
// (autofill) request that meets a resident credential with presence on is resolved by Chromium
// itself, as if the person picked the passkey from the autofill list; with presence off it waits
// like an autofill list nobody opens. Turning presence on later does not touch a request already
// waiting: tests switch it with setPresence() between steps.

/**
 * addAuthenticator enables WebAuthn on the page's CDP session and adds a CTAP2 platform
 * authenticator with resident keys and user verification. Returns {cdp, id, setPresence(on),
 * credentials()}.
 */
export async function addAuthenticator(context, page, { presence = true } = {}) {
  const cdp = await context.newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  const { authenticatorId: id } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true,
      isUserVerified: true, automaticPresenceSimulation: presence,
    },
  });
  return {
    cdp,
    id,
    setPresence: (enabled) => cdp.send('WebAuthn.setAutomaticPresenceSimulation', { authenticatorId: id, enabled }),
    credentials: async () => (await cdp.send('WebAuthn.getCredentials', { authenticatorId: id })).credentials,
  };
}

const base64 = (b64url) => Buffer.from(b64url, 'base64url').toString('base64');

/**
 * loadDemoPasskey puts a demo user's preloaded credential (GET /_emulator/demo,
 * users[].passkey) into the authenticator, as the passkey that person already has on the device:
 * resident, not backup-eligible. CDP wants standard base64 where the emulator gives base64url.
 */
export async function loadDemoPasskey(authenticator, demo, username) {
  const pk = demo.users.find((u) => u.username === username)?.passkey;
  if (!pk) throw new Error(`${username} has no preloaded passkey in /_emulator/demo`);
  await authenticator.cdp.send('WebAuthn.addCredential', {
    authenticatorId: authenticator.id,
    credential: {
      credentialId: base64(pk.credentialId),
      isResidentCredential: true,
      rpId: pk.rpId,
      privateKey: pk.privateKey, // PKCS#8, base64 already
      userHandle: base64(pk.userHandle),
      signCount: pk.signCount,
      backupEligibility: false,
      backupState: false,
    },
  });
  return pk;
}

/**
 * recordCeremonies installs (before any page script) a wrapper around navigator.credentials.get
 * and create that records each call in window.__ceremonies: {kind, mediation, challengeBytes,
 * allowCredentials (count), rpId, userVerification, rp, user, hasSignal, aborted, outcome}.
 * window.__refuseNext = 'get' makes the next non-conditional get reject with NotAllowedError
 * without reaching the authenticator (see refuseNextGet).
 */
export function recordCeremonies(page) {
  return page.addInitScript(() => {
    const calls = [];
    window.__ceremonies = calls;
    window.__refuseNext = null;
    const bytes = (b) => (b instanceof ArrayBuffer || ArrayBuffer.isView(b) ? b.byteLength : null);
    const wrap = (kind, real) => (options = {}) => {
      const pk = options.publicKey || {};
      const entry = {
        kind,
        mediation: options.mediation || '',
        challengeBytes: bytes(pk.challenge),
        allowCredentials: Array.isArray(pk.allowCredentials) ? pk.allowCredentials.length : null,
        excludeCredentials: Array.isArray(pk.excludeCredentials) ? pk.excludeCredentials.length : null,
        rpId: pk.rpId ?? pk.rp?.id ?? null,
        userVerification: pk.userVerification ?? pk.authenticatorSelection?.userVerification ?? null,
        userName: pk.user?.name ?? null,
        hasSignal: Boolean(options.signal),
        aborted: Boolean(options.signal?.aborted),
        outcome: 'pending',
      };
      calls.push(entry);
      options.signal?.addEventListener('abort', () => { entry.aborted = true; });
      let promise;
      if (kind === 'get' && entry.mediation !== 'conditional' && window.__refuseNext === 'get') {
        // Stands in for the person pressing Cancel in the browser's passkey dialog: the
        // browser then rejects with NotAllowedError, as here.
        window.__refuseNext = null;
        promise = Promise.reject(new DOMException('The operation either timed out or was not allowed.', 'NotAllowedError'));
      } else {
        promise = real(options);
      }
      promise.then((cred) => { entry.outcome = cred ? 'credential' : 'null'; }, (err) => { entry.outcome = err?.name || 'error'; });
      return promise;
    };
    const container = navigator.credentials;
    if (!container) return;
    container.get = wrap('get', container.get.bind(container));
    container.create = wrap('create', container.create.bind(container));
  });
}

/** ceremonies lists the calls recordCeremonies saw, oldest first. */
export function ceremonies(page) {
  return page.evaluate(() => window.__ceremonies.map((c) => ({ ...c })));
}

/**
 * waitForCeremony waits until the page has made a call matching {kind, mediation, outcome...}
 * and returns it (the first one at or after index from).
 */
export async function waitForCeremony(page, match, { from = 0, timeout = 15000 } = {}) {
  const handle = await page.waitForFunction(([m, start]) => {
    const found = window.__ceremonies.slice(start).find((c) => Object.entries(m).every(([k, v]) => c[k] === v));
    return found ? { ...found } : null;
  }, [match, from], { timeout });
  return handle.jsonValue();
}

/** refuseNextGet makes the page's next (non-conditional) navigator.credentials.get fail as if cancelled. */
export function refuseNextGet(page) {
  return page.evaluate(() => { window.__refuseNext = 'get'; });
}
