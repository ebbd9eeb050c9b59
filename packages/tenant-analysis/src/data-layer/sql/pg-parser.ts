/**
 * The PostgreSQL parser itself (libpg-query: PostgreSQL's own grammar compiled to WebAssembly,
 * shipped inside the npm package, no download). Its WebAssembly module only loads
 * asynchronously, and ESLint rules are synchronous: the load is awaited here, once, when this
 * module is first imported, so `parsePostgres` is synchronous everywhere after that.
 */
import { createRequire } from "node:module";
import type { ParseResult } from "@pgsql/types";

// The package's ESM entry has no named exports under NodeNext; its CommonJS entry has.
const require = createRequire(import.meta.url);
const libpgQuery = require("libpg-query") as typeof import("libpg-query");

await libpgQuery.loadModule();

export type PostgresParse =
  | { readonly ok: true; readonly result: ParseResult }
  | { readonly ok: false; readonly reason: string; readonly position?: number };

export function parsePostgres(text: string): PostgresParse {
  if (text.trim().length === 0) return { ok: false, reason: "empty statement" };
  try {
    return { ok: true, result: libpgQuery.parseSync(text) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const position = libpgQuery.hasSqlDetails(error) ? error.sqlDetails?.cursorPosition : undefined;
    return { ok: false, reason: message, ...(position === undefined ? {} : { position }) };
  }
}
