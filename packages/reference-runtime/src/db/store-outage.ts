// Connection-level failures of the databases the store runs on: the database is away or
// not answering in time, as opposed to a bug or a bad query. They answer 503, like Redis's.
const NETWORK_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "ENOTFOUND"]);
// PostgreSQL SQLSTATEs: query_canceled (statement_timeout), admin/crash shutdown, cannot
// connect now, and the connection_exception class.
const POSTGRES_STATES = new Set(["57014", "57P01", "57P02", "57P03", "08000", "08001", "08003", "08004", "08006"]);
const PG_CLIENT_MESSAGES = /^(timeout exceeded when trying to connect|Connection terminated|Query read timeout)/;
const MONGO_NETWORK_ERRORS = new Set(["MongoNetworkError", "MongoNetworkTimeoutError", "MongoServerSelectionError"]);

/** True when `err` (or what it wraps: Drizzle wraps pg's errors in `cause`) says the database is unreachable. */
export function isStoreOutage(err: unknown, depth = 0): boolean {
  if (!(err instanceof Error) || depth > 3) return false;
  const code = (err as { code?: unknown }).code;
  if (typeof code === "string" && (NETWORK_CODES.has(code) || POSTGRES_STATES.has(code))) return true;
  if (PG_CLIENT_MESSAGES.test(err.message) || MONGO_NETWORK_ERRORS.has(err.name)) return true;
  return isStoreOutage(err.cause, depth + 1);
}
