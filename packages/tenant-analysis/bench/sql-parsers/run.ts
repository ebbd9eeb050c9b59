/**
 * `pnpm bench:sql-parsers`: runs measure.ts once per candidate parser, each in a fresh process,
 * and prints which corpus statements each accepts, per dialect, and its speed and peak memory.
 * `--rejected` also lists the statements each parser rejected.
 */
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { candidates } from "./parsers.js";

interface Result {
  readonly name: string;
  readonly counts: Record<string, { parsed: number; total: number }>;
  readonly rejected: readonly string[];
  readonly loadMs: number;
  readonly ms: number;
  readonly perSecond: number;
  readonly perSecondByDialect: Record<string, number>;
  readonly peakRssMb: number;
}

const measure = fileURLToPath(new URL("measure.ts", import.meta.url));
const results: Result[] = candidates.map(
  (candidate) =>
    JSON.parse(
      execFileSync(process.execPath, ["--import", "tsx", measure, candidate.name], { encoding: "utf8" }),
    ) as Result,
);

const dialects = ["postgresql", "mysql", "clickhouse"];
const header = [
  "parser",
  ...dialects,
  "all",
  "load ms",
  "10k ms",
  "stmts/s",
  ...dialects.map((d) => `${d} stmts/s`),
  "peak RSS MB",
];
const rows = results.map((r) => {
  const total = dialects.reduce((sum, d) => sum + (r.counts[d]?.total ?? 0), 0);
  const parsed = dialects.reduce((sum, d) => sum + (r.counts[d]?.parsed ?? 0), 0);
  return [
    r.name,
    ...dialects.map((d) => `${r.counts[d]?.parsed ?? 0}/${r.counts[d]?.total ?? 0}`),
    `${parsed}/${total}`,
    r.loadMs.toFixed(0),
    r.ms.toFixed(0),
    r.perSecond.toFixed(0),
    ...dialects.map((d) => r.perSecondByDialect[d]?.toFixed(0) ?? "-"),
    r.peakRssMb.toFixed(0),
  ];
});
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
const line = (cells: readonly string[]): string => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(" | ")} |`;
console.log(line(header));
console.log(`|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`);
for (const row of rows) console.log(line(row));
if (process.argv.includes("--rejected")) {
  for (const r of results) {
    console.log(`\n${r.name} rejects:`);
    for (const text of r.rejected) console.log(`  ${text}`);
  }
}
