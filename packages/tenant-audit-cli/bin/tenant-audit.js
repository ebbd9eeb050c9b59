#!/usr/bin/env node
// Sets exitCode instead of calling process.exit(), so a large report piped to stdout is not cut short.
import { runCli } from "../dist/cli.js";
import { installInterruptHandlers } from "../dist/interrupts.js";

// A reader that stops early (`tenant-audit -f json | head`) closes the pipe: that is a normal end,
// not a crash. Anything else on stdout is still an error.
process.stdout.on("error", (error) => {
  if (error.code === "EPIPE") {
    process.stdout.destroy();
    return;
  }
  throw error;
});
installInterruptHandlers((code) => process.exit(code), process.stderr);

process.exitCode = await runCli(process.argv.slice(2));
