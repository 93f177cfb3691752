// Every word the sign-on card says, in English. The renderer never names a PingOne status or
// action: it looks its words up here by what the engine puts on the Step —
//
//   steps[step.key]        the heading, the main button and its busy text, the "sent again" notice
//   roles[action.role]     links and views of the other actions (forgot password, register, …)
//   devices[device.key]    a device's name, where its one-time code went
//   waits[step.wait]       the waiting panels (push, challenge / QR, a polling form)
//   errors[error.code]     failure panels, and banners on a step (a cancelled passkey, …)
//   fields[field.type]     words around an input of that type
//   ui                     everything else (Back, Cancel, loading, signed in, …)
//
// A value is a string, where {name} is filled in from the variables the renderer passes (a
// string naming an empty variable gives nothing: "to continue to {app}" without an application),
// a list of such strings (the first that gives something wins), or a function of the variables
// (plurals). Labels the server wrote itself (a DaVinci form's titles and buttons, an identity
// provider's name) are shown as sent and are not here; which steps those are, and the icons, are
// presentation and live in js/render/text.js (SERVER_WORDED_STEPS, DEVICE_ICONS, …).
//
// The other shipped locales (js/i18n/index.js lists them) have exactly these keys, with the same
// {placeholders}; test/locales.test.mjs fails when one differs. A page changes a few words with
// the element's `messages` property or useCatalog(), merged over the locale's catalog.

export default {
  steps: {
    'sign-on': { title: 'Sign on', subtitle: 'to continue to {app}', button: 'Sign on', busy: 'Signing on…' },
    identify: { title: 'Sign on', subtitle: 'to continue to {app}', button: 'Next' },
    password: { title: 'Enter your password', subtitle: 'to continue to {app}', button: 'Sign on', busy: 'Signing on…' },
    'password-expired': { title: 'Your password has expired', subtitle: 'Choose a new password to continue.', button: 'Change password', busy: 'Saving…' },
    'password-change': { title: 'Change your password', subtitle: 'You need to choose a new password before you continue.', button: 'Change password', busy: 'Saving…' },
    recover: {
      title: 'Reset your password', subtitle: 'We sent a recovery code to your email address. Enter it and choose a new password.',
      button: 'Reset password', busy: 'Saving…', resent: 'We sent you a new recovery code.',
    },
    'verify-email': {
      title: 'Verify your email', subtitle: ['We sent a verification code to {email}.', 'We sent a verification code to your email address.'],
      button: 'Verify', busy: 'Verifying…', resent: 'We sent you a new verification code.',
    },
    'choose-device': { title: 'Verify it’s you', subtitle: 'Choose how you want to confirm your sign-on.' },
    // The subtitle says where the code went: devices[key].sent (see below).
    otp: { title: 'Enter your code', subtitle: ['{sent}', 'Enter the one-time code we sent you.'], button: 'Verify', busy: 'Verifying…', resent: 'We sent you a new code.' },
    push: { title: 'Check your phone', subtitle: 'We sent a notification to your phone. Approve it to sign on.' },
    'push-timed-out': { title: 'The notification expired', subtitle: 'Nobody approved it in time. Send it again or choose another device.', button: 'Send again' },
    passkey: { title: 'Use your passkey', subtitle: 'One more step to confirm it’s you.', button: 'Use your passkey' },
    'link-account': { title: 'Link your account', subtitle: ['An account with your {provider} details already exists here. Sign on to it once to link the two.', 'An account with these details already exists. Sign on to link it.'], button: 'Link account', busy: 'Signing on…' },
    'confirm-account': { title: 'Confirm your details', subtitle: ['We will create your account with these details from {provider}.', 'We will create your account with these details.'], button: 'Create account' },
    external: { title: ['Continue with {provider}', 'Continue with your identity provider'], subtitle: ['Your account is with {provider}. Sign on there to continue.', 'Your account is with another service. Sign on there to continue.'] },
    profile: { title: 'Complete your profile', subtitle: ['{prompt}', 'We need a few more details.'], button: 'Continue' },
    agreement: { title: ['{agreement}', 'Terms of use'], subtitle: 'Read and accept the terms to continue.' },
    'device-code': { title: 'Connect your device', subtitle: 'Enter the code shown on your device.', button: 'Continue' },
    'device-consent': { title: 'Allow this device?', subtitle: 'A device asks to use your account.', button: 'Allow', labels: { accept: 'Allow this device' } },
  },

  roles: {
    'forgot-password': {
      link: 'Forgot password?', title: 'Forgot your password?', button: 'Send recovery code',
      subtitle: 'Enter your username and we will email you a recovery code.',
    },
    register: { link: 'Create an account', title: 'Create your account', subtitle: 'to use {app}', button: 'Create account' },
    resend: {
      link: 'Send a new code',
      wait: ({ seconds }) => (seconds === 1 ? 'You can ask for a new code in 1 second.' : `You can ask for a new code in ${seconds} seconds.`),
    },
    'change-device': {
      link: 'Use another device', linkNone: 'Choose a device', linkWaiting: 'Choose another device',
      title: 'Choose another device', subtitle: 'Choose how you want to confirm your sign-on.',
      resend: 'Send a new code', resent: 'We sent you a new code.', list: 'Your devices', current: 'current',
    },
    'reset-identity': { link: 'Not you?', label: 'Not you? Sign on as someone other than {user}' },
    cancel: { link: 'Cancel' },
    passkey: {
      button: 'Sign in with a passkey', busy: 'Waiting for your passkey…',
      create: 'Set up a passkey', createBusy: 'Setting up your passkey…',
      createTitle: 'Set up a passkey', createText: 'Next time, sign on with your fingerprint, face or screen lock instead of a password.',
      getText: 'Use the passkey on this device, your phone or a security key.',
      unsupported: 'This browser cannot use passkeys. Choose another way to sign on.',
    },
    social: { button: 'Continue with {provider}', busy: 'Taking you to {provider}…', provider: 'your identity provider' },
  },

  // The engine's device keys (Device.key): sms, email, voice, push, totp, passkey, whatsapp, oath.
  devices: {
    sms: { name: 'Text message', sent: 'We sent a code by text message to {target}.', sentAnywhere: 'We sent you a code by text message.' },
    email: { name: 'Email', sent: 'We sent a code to {target}.', sentAnywhere: 'We sent a code to your email address.' },
    voice: { name: 'Voice call', sent: 'We are calling {target} with your code.', sentAnywhere: 'We are calling you with your code.' },
    whatsapp: { name: 'WhatsApp', sent: 'We sent a code by WhatsApp to {target}.', sentAnywhere: 'We sent you a code by WhatsApp.' },
    push: { name: 'Push notification', detail: 'Approve on your phone' },
    totp: { name: 'Authenticator app', detail: 'Code from your app', sentAnywhere: 'Enter the code shown in your authenticator app.' },
    oath: { name: 'Hardware token', detail: 'Code from your token', sentAnywhere: 'Enter the code shown on your token.' },
    passkey: { name: 'Passkey or security key', detail: 'Use your passkey' },
  },

  waits: {
    push: { status: 'Waiting for your approval…', justNow: 'Sent just now', since: 'Sent {seconds} seconds ago' },
    challenge: { status: 'Waiting for approval…', hint: 'Scan the code with your phone, then approve the sign-on there.', justNow: 'Just started', since: '{seconds} seconds so far' },
    poll: { status: 'Waiting…', justNow: 'Just started', since: '{seconds} seconds so far' },
  },

  // By the engine's error.code: `title` + `text` for a panel when the flow ended, `banner` for a
  // step that stays on screen.
  errors: {
    flow_expired: { title: 'This sign-on has expired', text: 'You took a little too long. Start again to sign on.' },
    flow_failed: { title: 'Sign-on did not complete', text: 'The sign-on could not be completed.' },
    session_rejected: { title: 'This sign-on has ended', text: 'Start again to sign on.' },
    interaction_expired: { title: 'This sign-on has expired', text: 'You took a little too long. Start again to sign on.' },
    interaction_rejected: { title: 'This sign-on has moved on', text: 'It continued in another tab or step. Start again to sign on here.' },
    poll_limit: { title: 'No approval received', text: 'We waited for the notification to be approved. Start again when you are ready.' },
    // OAuth access_denied: authorize refused the request, or the person cancelled at their
    // identity provider (which comes back with it) — not a verdict on the person.
    access_denied: { title: 'Sign-on was not completed', text: 'It was cancelled or refused. Start again to sign on, or choose another way.' },
    cancelled: { title: 'Sign-on cancelled', text: 'You can start again whenever you like.' },
    challenge_expired: { title: 'This sign-on request has expired', text: 'It was not approved on your phone in time. Start again to send a new one.' },
    webauthn_cancelled: { banner: 'The passkey request was cancelled or timed out. Try again, or sign on another way.' },
    webauthn_unsupported: { banner: 'This browser cannot use passkeys. Sign on another way.' },
    webauthn_failed: { banner: 'Your passkey could not be used. Try again, or sign on another way.' },
    // After retry() of an action whose answer was lost: the server had not applied it, the
    // same step is back (error.class retry) and the person submits again.
    not_applied: { banner: 'Your last answer did not reach the sign-on service. Please send it again.' },
    // Any other code, by what the page can do about it (error.class).
    misconfiguration: { title: 'Sign-on is not available', text: 'This page is not set up correctly for the sign-on service. The details below help whoever maintains it.' },
    retry: { title: 'We could not reach the sign-on service', text: 'Check your connection and try again.' },
    other: { title: 'Something went wrong', text: 'The sign-on could not be completed.', banner: 'Something went wrong.' },
  },
  // Where the server's own code says more than the engine's (error.serverCode).
  serverErrors: {
    PUSH_DENIED: { title: 'Sign-on denied', text: 'The notification was denied on your phone. Start again to sign on.' },
    // DaVinci's cross-device sign-on (the QR panel): the request denied or left unanswered on the phone.
    CHALLENGE_DENIED: { title: 'Sign-on denied', text: 'The sign-on request was denied on your phone. Start again to sign on.' },
    CHALLENGE_EXPIRED: { title: 'This sign-on request has expired', text: 'It was not approved on your phone in time. Start again to send a new one.' },
  },

  // Why a new password was refused (error details' unsatisfiedRequirements).
  requirements: {
    length: 'it is too short or too long',
    minCharacters: 'it lacks a required kind of character',
    maxRepeatedCharacters: 'it repeats a character too often',
    minUniqueCharacters: 'it has too few different characters',
    excludesCommonlyUsed: 'it is too commonly used',
    excludesProfileData: 'it contains your name, username or email',
    history: 'it is one of your recent passwords',
    notSimilarToCurrent: 'it is too similar to your current password',
    notAccepted: 'Not accepted: {reasons}.',
    comma: ', ',
    and: ' and ',
  },

  // The live checklist under a new password; `rules` words each rule js/policy-rules.js makes.
  policy: {
    title: 'Your password needs',
    met: 'done', unmet: 'not yet', info: 'checked when you submit',
    allMet: 'Your password meets every requirement.',
    rules: {
      length: '{min} to {max} characters',
      minLength: ({ count }) => (count === 1 ? 'At least 1 character' : `At least ${count} characters`),
      maxLength: ({ count }) => (count === 1 ? 'At most 1 character' : `At most ${count} characters`),
      upper: ({ count }) => (count === 1 ? 'At least 1 uppercase letter' : `At least ${count} uppercase letters`),
      lower: ({ count }) => (count === 1 ? 'At least 1 lowercase letter' : `At least ${count} lowercase letters`),
      digit: ({ count }) => (count === 1 ? 'At least 1 number' : `At least ${count} numbers`),
      special: ({ count, characters }) => (count === 1 ? `At least 1 special character (${characters})` : `At least ${count} special characters (${characters})`),
      other: ({ count, characters }) => `At least ${count} of ${characters}`,
      unique: ({ count }) => `At least ${count} different characters`,
      repeat: ({ count }) => (count === 1 ? 'No character twice in a row' : `No character more than ${count} times in a row`),
      profile: 'Does not contain your name, username or email',
      common: 'Not a commonly used password',
      history: 'Not one of your recent passwords',
    },
  },

  // Words around an input, by field.type.
  fields: {
    optional: ' (optional)',
    choose: 'Choose…',
    pattern: '{label} is not in the expected format.',
    'new-password': {
      showConfirm: 'Show password confirmation', hideConfirm: 'Hide password confirmation',
      confirm: ({ label }) => `Confirm ${String(label).toLowerCase()}`, again: 'Type the new password again.', mismatch: 'The passwords do not match.',
      notMet: 'The new password does not meet every requirement yet.',
    },
    password: { show: 'Show password', hide: 'Hide password' },
    boolean: { required: 'Check this box to continue.' },
    phone: { country: '{label}: country code', countryHint: 'Enter the two-letter country code, such as US.', extension: 'Extension' },
    device: { name: 'Device' },
  },

  // Fields the engine names (field.key), on steps whose words are the catalog's; a DaVinci form's
  // and a profile's labels are shown as sent.
  labels: {
    username: 'Username', password: 'Password', email: 'Email', otp: 'One-time code',
    currentPassword: 'Current password', newPassword: 'New password',
    recoveryCode: 'Recovery code', verificationCode: 'Verification code',
    accept: 'I accept the agreement', userCode: 'Code shown on your device',
    'name.given': 'First name', 'name.family': 'Last name', device: 'Device',
  },

  ui: {
    back: 'Back',
    cancel: 'Cancel',
    or: 'or',
    otherOptions: 'Other options',
    checkField: 'Check the highlighted field.',
    pleaseWait: 'Please wait…',
    pleaseWaitShort: 'Please wait.',
    loading: 'Loading sign-on…',
    redirecting: 'Signing you in…',
    redirectingText: 'Taking you back to the application.',
    redirectingAnnounce: 'Signing you in.',
    leaving: 'Taking you to {provider}…',
    leavingText: 'You will come back here when you have signed on there.',
    returning: 'Welcome back',
    signedIn: 'You are signed in',
    signedInAnnounce: 'You are signed in.',
    welcome: 'Welcome, {name}.',
    startAgain: 'Start again',
    tryAgain: 'Try again',
    details: 'Details',
    cancelledMessage: 'The sign-on was cancelled.',
    agreement: 'Agreement',
    accept: 'Accept',
    decline: 'Decline',
    qrCode: 'QR code',
    signOn: 'Sign on',
    unknownPart: 'Part of this form cannot be shown here ({type})',
    attemptsLeft: ({ count }) => (count === 1 ? '1 attempt left.' : `${count} attempts left.`),
    locked: 'Your account is locked.',
    tryAgainIn: ({ seconds }) => (seconds < 90 ? `Try again in ${seconds} seconds.` : `Try again in ${Math.ceil(seconds / 60)} minutes.`),
    notConfigured: 'The sign-on configuration lacks {keys}',
  },
};
