/**
 * The PostgreSQL parser itself (libpg-query: PostgreSQL's own grammar compiled to WebAssembly,
 * shipped inside the npm package, no download). Its WebAssembly module only loads
 * asynchronously, and ESLint rules are synchronous: the load is awaited here, once, when this
 * module is first imported, so `parsePostgres` is synchronous everywhere after that, and a parse
 * never depends on whether a load has finished.
 *
 * This is the one parser the core loads at import (~25 ms, compile and runtime start; Node 20, two
 * cores). Not on first use instead: emscripten's factory is async and runs the module's
 * constructors after an `await`, so no synchronous caller can finish it; a worker thread answered
 * through `Atomics.wait` measured ~80–100 ms to the first parse and ~190 µs a statement against
 * ~35 µs here, more than it saves. The price of the top-level await: `require()` of the plugin
 * from CommonJS fails (Node 20.19+ requires only ESM without it); ESLint and `import()` are fine.
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

/**
 * The SQL statements a PL/pgSQL block runs (`DO $$ BEGIN ALTER TABLE …; EXCEPTION … END $$`,
 * which migration generators use to add constraints idempotently), read by PostgreSQL's own
 * PL/pgSQL parser; empty when the block does not parse.
 */
export function plpgsqlStatements(body: string): string[] {
  let tag = "$tenant_audit$";
  while (body.includes(tag)) tag = `$${tag.slice(1, -1)}_$`;
  let tree: unknown;
  try {
    tree = libpgQuery.parsePlPgSQLSync(
      `CREATE FUNCTION tenant_audit_block() RETURNS void AS ${tag}${body}${tag} LANGUAGE plpgsql`,
    );
  } catch {
    return [];
  }
  const queries: string[] = [];
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      for (const item of value) visit(item);
      return;
    }
    if (value === null || typeof value !== "object") return;
    for (const [key, child] of Object.entries(value)) {
      if (key === "PLpgSQL_stmt_execsql") {
        const query = (child as { sqlstmt?: { PLpgSQL_expr?: { query?: unknown } } }).sqlstmt?.PLpgSQL_expr?.query;
        if (typeof query === "string") queries.push(query);
      } else {
        visit(child);
      }
    }
  };
  visit(tree);
  return queries;
}
