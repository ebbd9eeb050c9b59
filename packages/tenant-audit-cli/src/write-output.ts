/**
 * Writes a report or baseline so that a failed run leaves nothing half-written, without harming
 * what the path points at:
 * - a regular file (new or existing) is written to a temporary sibling and renamed into place,
 *   keeping an existing file's permission bits, and refusing a file we may not write to;
 * - through a symbolic link, the link's target is replaced and the link kept;
 * - anything else (a FIFO, a terminal, `/dev/stdout`, a device node) is written in place: a rename
 *   would replace it with a regular file, and `/dev/stdout` cannot be renamed over at all.
 * Writing is split in two: `prepareWrite` does everything that can fail, `commit` puts it in place,
 * so a run that writes two files (report and baseline) writes neither when one cannot be written.
 */
import {
  type Stats,
  accessSync,
  closeSync,
  constants,
  chmodSync,
  existsSync,
  openSync,
  readlinkSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
} from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { AuditError, oneLine } from "./errors.js";
import { trackTemporaryFile, untrackTemporaryFile } from "./interrupts.js";

export interface PreparedWrite {
  /** Puts the content in place. */
  commit(): void;
  /** Removes anything prepared (a temporary file). */
  abort(): void;
}

/**
 * `/dev/stdout`, `/dev/stderr`, `/dev/fd/N`, `/proc/self/fd/N`: the descriptor they name. Opening
 * them again fails when the descriptor is a socket (ENXIO), and renaming over them is wrong: the
 * caller writes to the descriptor it already has.
 */
export function descriptorOf(path: string): number | undefined {
  if (path === "/dev/stdout") return 1;
  if (path === "/dev/stderr") return 2;
  const match = /^\/(?:dev\/fd|proc\/self\/fd)\/(\d+)$/u.exec(path);
  return match ? Number(match[1]) : undefined;
}

/** `shown` is the path as the user gave it, for messages. */
export function prepareWrite(path: string, content: string, shown = path): PreparedWrite {
  try {
    const existing = statOrUndefined(path);
    if (existing && (!existing.isFile() || isDescriptorAlias(path))) {
      // Checked now so that a path we cannot open fails before anything else is written.
      accessSync(path, constants.W_OK);
      return { commit: () => writeInPlace(path, content, shown), abort: () => {} };
    }
    const target = resolvedTarget(path);
    if (existing) accessSync(target, constants.W_OK);
    const temporary = join(dirname(target), `.${basename(target)}.${process.pid}.tmp`);
    trackTemporaryFile(temporary);
    try {
      writeFileSync(temporary, content, existing ? { mode: existing.mode & 0o7777 } : {});
      // The mode given at creation is filtered by the umask; an existing file's bits are kept exactly.
      if (existing) chmodSync(temporary, existing.mode & 0o7777);
    } catch (error) {
      rmSync(temporary, { force: true });
      untrackTemporaryFile(temporary);
      throw error;
    }
    return {
      commit: () => {
        try {
          renameSync(temporary, target);
        } catch (error) {
          rmSync(temporary, { force: true });
          throw new AuditError(`cannot write ${shown}: ${oneLine(error)}`);
        } finally {
          untrackTemporaryFile(temporary);
        }
      },
      abort: () => {
        rmSync(temporary, { force: true });
        untrackTemporaryFile(temporary);
      },
    };
  } catch (error) {
    if (error instanceof AuditError) throw error;
    throw new AuditError(`cannot write ${shown}: ${oneLine(error)}`);
  }
}

/** Prepares and commits in one step. */
export function writeFileAtomic(path: string, content: string, shown = path): void {
  prepareWrite(path, content, shown).commit();
}

/** The file a path names, through symbolic links; a dangling link names the file it would create. */
function resolvedTarget(path: string): string {
  if (!existsSync(path)) {
    try {
      // A dangling link: write the file it points at, keeping the link.
      const link = readlinkSync(path);
      return resolve(dirname(path), link);
    } catch {
      return path;
    }
  }
  return realpathSync(path);
}

/**
 * `/dev/stdout`, `/dev/fd/1`, `/proc/self/fd/1`: an open descriptor of this process, even when it
 * leads to a regular file (`> report.txt`): it is written through, never renamed over.
 */
function isDescriptorAlias(path: string): boolean {
  try {
    return /^\/proc\/(?:self|\d+)\/fd\//u.test(realpathSync(path)) || /^\/dev\/(?:stdout|stderr|fd\/)/u.test(path);
  } catch {
    return false;
  }
}

function statOrUndefined(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

function writeInPlace(target: string, content: string, shown: string): void {
  let fd: number | undefined;
  try {
    // Appending: for a FIFO or device it is the same as writing, and through `/dev/stdout` it keeps
    // what a shell's `>>` asked for.
    fd = openSync(target, "a");
    const bytes = Buffer.from(content);
    for (let offset = 0; offset < bytes.length;) offset += writeSync(fd, bytes, offset, bytes.length - offset);
  } catch (error) {
    throw new AuditError(`cannot write ${shown}: ${oneLine(error)}`);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
