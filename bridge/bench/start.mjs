// One fresh process: how long until the module is ready. Printed as JSON for run.mjs.
// performance.now() counts from the process's start, so `sinceProcessStart` includes Node's own
// boot and the import of the bridge; `loadModule` is reading, compiling and starting the module.
import { loadModule } from '../pingflow.node.js';

const t0 = performance.now();
await loadModule();
const t1 = performance.now();
process.stdout.write(JSON.stringify({ loadModule: t1 - t0, sinceProcessStart: t1 }));
