#!/usr/bin/env node
// Sets exitCode instead of calling process.exit(), so a large report piped to stdout is not cut short.
import { existsSync } from "node:fs";

// In the repository the CLI runs from `dist/` (tsc's output, always current); the published
// package ships only `bundle/` (the same code with the detection core bundled in).
const build = existsSync(new URL("../dist/cli.js", import.meta.url)) ? "../dist/" : "../bundle/";
const { runCli } = await import(`${build}cli.js`);
const { installInterruptHandlers } = await import(`${build}interrupts.js`);

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
