// The package version (package.json's "version"; a test keeps the two equal). The loader refuses
// a module that reports another version: `make wasm` stamps this one into it.
export const VERSION = '0.1.0';
