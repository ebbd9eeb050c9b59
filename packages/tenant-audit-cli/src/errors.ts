/**
 * The one error the CLI turns into exit status 2 with its message on one line of stderr:
 * bad usage, bad configuration, an unreadable project or baseline.
 */
export class AuditError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "AuditError";
  }
}

/** The first line of an error's message, for a one-line diagnostic. */
export function oneLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message
    .split(/\r?\n/u)
    .map((line) => line.trim())
    .filter((line) => line.length > 0)
    .join(" ");
}
