// pingflow: PingOne sign-on in the browser and in Node, with the engine compiled to
// WebAssembly. See README.md for the API and pingflow.d.ts for the types.
export { createClient, Client } from './src/client.js';
export { PingflowError } from './src/errors.js';
export { memoryStorage } from './src/storage.js';
export { CookieJar } from './src/cookies.js';
export { loadModule } from './src/loader.js';
export { passkeySupport } from './src/ceremony.js';
