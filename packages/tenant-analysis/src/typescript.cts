// The core's one handle on TypeScript, loaded with `require`: a host that already required it
// (typescript-eslint's parser) shares the loaded module, and Node does not re-lex its 9 MB
// source for ESM named exports, which cost ~0.4 s per lint process.
import ts = require("typescript");
export = ts;
