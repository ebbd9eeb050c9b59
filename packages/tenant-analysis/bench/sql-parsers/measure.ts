/**
 * One parser, measured in its own process so that its peak memory is its own: which corpus
 * statements it accepts, per dialect, then the time to parse 10,000 statements (the accepted
 * ones, cycled, each varied by its position so no parser can serve it from a cache).
 * Prints one JSON line.
 */
import { candidates } from "./parsers.js";
import { corpus } from "./corpus.js";

const name = process.argv[2];
const candidate = candidates.find((c) => c.name === name);
if (candidate === undefined) throw new Error(`unknown parser ${name}`);

const startLoad = performance.now();
const parse = await candidate.load();
const loadMs = performance.now() - startLoad;

const accepted: { dialect: (typeof corpus)[number]["dialect"]; sql: string }[] = [];
const rejected: string[] = [];
const counts: Record<string, { parsed: number; total: number }> = {};
for (const statement of corpus) {
  const count = (counts[statement.dialect] ??= { parsed: 0, total: 0 });
  count.total += 1;
  try {
    parse(candidate.prepare(statement.sql, statement.dialect), statement.dialect);
    count.parsed += 1;
    accepted.push(statement);
  } catch {
    rejected.push(`${statement.dialect}: ${statement.sql}`);
  }
}

const runs = 10_000;
const texts = Array.from({ length: runs }, (_, i) => {
  const statement = accepted[i % accepted.length]!;
  // A leading comment makes every text distinct without changing what it says.
  return { dialect: statement.dialect, text: `/* ${i} */ ${candidate.prepare(statement.sql, statement.dialect)}` };
});
// Rewriting placeholders is the same for every parser and is not part of what is compared.
const perDialect: Record<string, { ms: number; count: number }> = {};
const start = performance.now();
for (const { text, dialect } of texts) {
  const before = performance.now();
  parse(text, dialect);
  const spent = (perDialect[dialect] ??= { ms: 0, count: 0 });
  spent.ms += performance.now() - before;
  spent.count += 1;
}
const ms = performance.now() - start;

console.log(
  JSON.stringify({
    name,
    counts,
    rejected,
    loadMs,
    ms,
    perSecond: runs / (ms / 1000),
    perSecondByDialect: Object.fromEntries(Object.entries(perDialect).map(([d, t]) => [d, t.count / (t.ms / 1000)])),
    peakRssMb: process.resourceUsage().maxRSS / 1024,
  }),
);
