/** Writes a whole file or nothing: a temporary sibling renamed into place, so a failed run leaves no half-written report. */
import { renameSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { AuditError, oneLine } from "./errors.js";

export function writeFileAtomic(path: string, content: string): void {
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  try {
    writeFileSync(temporary, content);
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw new AuditError(`cannot write ${path}: ${oneLine(error)}`);
  }
}
