/**
 * What an interrupt (SIGINT, SIGTERM) must undo before the process ends: temporary files being
 * written, and a terminal left with its cursor hidden and line wrap off by the progress bar.
 * With these handlers installed, Node delivers the signal between two pieces of synchronous work,
 * so a temporary file is either not yet created or already renamed or registered here.
 */
import { rmSync } from "node:fs";

const temporaryFiles = new Set<string>();
const terminals = new Set<{ write(text: string): unknown }>();

/** Show the cursor, turn line wrap back on: what cli-progress turns off while it draws. */
export const terminalReset = "\u001b[?25h\u001b[?7h";

export function trackTemporaryFile(path: string): void {
  temporaryFiles.add(path);
}

export function untrackTemporaryFile(path: string): void {
  temporaryFiles.delete(path);
}

/** A terminal whose state must be restored on an interrupt; the returned function releases it. */
export function trackTerminal(stream: { write(text: string): unknown }): () => void {
  terminals.add(stream);
  return () => terminals.delete(stream);
}

/** Undoes what is pending; used by the signal handlers (and by tests). */
export function cleanUpAfterInterrupt(): void {
  for (const path of temporaryFiles) rmSync(path, { force: true });
  temporaryFiles.clear();
  for (const stream of terminals) stream.write(`\n${terminalReset}`);
  terminals.clear();
}

const signalNumbers = { SIGINT: 2, SIGTERM: 15 } as const;

/**
 * Installs the handlers once. `exit` ends the process with 128 + the signal's number, as a shell
 * reports a process killed by it (130 for Ctrl-C).
 */
export function installInterruptHandlers(exit: (code: number) => void, stderr: { write(text: string): unknown }): void {
  for (const [signal, number] of Object.entries(signalNumbers)) {
    process.once(signal, () => {
      cleanUpAfterInterrupt();
      stderr.write(`tenant-audit: interrupted (${signal})\n`);
      exit(128 + number);
    });
  }
}
