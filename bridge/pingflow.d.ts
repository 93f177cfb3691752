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
  /** authorize, flow.read, flow.action, flow.poll, resume, token, signoff, ... */
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
  retries?: number | { count?: number; baseDelayMs?: number; maxDelayMs?: number };
  /** The fetch to use (default globalThis.fetch). */
  fetch?: typeof fetch;
  /** Where snapshots live (default sessionStorage, or memory where there is none). */
  storage?: SnapshotStorage;
  /** The snapshot's key (default "pingflow:<clientId>"). */
  storageKey?: string;
  /** Save a snapshot after every step so restore() can continue after a reload (default true). */
  persist?: boolean;
  /** true logs to console.debug; a function receives each entry. Never includes secrets. */
  debug?: boolean | ((message: string, details: Record<string, unknown>) => void);
  middleware?: Middleware[];
  /** How to send the browser somewhere (default location.assign in a page); false never navigates. */
  navigate?: ((url: string) => void) | false;
  /** Who keeps the auth host's cookies: the browser, a jar of the client's own, a shared CookieJar, or auto (default). */
  cookies?: 'auto' | 'browser' | 'jar' | CookieJar;
  /** Where pingflow.wasm is (default next to pingflow.js). Used by the first createClient only. */
  wasmUrl?: string | URL;
  /** Where wasm_exec.js is (default next to pingflow.js). */
  wasmExecUrl?: string | URL;
}

export type ClientConfig = EngineConfig & EngineOptions & BridgeOptions;

// ---- the step model ----

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
}

export interface Option {
  value: string;
  label: string;
  type?: string;
  description?: string;
  default?: boolean;
}

export interface User {
  id?: string;
  username?: string;
  given?: string;
  family?: string;
}

export interface Application {
  id?: string;
  name?: string;
  iconUrl?: string;
}

export interface Device {
  id: string;
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

/** What a page renders. One model for the Flows API and DaVinci. */
export interface Step {
  /** "flows" or "davinci". */
  protocol: string;
  /** The server's status (USERNAME_PASSWORD_REQUIRED, OTP_REQUIRED, ...). */
  status: string;
  /** false for a status the engine does not know; its actions are then generic. */
  known: boolean;
  flowId: string;
  /** The offered actions, the main one first. */
  actions: Action[];
  user?: User;
  application?: Application;
  devices?: Device[];
  selectedDevice?: Device;
  bypassAllowed?: boolean;
  passwordPolicy?: PasswordPolicy;
  socialProviders?: SocialProvider[];
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
  /** Stable: invalid_credentials, invalid_code, missing_field, flow_expired, network, cancelled, ... */
  code: string;
  class: ErrorClass;
  message: string;
  /** Always an array (empty when the server sent none). */
  details: ErrorDetail[];
  httpStatus?: number;
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
  /** The ID token's claims (iss, aud, nonce and exp checked; the signature is not). */
  claims?: { [claim: string]: unknown };
}

/** A step waiting for the person's input. */
export interface FormResult { kind: 'form'; step: Step }
/** Waiting for something outside the page (a push approval): call poll(), or submit() another action. */
export interface WaitResult { kind: 'wait'; step: Step; delayMs: number }
/** The browser is (or must be) sent to url: authorize after login(), resumeUrl at the end of open(). */
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
  tokens: [tokens: Tokens, result: SuccessResult];
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
  /** The tokens of the last successful sign-on (memory only), or null. */
  readonly tokens: Tokens | null;
  /** Embedded sign-on (authorize with response_mode=pi.flow). */
  start(): Promise<Result>;
  /** Continue a flow this page was sent with ?flowId= (custom sign-on page). */
  open(flowId: string): Promise<Result>;
  /** Perform one of the step's actions. Rejects (usage) for an action the step does not offer. */
  submit(action: string, input?: Record<string, unknown>): Promise<Result>;
  /** After a wait result: wait, read again, until the flow moves on. */
  poll(): Promise<Result>;
  /** Send again the request that ended in a retry-class failure. */
  retry(): Promise<Result>;
  /** Redirect sign-on: snapshot, then navigate to authorize. */
  login(): Promise<Result>;
  /** The redirect URI's page: exchange the code (restores the snapshot login() saved). */
  handleRedirect(url?: string | URL): Promise<Result>;
  /** Continue after a reload; null when there is nothing to continue. */
  restore(): Promise<Result | null>;
  /** Abandon the flow; a running call resolves with a 'cancelled' failure. */
  cancel(): void;
  /** Sign off from PingOne (navigates in a page, requests the signoff URL elsewhere). */
  logout(options?: LogoutOptions): Promise<LogoutResult>;
  on<E extends keyof EventMap>(event: E, listener: (...args: EventMap[E]) => void): () => void;
  use(middleware: Middleware): () => void;
  /** Free the engine inside the module. */
  dispose(): void;
}

/** Load the module (once per page or process) and create a client. Rejects only for misuse. */
export function createClient(config: ClientConfig): Promise<Client>;

/** A storage that lives as long as the page or process. */
export function memoryStorage(): SnapshotStorage;

/** The cookie store used outside browsers; share one between clients to act as one browser. */
export class CookieJar {
  constructor(options?: { now?: () => number });
  store(requestUrl: string | URL, setCookies: string[]): void;
  header(requestUrl: string | URL): string;
  clear(): void;
  readonly size: number;
}

/** Load the module ahead of createClient (say, while the page renders). Resolves with its namespace. */
export function loadModule(options?: { wasmUrl?: string | URL; wasmExecUrl?: string | URL }): Promise<unknown>;
