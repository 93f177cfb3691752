// The Node entry (the package's "node" export) has the browser entry's API.
export * from './pingflow.js';
