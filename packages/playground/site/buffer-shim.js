// Injected by build.mjs into the page bundle: parts of the library use
// Node's Buffer (hex keys of byte strings); in the browser the `buffer`
// package from npm stands in for it.
export { Buffer } from "buffer";
