// Type declarations for pingflow's bridge. test/types.test.js checks them against the results
// of real sign-ons (every field a result carries must be declared here, with its type).

// ---- configuration ----

/** The PingOne environment and application (checked by the engine). */
export interface EngineConfig {
  /** Authorization server base URL: https://auth.pingone.com (.eu, .ca, .asia, .com.au, .sg), a custom domain, or a local emulator. */
  authPath: string;
  /** The environment id (a UUID). Optional with customDomain. */
  envId?: string;
  /** authPath is a custom domain: no environment segment in URLs. */
  customDomain?: boolean;
  clientId: string;
  /** Registered on the application exactly as written here. */
  redirectUri: string;
  /** Space separated; default "openid". */
  scope?: string;
  /** Selects a sign-on policy by name. */
  acrValues?: string;
  loginHint?: string;
  prompt?: '' | 'login' | 'none';
  /** authorize max_age, in seconds. */
  maxAge?: number;
  uiLocales?: string;
}

/** The engine's timing (all optional). */
export interface EngineOptions {
  /** Wait between reads of a flow waiting for a push (default 2000). */
  pollIntervalMs?: number;
  /** Bound on those reads (default 150). */
  maxPolls?: number;
  /** How far past exp an ID token is still accepted (default 60000). */
  clockSkewMs?: number;
}

/** A Web Storage-like store; its methods may also return promises. */
export interface SnapshotStorage {
  getItem(key: string): string | null | Promise<string | null>;
  setItem(key: string, value: string): void | Promise<void>;
  removeItem(key: string): void | Promise<void>;
}

/** The request a middleware sees and may change. */
export interface OutgoingRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
}

export interface RequestInfo {
  /** authorize, flow.read, flow.action, flow.poll, resume, token, davinci, davinci.challenge, davinci.continue, signoff, ... */
  purpose: string;
  /** The Flows API action of a flow.action request. */
  action?: string;
  /** The body holds a secret (password, code): do not log it. */
  sensitive: boolean;
}

/** Changes a request before it is sent: mutate request.headers, or return the fields to replace. */
export type Middleware = (request: OutgoingRequest, info: RequestInfo) =>
  void | Partial<OutgoingRequest> | Promise<void | Partial<OutgoingRequest>>;

/** The bridge's own options (all optional). */
export interface BridgeOptions {
  /** Per-attempt request timeout, headers and body (default 15000). */
  timeoutMs?: number;
  /** Retries of idempotent GETs on network errors and 5xx: a count, or the full policy (default 2, 250 ms doubling to 2 s, jittered). */
  /** maxWaitMs (10000): the longest Retry-After (429/503) waited for; a longer one ends the retries. */
  retries?: number | { count?: number; baseDelayMs?: number; maxDelayMs?: number; maxWaitMs?: number };
  /** The fetch to use (default globalThis.fetch). */
  fetch?: typeof fetch;
  /** Where snapshots live (default sessionStorage, or memory where there is none). */
  storage?: SnapshotStorage;
  /** The snapshot's key (default "pingflow:<clientId>"). */
  storageKey?: string;
  /**
   * Whose tokens these are (default "pingflow:<envId>:<clientId>"): clients with one session key
   * and one storage object share their tokens and renewals (an app's redirect client and its
   * embedded cards), and so do the tabs of the origin (its Web Lock and BroadcastChannel names).
   */
  sessionKey?: string;
  /**
   * Keep a snapshot of every step so restore() can continue after a reload (default true). In a
   * page with its sessionStorage/localStorage, a step's snapshot is written when the page is
   * hidden or left (visibilitychange, pagehide) or the client disposed; other storages after
   * each step (README: "Snapshots").
   * 'session' or 'local' also keeps the refresh token (and its subject) in sessionStorage or
   * localStorage, so getTokens() works after a reload — any script on the origin can read it
   * there (see the README); the default keeps tokens in memory only.
   */
  persist?: boolean | 'session' | 'local';
  /** Share tokens and renewals with the other tabs (BroadcastChannel, Web Locks); default true in a page. */
  syncTabs?: boolean;
  /** true logs to console.debug; a function receives each entry. Never includes secrets. */
  debug?: boolean | ((message: string, details: Record<string, unknown>) => void);
  middleware?: Middleware[];
  /** How to send the browser somewhere (default location.assign in a page); false never navigates. */
  navigate?: ((url: string) => void) | false;
  /** Who keeps the auth host's cookies: the browser, a jar of the client's own, a shared CookieJar, or auto (default). */
  cookies?: 'auto' | 'browser' | 'jar' | CookieJar;
  /**
   * Performs WebAuthn instead of navigator.credentials (Node, tests, a wrapper of your own). Its
   * functions take and return the JSON forms (binaries as base64url).
   */
  webauthn?: WebAuthnProvider;
  /**
   * Collects PingOne Protect signals when a DaVinci form asks for them (e.g. with Ping's Signals
   * SDK, which the page loads itself). Bounded by timeoutMs; without it the engine sends what
   * davinci-client sends without signals.
   */
  protect?: ProtectCollector;
  /**
   * Where to fetch pingflow.wasm instead of the package's own (new URL('./pingflow.wasm',
   * import.meta.url) in assets.js). Relative to the page, or in Node to the working directory.
   * Used by the first createClient (or loadModule) only.
   */
  wasmUrl?: string | URL;
  /** Another Go wasm_exec.js, loaded over the one bundled with the bridge. */
  wasmExecUrl?: string | URL;
  /**
   * The flow id this client will open() (a custom sign-on page's ?flowId=): the flow's read is
   * sent by createClient, while the module loads, and open(sameId) takes its answer. Ignored
   * with middleware (it could change the request).
   */
  openFlowId?: string;
}

export type ClientConfig = EngineConfig & EngineOptions & BridgeOptions;

// ---- ceremonies: what the browser itself must do ----

/** What submitting an action asks the browser to do. */
export type CeremonyKind = 'webauthn.get' | 'webauthn.create' | 'protect' | 'navigate';

/** A base64url string without padding. */
export type Base64URLString = string;

export interface CredentialDescriptorJSON {
  type: 'public-key' | (string & {});
  id: Base64URLString;
  transports?: string[];
}

/** PublicKeyCredentialRequestOptionsJSON (WebAuthn Level 3). */
export interface RequestOptionsJSON {
  challenge: Base64URLString;
  rpId?: string;
  timeout?: number;
  allowCredentials?: CredentialDescriptorJSON[];
  userVerification?: 'required' | 'preferred' | 'discouraged' | (string & {});
  hints?: string[];
  extensions?: Record<string, unknown>;
}

/** PublicKeyCredentialCreationOptionsJSON (WebAuthn Level 3). */
export interface CreationOptionsJSON {
  rp: { id?: string; name: string };
  user: { id: Base64URLString; name: string; displayName: string };
  challenge: Base64URLString;
  pubKeyCredParams: { type: 'public-key' | (string & {}); alg: number }[];
  timeout?: number;
  excludeCredentials?: CredentialDescriptorJSON[];
  authenticatorSelection?: {
    authenticatorAttachment?: string;
    residentKey?: string;
    requireResidentKey?: boolean;
    userVerification?: string;
  };
  hints?: string[];
  attestation?: string;
  attestationFormats?: string[];
  extensions?: Record<string, unknown>;
}

/** PublicKeyCredential.toJSON() of an assertion (navigator.credentials.get). */
export interface AuthenticationCredentialJSON {
  id: Base64URLString;
  rawId: Base64URLString;
  type: 'public-key' | (string & {});
  authenticatorAttachment?: string | null;
  response: {
    clientDataJSON: Base64URLString;
    authenticatorData: Base64URLString;
    signature: Base64URLString;
    userHandle?: Base64URLString | null;
  };
  clientExtensionResults: Record<string, unknown>;
}

/** PublicKeyCredential.toJSON() of a new credential (navigator.credentials.create). */
export interface RegistrationCredentialJSON {
  id: Base64URLString;
  rawId: Base64URLString;
  type: 'public-key' | (string & {});
  authenticatorAttachment?: string | null;
  response: {
    clientDataJSON: Base64URLString;
    attestationObject: Base64URLString;
    authenticatorData?: Base64URLString;
    transports?: string[];
    publicKeyAlgorithm?: number;
    publicKey?: Base64URLString;
  };
  clientExtensionResults: Record<string, unknown>;
}

/** A credential in JSON form, or anything with a toJSON() giving one (a browser's PublicKeyCredential). */
export type CredentialLike<C> = C | { toJSON(): C };

/** The client's webauthn option: navigator.credentials with JSON in and out. */
export interface WebAuthnProvider {
  /** mediation is 'conditional' for passkey autofill; abort when signal aborts (reject with an AbortError). */
  get?(request: { publicKey: RequestOptionsJSON; mediation?: 'conditional'; signal: AbortSignal }):
    Promise<CredentialLike<AuthenticationCredentialJSON>>;
  create?(request: { publicKey: CreationOptionsJSON; signal: AbortSignal }):
    Promise<CredentialLike<RegistrationCredentialJSON>>;
  /** Default: true when get() is given. */
  isConditionalMediationAvailable?(): boolean | Promise<boolean>;
  /** Default: false. */
  isUserVerifyingPlatformAuthenticatorAvailable?(): boolean | Promise<boolean>;
}

/** What a DaVinci PROTECT component asks to be collected. */
export interface ProtectSettings {
  behavioralDataCollection: boolean;
  universalDeviceIdentification: boolean;
}

/** Returns the Protect signals string (e.g. the Signals SDK's getData()). */
export type ProtectCollector = (settings: ProtectSettings) => string | Promise<string>;

/** Feature detection for passkeys. */
export interface PasskeySupport {
  /** WebAuthn is there at all (or a webauthn option was given). */
  webauthn: boolean;
  /** Passkey autofill (conditional mediation) can be offered: call autofill(). */
  conditional: boolean;
  /** A user-verifying platform authenticator (Touch ID, Windows Hello, Android screen lock). */
  platformAuthenticator: boolean;
}

// ---- the step model ----

/** What an action means on the page (word it by this, never by its name). */
export type ActionRole = 'primary' | 'alternative' | 'resend' | 'change-device' | 'reset-identity' | 'cancel'
  | 'passkey' | 'social' | 'forgot-password' | 'register' | (string & {});

/** An external identity provider, as the server named it. */
export interface Provider {
  id?: string;
  name?: string;
  type?: string;
}

/** What can be done in a step: a Flows API action (or a DaVinci button) and its inputs. */
export interface Action {
  name: string;
  mediaType: string;
  label: string;
  fields: Field[];
  /** A link the engine has no typed body for: the input is sent as is. */
  generic?: boolean;
  /** DaVinci: "submit" (sends the form's values) or "action" (a flow button or link). */
  event?: string;
  /** Show as a link rather than a button. */
  link?: boolean;
  /** What the action means: primary (the step's main action, first), alternative, resend, passkey, social, ... */
  role?: ActionRole;
  /** What submitting it asks the browser to do (the client performs it). */
  ceremony?: CeremonyKind;
  /** May run as passkey autofill: see Client.autofill(). */
  conditional?: boolean;
  /** The identity provider of a social action. */
  provider?: Provider;
}

export interface Field {
  key: string;
  /** text, email, tel, password, new-password, code, device, boolean, hidden, ... */
  type: string;
  label: string;
  required?: boolean;
  autocomplete?: string;
  /** Prefilled value (the known username, say). */
  value?: string;
  options?: Option[];
  /** The server's messages about this field from the last submission. */
  errors?: string[];
  /** A regular expression the value must match, and what to say when it does not. */
  pattern?: string;
  patternMessage?: string;
  /** Ask for the value twice (a new password). */
  verify?: boolean;
  policy?: PasswordPolicy;
  defaultCountryCode?: string;
  /** A phone field's prefill. */
  phone?: Phone;
  /** A phone field asks for an extension too, labelled extensionLabel. */
  showExtension?: boolean;
  extensionLabel?: string;
}

/** A phone number as DaVinci takes it (the input of a phone field may also be a string). */
export interface Phone {
  countryCode: string;
  phoneNumber: string;
  extension?: string;
}

export interface Option {
  value: string;
  label: string;
  type?: string;
  description?: string;
  default?: boolean;
  /** A device option's stable kind, as Device.key. */
  key?: DeviceKey;
}

export interface User {
  id?: string;
  username?: string;
  email?: string;
  given?: string;
  family?: string;
}

export interface Application {
  id?: string;
  name?: string;
  iconUrl?: string;
}

/** A device's stable kind (word it by this, never by its type). */
export type DeviceKey = 'sms' | 'email' | 'voice' | 'push' | 'totp' | 'passkey' | 'whatsapp' | 'oath' | (string & {});

export interface Device {
  id: string;
  /** sms, email, voice, push (MOBILE), totp, passkey (FIDO2, PLATFORM, SECURITY_KEY), whatsapp, oath, else the type lower-cased. */
  key?: DeviceKey;
  /** SMS, EMAIL, VOICE, MOBILE, TOTP, FIDO2, ... */
  type?: string;
  status?: string;
  /** The masked phone number or address, or the device's name. */
  target?: string;
  name?: string;
}

export interface CharacterSet {
  characters: string;
  min: number;
}

export interface PasswordPolicy {
  id?: string;
  name?: string;
  minLength?: number;
  maxLength?: number;
  minCharacters?: CharacterSet[];
  maxRepeatedCharacters?: number;
  minUniqueCharacters?: number;
  excludesCommonlyUsed?: boolean;
  excludesProfileData?: boolean;
  notSimilarToCurrent?: boolean;
  historyCount?: number;
  minAgeDays?: number;
  maxAgeDays?: number;
  /** The policy as PingOne sent it. */
  raw?: unknown;
}

export interface SocialProvider {
  id?: string;
  name?: string;
  type?: string;
  href?: string;
}

export interface Attribute {
  name: string;
  displayName?: string;
  required?: boolean;
  value?: string;
}

export interface Agreement {
  id?: string;
  name?: string;
  text?: string;
  language?: string;
}

export interface TextPart {
  text: string;
  href?: string;
  target?: string;
}

/** A read-only part of a DaVinci form. */
export interface Content {
  /** label, rich-text, qr-code, agreement, image, error or unknown. */
  type: string;
  key?: string;
  text?: string;
  parts?: TextPart[];
  src?: string;
  raw?: unknown;
  /** The key of the field this content stood before in the form; absent when after every field. */
  before?: string;
}

/**
 * The stable presentation key of a step (word the page by this, never by status). Flows API:
 * one per status; DaVinci: form, waiting (a polling form), challenge (a challenge polling form).
 */
export type StepKey = 'sign-on' | 'identify' | 'password' | 'password-expired' | 'password-change' | 'recover'
  | 'verify-email' | 'choose-device' | 'otp' | 'push' | 'push-timed-out' | 'passkey' | 'link-account'
  | 'confirm-account' | 'external' | 'profile' | 'agreement' | 'device-code' | 'device-consent' | 'unknown'
  | 'form' | 'waiting' | 'challenge' | (string & {});

/** What a page renders. One model for the Flows API and DaVinci. */
export interface Step {
  /** "flows" or "davinci". */
  protocol: string;
  /** The server's status (USERNAME_PASSWORD_REQUIRED, OTP_REQUIRED, ...). */
  status: string;
  /** false for a status the engine does not know; its actions are then generic. */
  known: boolean;
  flowId: string;
  /** What is on screen, stable across protocols and server wording. */
  key: StepKey;
  /** While waiting: what for (push, challenge, poll). */
  wait?: 'push' | 'challenge' | 'poll' | (string & {});
  /** The address or username the step is about, when known. */
  identity?: string;
  /** The offered actions, the main one first. */
  actions: Action[];
  user?: User;
  application?: Application;
  devices?: Device[];
  selectedDevice?: Device;
  bypassAllowed?: boolean;
  passwordPolicy?: PasswordPolicy;
  socialProviders?: SocialProvider[];
  /**
   * The identity provider the step is about: the one the person came back from (account linking
   * and confirmation) or is about to be sent to (external authentication).
   */
  provider?: Provider;
  attributes?: Attribute[];
  promptText?: string;
  agreement?: Agreement;
  title?: string;
  description?: string;
  content?: Content[];
  /** The last submission's error; its field errors are also on the fields. */
  error?: FlowError;
  createdAt?: string;
  expiresAt?: string;
}

// ---- errors ----

/** What a page can do about an error. */
export type ErrorClass = 'fix-and-resubmit' | 'restart' | 'retry' | 'misconfiguration' | 'protocol';

/** One entry of PingOne's details[]. */
export interface ErrorDetail {
  code?: string;
  target?: string;
  message?: string;
  innerError?: unknown;
  failuresRemaining?: number;
  secondsUntilUnlock?: number;
  unsatisfiedRequirements?: string[];
}

/** A flow outcome that is not success. Branch on code and class, never on message. */
export interface FlowError {
  /**
   * Stable: invalid_credentials, invalid_code, missing_field, flow_expired, network, cancelled,
   * cors_refused (a browser refused the response: the page's origin is not allowed), webauthn_cancelled,
   * webauthn_unsupported, webauthn_failed, challenge_expired, not_applied (on a step after retry():
   * the action was not applied, submit it again), ...
   */
  code: string;
  class: ErrorClass;
  message: string;
  /** Always an array (empty when the server sent none). */
  details: ErrorDetail[];
  httpStatus?: number;
  /** A 429/503's Retry-After in milliseconds; retry() waits it (up to retries.maxWaitMs). */
  retryAfterMs?: number;
  /** PingOne's code (INVALID_DATA, PUSH_DENIED, ...) or the OAuth error. */
  serverCode?: string;
  serverId?: string;
  /** The server's JSON error body, verbatim. */
  body?: unknown;
}

// ---- results ----

export interface Tokens {
  accessToken: string;
  tokenType: string;
  idToken?: string;
  refreshToken?: string;
  scope?: string;
  expiresIn?: number;
  /** When the access token expires, in milliseconds since the epoch (compare with Date.now());
   * absent when the server gave no expires_in. */
  expiresAt?: number;
  /** The ID token's claims (iss, aud, nonce and exp checked, and the signature: RS256 or ES256 against the JWKS). */
  claims?: { [claim: string]: unknown };
}

/** A step waiting for the person's input. */
export interface FormResult { kind: 'form'; step: Step }
/** Waiting for something outside the page (a push, a challenge approved elsewhere): call poll(), or submit() another action. */
export interface WaitResult { kind: 'wait'; step: Step; delayMs: number }
/**
 * The browser is (or must be) sent to url: authorize after login(), resumeUrl at the end of
 * open(), an identity provider after a social action (the flow continues when it comes back:
 * restore() or handleRedirect()).
 */
export interface RedirectResult { kind: 'redirect'; url: string }
export interface SuccessResult { kind: 'success'; tokens: Tokens }
export interface FailureResult { kind: 'failure'; error: FlowError }

export type Result = FormResult | WaitResult | RedirectResult | SuccessResult | FailureResult;

/** logout() without navigation: the signoff request was answered with status. */
export interface SignedOutResult { kind: 'signedOut'; url: string; status: number }
export type LogoutResult = SignedOutResult | RedirectResult | FailureResult;

export interface LogoutOptions {
  /** Default: the ID token of the last sign-on. */
  idTokenHint?: string;
  /** Must be registered on the application. */
  postLogoutRedirectUri?: string;
  state?: string;
}

export interface EventMap {
  step: [result: FormResult | WaitResult];
  error: [error: FlowError, result: Result];
  /** A sign-on, a renewal (getTokens, refresh), or another client or tab's. */
  tokens: [tokens: Tokens, result: SuccessResult];
  /** The access token expires within a minute. */
  expiring: [tokens: Tokens];
  /** The access token has expired. */
  expired: [tokens: Tokens];
  /** logout() here, or in another tab (otherTab). */
  signedOut: [info: { otherTab: boolean }];
}

export interface GetTokensOptions {
  /** Renew when the access token expires within this many milliseconds (default 0). */
  minValidityMs?: number;
}

/**
 * getTokens(), refresh() and userinfo() reject with this when no valid tokens can be had:
 * code and class are the error's (login_required / restart: sign on again; grant_rejected;
 * network / retry; id_token_invalid...).
 */
export interface TokenError extends PingflowError {
  class: ErrorClass;
  error: FlowError;
}

/** The userinfo endpoint's claims; sub is the ID token's. */
export interface UserInfo {
  sub: string;
  [claim: string]: unknown;
}

// ---- the API ----

/** Misuse: bad config, a missing API, an action not offered, overlapping calls, a module that cannot load. */
export class PingflowError extends Error {
  name: 'PingflowError';
  /** environment, config, usage, busy, load, snapshot, bad_argument, bad_handle, panic, internal */
  code: string;
  /** The configuration field a config error is about. */
  field?: string;
  constructor(code: string, message: string, extra?: { field?: string; cause?: unknown });
}

export class Client {
  private constructor();
  /** The current tokens (the last sign-on or renewal, here, in a client sharing the storage, or another tab), or null. */
  readonly tokens: Tokens | null;
  /**
   * Valid tokens: the current ones, or renewed when they expire within minValidityMs (the
   * refresh token, rotated; without one, prompt=none while the PingOne session lives). One
   * renewal at a time across clients sharing a storage and across tabs. Rejects with a TokenError.
   */
  getTokens(options?: GetTokensOptions): Promise<Tokens>;
  /** Renewed tokens now, whatever the current ones' expiry. Rejects with a TokenError. */
  refresh(): Promise<Tokens>;
  /** The userinfo endpoint's claims for the access token (sub checked). Rejects with a TokenError. */
  userinfo(): Promise<UserInfo>;
  /** Embedded sign-on (authorize with response_mode=pi.flow). */
  start(): Promise<Result>;
  /** Continue a flow this page was sent with ?flowId= (custom sign-on page). */
  open(flowId: string): Promise<Result>;
  /**
   * Perform one of the step's actions. Rejects (usage) for an action the step does not offer.
   * An action with a ceremony (a passkey, Protect signals) is performed by the browser first; a
   * social action resolves with a redirect. Stops a waiting autofill().
   */
  submit(action: string, input?: Record<string, unknown>): Promise<Result>;
  /** After a wait result: wait, read again, until the flow moves on. */
  poll(): Promise<Result>;
  /** Send again the request that ended in a retry-class failure. */
  retry(): Promise<Result>;
  /** Redirect sign-on: snapshot, then navigate to authorize. */
  login(): Promise<Result>;
  /**
   * The redirect URI's page: exchange the code (restores the snapshot login() saved), or continue
   * the flow an identity provider sent the browser back to (?flowId= or ?continueToken=).
   */
  handleRedirect(url?: string | URL): Promise<Result>;
  /**
   * Continue after a reload; null when there is nothing to continue. When the flow waits for
   * the browser to come back from an identity provider and url (default location.href) is that
   * return, the flow continues from it; without it (the Back button), the step the person left.
   */
  restore(url?: string | URL): Promise<Result | null>;
  /**
   * Passkey autofill on a form step with an action whose conditional is true: starts the
   * conditional WebAuthn request in the background. Resolves with the next result once the
   * person picks a passkey, or null when there is nothing to autofill or it stops (another
   * call such as submit() — which goes ahead at once —, cancel(), stopAutofill(), the page
   * leaving). Never rejects for a cancellation.
   */
  autofill(): Promise<Result | null>;
  /** Stops a waiting autofill() (it resolves with null). */
  stopAutofill(): void;
  /** What this client can do with passkeys here (the webauthn option, or the browser). */
  capabilities(): Promise<PasskeySupport>;
  /** Abandon the flow; a running call resolves with a 'cancelled' failure. */
  cancel(): void;
  /**
   * Sign off: revokes the refresh and access tokens, tells the other tabs (signedOut), then
   * signs off from PingOne (navigates in a page, requests the signoff URL elsewhere).
   */
  logout(options?: LogoutOptions): Promise<LogoutResult>;
  on<E extends keyof EventMap>(event: E, listener: (...args: EventMap[E]) => void): () => void;
  use(middleware: Middleware): () => void;
  /** Free the engine inside the module. */
  dispose(): void;
}

/** Load the module (once per page or process) and create a client. Rejects only for misuse. */
export function createClient(config: ClientConfig): Promise<Client>;

/** What this browser (or the given webauthn option) can do with passkeys. Never rejects. */
export function passkeySupport(options?: { webauthn?: WebAuthnProvider }): Promise<PasskeySupport>;

/** A storage that lives as long as the page or process. */
export function memoryStorage(): SnapshotStorage;

/** The cookie store used outside browsers; share one between clients to act as one browser. */
export class CookieJar {
  /** maxPerDomain (50) and maxTotal (3000) cap the cookies kept; past them the oldest go. */
  constructor(options?: { now?: () => number; maxPerDomain?: number; maxTotal?: number });
  store(requestUrl: string | URL, setCookies: string[]): void;
  header(requestUrl: string | URL): string;
  clear(): void;
  readonly size: number;
}

/** Load the module ahead of createClient (say, while the page renders). Resolves with its namespace. */
export function loadModule(options?: { wasmUrl?: string | URL; wasmExecUrl?: string | URL }): Promise<unknown>;
