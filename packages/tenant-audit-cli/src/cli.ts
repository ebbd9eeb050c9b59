/**
 * The command line: parses arguments, calls `audit()`, hands the report to a reporter, writes it,
 * and returns the exit status (0 passed, 1 findings at or above --fail-on, 2 bad input or internal error).
 */
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { Command, CommanderError, Option } from "commander";
import type { AuditProgress } from "./audit.js";
import { formatBaseline, readBaseline } from "./baseline.js";
import { AuditError, oneLine } from "./errors.js";
import { formatReport } from "./reporters/index.js";
import { readSavedReport } from "./saved-report.js";
import { type FailOn, type Report, failOnLevels, type Format, formats } from "./types.js";
import { toolVersion } from "./version.js";
import { trackTerminal } from "./interrupts.js";
import { descriptorOf, type PreparedWrite, prepareWrite } from "./write-output.js";

/** Where a run writes; tests pass their own. */
export interface CliIo {
  readonly cwd: string;
  readonly stdout: { write(text: string): unknown; readonly isTTY?: boolean };
  readonly stderr: { write(text: string): unknown; readonly isTTY?: boolean };
}

interface CliOptions {
  project?: string;
  config?: string;
  format: Format;
  output?: string;
  baseline?: string;
  updateBaseline?: boolean;
  changedSince?: string;
  failOn: FailOn;
  progress: boolean;
  fromReport?: string;
}

/** Where `--update-baseline` writes when no `--baseline` file is named. */
export const defaultBaselineFile = "tenant-audit-baseline.json";

export async function runCli(
  argv: readonly string[],
  io: CliIo = { cwd: process.cwd(), stdout: process.stdout, stderr: process.stderr },
): Promise<number> {
  const program = new Command()
    .name("tenant-audit")
    .description("Audit a whole repository against the multi-tenancy checklist.")
    .version(toolVersion, "-v, --version")
    .argument("[paths...]", "files or directories to report on (default: the whole project)")
    .option(
      "-p, --project <tsconfig>",
      "tsconfig to load (default: ./tsconfig.json when present, else every source file under the paths)",
    )
    .option("-c, --config <file>", "settings file: JSON, or a JS/TS module with a default export")
    .addOption(new Option("-f, --format <format>", "report format").choices(formats).default("text"))
    .option("-o, --output <file>", "write the report to a file instead of stdout")
    .option("--baseline <file>", "findings already in this baseline do not fail the run")
    .option("--update-baseline", `write the current findings to the baseline file (default ${defaultBaselineFile})`)
    .option("--changed-since <git-ref>", "report only findings in files changed since the ref")
    .addOption(
      new Option("--fail-on <level>", "lowest severity that fails the run").choices(failOnLevels).default("error"),
    )
    .option("--no-progress", "no progress bar on stderr")
    .option("--from-report <json>", "render a saved --format json report in --format, without auditing again")
    .addHelpText(
      "after",
      [
        "",
        "Config: --config FILE, else tenant-audit.config.{json,js,mjs,ts} or package.json#tenantAudit,",
        "        in the audited root (the tsconfig's folder, or the one path given), then here.",
        "Exit status: 0 nothing at or above --fail-on, 1 findings at or above it or files not analysed,",
        "             2 bad usage, config or project, or nothing to audit; 130/143 interrupted.",
        "Manual: docs/cli.md in this package, or https://github.com/tenant-audit/tenant-audit/blob/main/docs/cli.md",
      ].join("\n"),
    )
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      // Commander's usage errors, on one line like every other error.
      outputError: (text, write) => write(`tenant-audit: ${oneLine(text.replace(/^error: /u, ""))}\n`),
    });

  let parsed: { paths: string[]; options: CliOptions };
  try {
    program.parse(argv, { from: "user" });
    parsed = { paths: program.args, options: program.opts<CliOptions>() };
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end here with 0; usage errors are already printed.
      return error.exitCode === 0 ? 0 : 2;
    }
    throw error;
  }

  try {
    return await execute(parsed.paths, parsed.options, io);
  } catch (error) {
    const message = error instanceof AuditError ? error.message : `internal error: ${oneLine(error)}`;
    io.stderr.write(`tenant-audit: ${oneLine(message)}\n`);
    return 2;
  }
}

async function execute(paths: string[], options: CliOptions, io: CliIo): Promise<number> {
  if (options.fromReport !== undefined) return renderSaved(paths, options, io, options.fromReport);
  const baselinePath = options.baseline ?? (options.updateBaseline ? defaultBaselineFile : undefined);
  if (options.updateBaseline && options.changedSince !== undefined) {
    throw new AuditError(
      "--update-baseline cannot be combined with --changed-since: the baseline must cover the whole project",
    );
  }
  // Without --update-baseline the baseline must exist; with it, it is (re)written.
  const baseline =
    baselinePath !== undefined && !options.updateBaseline
      ? readBaseline(resolve(io.cwd, baselinePath), baselinePath)
      : undefined;
  if (options.updateBaseline && baselinePath !== undefined && existsSync(resolve(io.cwd, baselinePath))) {
    // Still read it, so a corrupt baseline is reported rather than silently replaced.
    readBaseline(resolve(io.cwd, baselinePath), baselinePath);
  }

  const progress = options.progress && io.stderr.isTTY === true ? await createProgressBar(io) : undefined;
  // Loaded only when there is work to do: --help and usage errors need not load TypeScript.
  const { audit } = await import("./audit.js");
  let report: Report;
  try {
    report = await audit({
      cwd: io.cwd,
      paths,
      failOn: options.failOn,
      ...(options.project === undefined ? {} : { project: options.project }),
      ...(options.config === undefined ? {} : { config: options.config }),
      ...(baseline === undefined ? {} : { baseline }),
      ...(options.changedSince === undefined ? {} : { changedSince: options.changedSince }),
      ...(progress ? { onProgress: progress.update } : {}),
    });
  } finally {
    progress?.stop();
  }

  const text = render(report, options, io);
  // Everything that can fail is prepared before anything is put in place: a bad --output leaves
  // the baseline as it was, and a bad baseline path writes no report.
  const writes: PreparedWrite[] = [];
  // `-o /dev/stdout` (or `/dev/fd/1`) is the stream already open: written like the default output.
  const descriptor = options.output === undefined ? 1 : descriptorOf(resolve(io.cwd, options.output));
  const stream = descriptor === 1 ? io.stdout : descriptor === 2 ? io.stderr : undefined;
  try {
    if (options.output !== undefined && stream === undefined)
      writes.push(prepareWrite(resolve(io.cwd, options.output), text, options.output));
    if (options.updateBaseline && baselinePath !== undefined) {
      writes.push(prepareWrite(resolve(io.cwd, baselinePath), formatBaseline(report.findings), baselinePath));
    }
  } catch (error) {
    for (const write of writes) write.abort();
    throw error;
  }
  for (const write of writes) write.commit();
  stream?.write(text);
  if (options.updateBaseline) {
    io.stderr.write(
      `tenant-audit: wrote ${report.findings.length} finding${report.findings.length === 1 ? "" : "s"} to ${baselinePath}\n`,
    );
    return 0;
  }
  return report.summary.passed ? 0 : 1;
}

function render(report: Report, options: CliOptions, io: CliIo): string {
  const toTerminal = options.output === undefined && io.stdout.isTTY === true;
  return formatReport(report, options.format, { color: toTerminal && !("NO_COLOR" in process.env) });
}

/**
 * `--from-report`: one saved JSON report, rendered again (SARIF for code scanning, Markdown for
 * the PR comment) with the exit status the audit had. The audit's own options make no sense here.
 */
function renderSaved(paths: string[], options: CliOptions, io: CliIo, file: string): number {
  const conflicting = [
    ...(paths.length > 0 ? ["paths"] : []),
    ...(options.project !== undefined ? ["--project"] : []),
    ...(options.config !== undefined ? ["--config"] : []),
    ...(options.baseline !== undefined ? ["--baseline"] : []),
    ...(options.updateBaseline ? ["--update-baseline"] : []),
    ...(options.changedSince !== undefined ? ["--changed-since"] : []),
  ];
  if (conflicting.length > 0)
    throw new AuditError(`--from-report renders a saved report: it cannot be combined with ${conflicting.join(", ")}`);
  const report = readSavedReport(resolve(io.cwd, file), file);
  const text = render(report, options, io);
  const descriptor = options.output === undefined ? 1 : descriptorOf(resolve(io.cwd, options.output));
  if (descriptor === 1) io.stdout.write(text);
  else if (descriptor === 2) io.stderr.write(text);
  else prepareWrite(resolve(io.cwd, options.output!), text, options.output).commit();
  return report.summary.passed ? 0 : 1;
}

async function createProgressBar(io: CliIo): Promise<{ update: (progress: AuditProgress) => void; stop: () => void }> {
  const { SingleBar, Presets } = (await import("cli-progress")).default;
  const bar = new SingleBar(
    {
      stream: io.stderr as NodeJS.WritableStream,
      format: "tenant-audit {phase} {bar} {value}/{total} files {file}",
      clearOnComplete: true,
      hideCursor: true,
    },
    Presets.shades_classic,
  );
  let started = false;
  let loadingShown = false;
  // The bar hides the cursor and turns line wrap off: an interrupt must turn them back on.
  const release = trackTerminal(io.stderr);
  return {
    update: ({ phase, done, total, file }) => {
      if (total === 0 && !started) {
        // Before the file count is known there is nothing to measure: a bar would show a full "0/0".
        if (!loadingShown) io.stderr.write(`tenant-audit ${phase}…\r`);
        loadingShown = true;
        return;
      }
      if (!started) {
        if (loadingShown) io.stderr.write("\u001b[2K\r");
        bar.start(total, done, { phase, file });
        started = true;
      } else {
        bar.setTotal(total);
        bar.update(done, { phase, file });
      }
    },
    stop: () => {
      if (started) bar.stop();
      else if (loadingShown) io.stderr.write("\u001b[2K\r");
      release();
    },
  };
}
