#!/usr/bin/env node
// Sets exitCode instead of calling process.exit(), so a large report piped to stdout is not cut short.
import { runCli } from "../dist/cli.js";

process.exitCode = await runCli(process.argv.slice(2));
