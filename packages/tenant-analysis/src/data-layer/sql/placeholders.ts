/**
 * Placeholders and template holes, found by a small lexer that knows where strings, quoted
 * identifiers and comments begin and end in each dialect, and rewritten into the one form the
 * parser accepts (`$1`, `$2`, … in occurrence order), with a table back to what was written.
 * This is tokenisation, not parsing: the statement itself is still read by the SQL parser.
 */
import type { SqlDialect, SqlPlaceholder } from "./types.js";

/** Marks a hole that stands where the parser expects an identifier, or inside a quoted string. */
const holeMarker = (index: number): string => `__hole${index}__`;

/** The hole index of a marker inside an identifier or string, or undefined. */
export function holeIn(text: string): number | undefined {
  const start = text.indexOf("__hole");
  if (start < 0) return undefined;
  let end = start + 6;
  while (end < text.length && isDigit(text.charCodeAt(end))) end += 1;
  if (end === start + 6 || !text.startsWith("__", end)) return undefined;
  return Number(text.slice(start + 6, end));
}

/** Whether the whole text is exactly one hole's marker (`'${tenantId}'` in an unsafe string). */
export function exactHole(text: string): number | undefined {
  const index = holeIn(text);
  return index !== undefined && text === holeMarker(index) ? index : undefined;
}

/**
 * A placeholder that stands for whole rows or a whole SET list (postgres.js
 * `INSERT INTO t ${sql(row)}`, mysql2 `INSERT INTO t SET ?`, `VALUES ?`, `UPDATE t SET ? WHERE …`)
 * is written as a column named `__rowN__` (N its placeholder number): `SET __rowN__ = NULL`, and
 * `SELECT __rowN__` for the rows, which both grammars accept.
 */
export function rowMarker(name: string): number | undefined {
  if (!name.startsWith("__row") || !name.endsWith("__")) return undefined;
  const digits = name.slice(5, -2);
  return digits.length > 0 && [...digits].every((d) => isDigit(d.charCodeAt(0))) ? Number(digits) : undefined;
}

export interface PreparedSql {
  /** The statement text the parser reads. */
  readonly text: string;
  /** `placeholders[n - 1]` is what `$n` of `text` stands for. */
  readonly placeholders: readonly SqlPlaceholder[];
}

/** A character no SQL text holds, put where each template hole was. */
const HOLE = "\u0000";

/**
 * Keywords after which a hole names a table, not a value (`FROM ${table}`, `JOIN ${t}`).
 * `AS` too: a hole there is an alias.
 */
const identifierKeywords = new Set(["FROM", "JOIN", "UPDATE", "INTO", "TABLE", "AS", "EXISTS", "ONLY", "USING"]);

export interface PrepareOptions {
  /** How the parser writes the n-th placeholder (1-based); `$n` by default. */
  readonly form?: (n: number) => string;
  /**
   * Rewrite MySQL and ClickHouse quoting into PostgreSQL's, for a PostgreSQL grammar:
   * backquoted identifiers become double-quoted, MySQL's double-quoted strings single-quoted,
   * and strings with backslash escapes `E'…'`.
   */
  readonly postgresQuoting?: boolean;
}

export function prepareSql(
  input: string | readonly string[],
  dialect: SqlDialect,
  options: PrepareOptions = {},
): PreparedSql {
  const form = options.form ?? ((n: number) => `$${n}`);
  const translate = options.postgresQuoting === true && dialect !== "postgresql";
  const source = typeof input === "string" ? input : input.join(HOLE);
  const placeholders: SqlPlaceholder[] = [];
  let out = "";
  let holes = 0;
  let ordinals = 0;
  // The last significant code token before the current position: a word (upper-cased) or a symbol.
  let previousWord = "";
  let previousChar = "";
  // The significant word before the previous token (`INTO` in `INTO users ${rows}`).
  let wordBefore = "";
  let depth = 0;
  const clickhouse = translate && dialect === "clickhouse";
  const clauses = new ClickhouseClauses();

  const value = (placeholder: SqlPlaceholder): string => {
    placeholders.push(placeholder);
    const n = placeholders.length;
    // Rows or a SET list in one placeholder: see rowMarker.
    if (previousWord === "SET") return `__row${n}__ = NULL`;
    // As `SELECT __rowN__`, not `VALUES (__rowN__)`, which MySQL's grammar checks against the column list.
    if (previousWord === "VALUES") return `${DROP_VALUES}SELECT __row${n}__`;
    if (wordBefore === "INTO" && (previousChar === "a" || previousChar === '"' || previousChar === "`"))
      return `SELECT __row${n}__`;
    // `IN ?` (mysql2 expands an array), `IN {ids:Array(String)}`, `IN ${ids}`: a list in one value.
    return previousWord === "IN" ? `(${form(n)})` : form(n);
  };
  /** A hole in code: an identifier when the grammar wants one there, else a value. */
  const codeHole = (at: number): string => {
    const index = holes;
    holes += 1;
    const before = source[at - 1] ?? "";
    const after = source[at + 1] ?? "";
    const next = nextSignificant(source, at + 1);
    const glued = isWordChar(before) || isWordChar(after);
    if (glued || previousChar === "." || next === "." || identifierKeywords.has(previousWord)) return holeMarker(index);
    return value({ kind: "hole", index });
  };
  /** A hole inside a string, quoted identifier or comment: its marker keeps the text readable. */
  const quotedHole = (): string => {
    const marker = holeMarker(holes);
    holes += 1;
    return marker;
  };

  let i = 0;
  while (i < source.length) {
    const ch = source[i] as string;
    const next = source[i + 1] ?? "";
    // Comments: dropped, holes in them included (they cannot affect the statement).
    if ((ch === "-" && next === "-") || (ch === "#" && dialect !== "postgresql")) {
      const newline = source.indexOf("\n", i);
      const end = newline < 0 ? source.length : newline;
      holes += countHoles(source, i, end);
      i = end;
      out += " ";
      continue;
    }
    if (ch === "/" && next === "*") {
      const end = skipBlockComment(source, i, dialect === "postgresql");
      holes += countHoles(source, i, end);
      i = end;
      out += " ";
      continue;
    }
    if (ch === HOLE) {
      out += codeHole(i);
      previousWord = "";
      previousChar = "$";
      i += 1;
      continue;
    }
    // Strings and quoted identifiers: copied as written, holes inside them marked.
    const quote = quoteAt(source, i, dialect);
    if (quote !== undefined) {
      const { end, body, closed } = readQuoted(source, i + quote.open.length, quote, quotedHole);
      // An unterminated string stays unterminated, for the parser to reject.
      out += !closed ? quote.open + body : translate ? inPostgresQuotes(quote, body) : quote.open + body + quote.close;
      i = end;
      if (previousChar !== ".") wordBefore = previousWord;
      previousWord = "";
      previousChar = quote.close;
      continue;
    }
    if (dialect === "postgresql" && ch === "$") {
      const tag = dollarTag(source, i);
      if (tag !== undefined) {
        const close = source.indexOf(tag, i + tag.length);
        const end = close < 0 ? source.length : close + tag.length;
        let body = source.slice(i + tag.length, close < 0 ? source.length : close);
        body = body.replaceAll(HOLE, () => quotedHole());
        out += close < 0 ? tag + body : tag + body + tag;
        i = end;
        previousWord = "";
        previousChar = "'";
        continue;
      }
    }
    if (ch === "$" && isDigit(next.charCodeAt(0))) {
      let end = i + 1;
      while (end < source.length && isDigit(source.charCodeAt(end))) end += 1;
      out += value({ kind: "numbered", number: Number(source.slice(i + 1, end)) });
      i = end;
      previousWord = "";
      previousChar = "$";
      continue;
    }
    // `?` is a JSON operator in PostgreSQL, a placeholder in MySQL and ClickHouse drivers.
    if (ch === "?" && dialect !== "postgresql") {
      out += value({ kind: "ordinal", index: ordinals });
      ordinals += 1;
      i += 1;
      previousWord = "";
      previousChar = "$";
      continue;
    }
    // `:name` (mysql2 named placeholders, TypeORM `:name` and `:...names`); not `::type`.
    if (ch === ":" && next !== ":" && source[i - 1] !== ":") {
      const spread = source.startsWith("...", i + 1);
      const start = i + 1 + (spread ? 3 : 0);
      let end = start;
      while (end < source.length && isWordChar(source[end] as string)) end += 1;
      if (end > start && !isDigit(source.charCodeAt(start))) {
        out += value({ kind: "named", name: source.slice(start, end), ...(spread ? { spread: true } : {}) });
        i = end;
        previousWord = "";
        previousChar = "$";
        continue;
      }
    }
    // ClickHouse `{name:Type}`; `{name:Identifier}` names a table or column.
    if (ch === "{" && dialect === "clickhouse") {
      const close = source.indexOf("}", i);
      const inner = close < 0 ? "" : source.slice(i + 1, close);
      const colon = inner.indexOf(":");
      const name = inner.slice(0, Math.max(colon, 0)).trim();
      const type = inner.slice(colon + 1).trim();
      if (colon > 0 && isIdentifier(name) && type.length > 0) {
        out += type === "Identifier" ? `__param_${name}__` : value({ kind: "named", name, type });
        i = close + 1;
        previousWord = "";
        previousChar = "$";
        continue;
      }
    }
    if (isWordChar(ch)) {
      let end = i;
      while (end < source.length && isWordChar(source[end] as string)) end += 1;
      const word = source.slice(i, end);
      // ClickHouse's database is called `default`, a reserved word to PostgreSQL's grammar.
      const reserved = clickhouse && word.toLowerCase() === "default" && source[end] === ".";
      // A word followed by `(` is a function (`format(…)`), never a clause.
      const call = nextSignificant(source, end) === "(";
      if (clickhouse && !call) out = clauses.before(word, out, depth);
      out += reserved ? `"${word}"` : word;
      if (clickhouse) out = clauses.after(word, out, depth, call, nextWord(source, end));
      // `app.users` is one name: the word before it stays the word before `app`.
      if (previousChar !== ".") wordBefore = previousWord;
      previousWord = word.toUpperCase();
      previousChar = "a";
      i = end;
      continue;
    }
    if (clickhouse && clauses.dropsSymbol(ch, depth)) {
      i += 1;
      continue;
    }
    if (clickhouse && (ch === ";" || (ch === ")" && depth > 0))) out = clauses.end(out, ch === ";" ? 0 : depth);
    if (clickhouse && ch === ";") clauses.statementEnd();
    if (ch === "(") depth += 1;
    if (ch === ")") depth -= 1;
    if (!isSpace(ch)) {
      // `.` keeps a qualified name one token (`INTO app.users ${rows}`).
      if (ch !== ".") {
        wordBefore = "";
        previousWord = "";
      }
      previousChar = ch;
    }
    out += ch;
    i += 1;
  }
  if (clickhouse) out = clauses.end(out, 0);
  return { text: withoutDroppedValues(out), placeholders };
}

/**
 * ClickHouse clauses PostgreSQL's grammar does not have, rewritten at the token level into what
 * they mean for which rows are read: `PREWHERE a … WHERE b` is `WHERE (a) AND (b)`, and
 * `ALTER TABLE t DELETE/UPDATE …` is `DELETE FROM t …` / `UPDATE t SET …`. Dropped, because they
 * change how a query runs or prints, not which rows its conditions narrow: the trailing
 * `SETTINGS …` and `FORMAT …`, `LIMIT n BY cols` (n of the filtered rows per group),
 * `SAMPLE …`, `GLOBAL`, and join strictness (`ANY`/`ALL`/`SEMI`/`ANTI` before a join). The result is still parsed; nothing here decides what the statement says.
 */
class ClickhouseClauses {
  /** The parenthesis depth of an open `PREWHERE (`, or -1. */
  private prewhere = -1;
  /** Where a dropped trailing clause began in the output, or -1. */
  private dropFrom = -1;
  /** Per depth, where the last `LIMIT` began in the output (a `BY` after it makes it `LIMIT n BY …`). */
  private readonly limits = new Map<number, number>();
  /** An open `LIMIT n BY cols`, dropped up to the next clause: it keeps n rows per group, of rows already filtered. */
  private limitBy: { readonly from: number; readonly depth: number } | undefined;
  /** The depth of a `SAMPLE …` being dropped, or -1. */
  private sample = -1;
  private static readonly enders = new Set([
    "GROUP",
    "ORDER",
    "LIMIT",
    "OFFSET",
    "HAVING",
    "WINDOW",
    "QUALIFY",
    "UNION",
    "EXCEPT",
    "INTERSECT",
    "SETTINGS",
    "FORMAT",
  ]);

  /** Progress through `ALTER TABLE name`: where ALTER began, where the name began, and whether it was seen. */
  private alter: { from: number; name: number; named: boolean } | undefined;
  /** Whether the next word starts a statement. */
  private atStart = true;

  /**
   * ClickHouse mutations, `ALTER TABLE t DELETE WHERE …` and `ALTER TABLE t UPDATE a = 1 WHERE …`,
   * are the DELETE and UPDATE they perform: rewritten to `DELETE FROM t WHERE …`, `UPDATE t SET …`.
   */
  private mutation(upper: string, before: string, out: string, depth: number): string | undefined {
    const start = this.atStart;
    this.atStart = false;
    if (depth !== 0) return undefined;
    if (start && upper === "ALTER") {
      this.alter = { from: before.length, name: -1, named: false };
      return undefined;
    }
    const alter = this.alter;
    if (alter === undefined) return undefined;
    if (alter.name < 0) {
      if (upper === "TABLE") alter.name = out.length;
      else this.alter = undefined;
      return undefined;
    }
    // `db.table`: the word after a `.` is still the name.
    if (!alter.named || before.trimEnd().endsWith(".")) {
      alter.named = true;
      return undefined;
    }
    this.alter = undefined;
    const name = before.slice(alter.name).trim();
    if (upper === "DELETE") return `${before.slice(0, alter.from)}DELETE FROM ${name}`;
    if (upper === "UPDATE") return `${before.slice(0, alter.from)}UPDATE ${name} SET`;
    return undefined;
  }

  /** After a `;`: the next word starts a statement. */
  statementEnd(): void {
    this.atStart = true;
    this.alter = undefined;
  }

  /** The `.` and `/` of a `SAMPLE 0.1` or `SAMPLE 1/10` being dropped. */
  dropsSymbol(ch: string, depth: number): boolean {
    return this.sample === depth && (ch === "." || ch === "/");
  }

  /** The output before `word` is appended: a clause that `word` ends is closed or dropped. */
  before(word: string, out: string, depth: number): string {
    const upper = word.toUpperCase();
    if (!ClickhouseClauses.enders.has(upper)) return out;
    let text = out;
    if (this.limitBy?.depth === depth) {
      text = `${text.slice(0, this.limitBy.from)} `;
      this.limitBy = undefined;
    }
    if (this.prewhere === depth) {
      this.prewhere = -1;
      text += ") ";
    }
    return text;
  }

  /** The output after `word` was appended to it; `next` is the word after it. */
  after(word: string, out: string, depth: number, call: boolean, next: string): string {
    const upper = word.toUpperCase();
    const before = out.slice(0, out.length - word.length);
    // `GLOBAL IN`, `GLOBAL JOIN` run a sub-query once per cluster, and `ANY`/`ALL`/`SEMI`/`ANTI`
    // before a join pick which matches are kept: neither changes which rows the ON narrows.
    const mutation = this.mutation(upper, before, out, depth);
    if (mutation !== undefined) return mutation;
    if (!call && upper === "GLOBAL") return before;
    if (!call && joinStrictness.has(upper) && joinWords.has(next.toUpperCase())) return before;
    if (!call && upper === "SAMPLE") {
      this.sample = depth;
      return before;
    }
    if (this.sample === depth) {
      // `SAMPLE 0.1`, `SAMPLE 1/10 OFFSET 1/2`: a fraction of the rows already narrowed.
      if (upper === "OFFSET" || isNumber(word)) return before;
      this.sample = -1;
    }
    if (upper === "PREWHERE" && this.prewhere < 0) {
      this.prewhere = depth;
      return `${before}WHERE (`;
    }
    if (upper === "WHERE" && this.prewhere === depth) return `${before}) AND (`;
    if (call) return out;
    if ((upper === "SETTINGS" || upper === "FORMAT") && depth === 0 && this.dropFrom < 0) this.dropFrom = before.length;
    if (upper === "GROUP" || upper === "ORDER") this.limits.delete(depth);
    if (upper === "LIMIT") this.limits.set(depth, before.length);
    const limit = this.limits.get(depth);
    if (upper === "BY" && limit !== undefined && this.limitBy === undefined) {
      this.limitBy = { from: limit, depth };
      this.limits.delete(depth);
    }
    return out;
  }

  /** At `)` closing `depth`, at `;` or at the end (depth 0): close an open PREWHERE, drop open clauses. */
  end(out: string, depth: number): string {
    let text = out;
    if (this.limitBy?.depth === depth) {
      text = text.slice(0, this.limitBy.from);
      this.limitBy = undefined;
    }
    if (depth === 0 && this.dropFrom >= 0) {
      text = text.slice(0, this.dropFrom);
      this.dropFrom = -1;
    }
    if (this.prewhere >= 0 && this.prewhere === depth) {
      this.prewhere = -1;
      text += ")";
    }
    this.limits.delete(depth);
    return text;
  }
}

const joinStrictness = new Set(["ANY", "ALL", "SEMI", "ANTI"]);
const joinWords = new Set(["JOIN", "LEFT", "RIGHT", "INNER", "FULL", "CROSS"]);

function isNumber(word: string): boolean {
  return word.length > 0 && [...word].every((ch) => isDigit(ch.charCodeAt(0)));
}

/** The word starting at the next significant character, or "". */
function nextWord(source: string, from: number): string {
  let i = from;
  while (i < source.length && isSpace(source[i] as string)) i += 1;
  let end = i;
  while (end < source.length && isWordChar(source[end] as string)) end += 1;
  return source.slice(i, end);
}

/** Marks a `SELECT __rowN__` whose preceding `VALUES` keyword is to be dropped. */
const DROP_VALUES = "\u0001";

function withoutDroppedValues(text: string): string {
  let result = text;
  for (let at = result.indexOf(DROP_VALUES); at >= 0; at = result.indexOf(DROP_VALUES)) {
    const keyword = result.slice(0, at).toUpperCase().lastIndexOf("VALUES");
    result =
      keyword < 0 ? result.slice(0, at) + result.slice(at + 1) : `${result.slice(0, keyword)}${result.slice(at + 1)}`;
  }
  return result;
}

/** The same string or identifier, quoted the way PostgreSQL reads it. */
function inPostgresQuotes(quote: Quote, body: string): string {
  if (quote.open === "`") return `"${body.replaceAll('"', '""')}"`;
  const isString = quote.open === "'" || quote.backslash;
  if (!isString) return `"${body}"`;
  // MySQL's "…" string: its doubled "" is one quote, and a lone ' must be doubled.
  const text = quote.open === '"' ? body.replaceAll('""', '"').replaceAll("'", "''") : body;
  return text.includes("\\") ? `E'${text}'` : `'${text}'`;
}

interface Quote {
  readonly open: string;
  readonly close: string;
  /** A backslash escapes the next character (MySQL and ClickHouse strings, PostgreSQL `E'…'`). */
  readonly backslash: boolean;
}

function quoteAt(source: string, i: number, dialect: SqlDialect): Quote | undefined {
  const ch = source[i];
  const pg = dialect === "postgresql";
  if (ch === "'") return { open: "'", close: "'", backslash: !pg };
  if (ch === '"') return { open: '"', close: '"', backslash: dialect === "mysql" };
  if (ch === "`" && !pg) return { open: "`", close: "`", backslash: false };
  if (pg && (ch === "E" || ch === "e") && source[i + 1] === "'" && !isWordChar(source[i - 1] ?? "")) {
    return { open: `${ch}'`, close: "'", backslash: true };
  }
  return undefined;
}

function readQuoted(
  source: string,
  start: number,
  quote: Quote,
  hole: () => string,
): { readonly end: number; readonly body: string; readonly closed: boolean } {
  let body = "";
  let i = start;
  while (i < source.length) {
    const ch = source[i] as string;
    if (ch === HOLE) {
      body += hole();
      i += 1;
      continue;
    }
    if (quote.backslash && ch === "\\") {
      body += source.slice(i, i + 2);
      i += 2;
      continue;
    }
    if (ch === quote.close) {
      // A doubled quote is the quote character itself.
      if (source[i + 1] === quote.close) {
        body += ch + ch;
        i += 2;
        continue;
      }
      return { end: i + 1, body, closed: true };
    }
    body += ch;
    i += 1;
  }
  return { end: i, body, closed: false };
}

/** Holes inside a comment still take their index: the caller numbers holes by position in the template. */
function countHoles(source: string, start: number, end: number): number {
  let count = 0;
  for (let i = start; i < end; i += 1) if (source[i] === HOLE) count += 1;
  return count;
}

function skipBlockComment(source: string, start: number, nested: boolean): number {
  let depth = 0;
  let i = start;
  while (i < source.length) {
    if (source.startsWith("/*", i)) {
      depth += 1;
      i += 2;
      if (!nested) depth = 1;
      continue;
    }
    if (source.startsWith("*/", i)) {
      depth -= 1;
      i += 2;
      if (depth === 0) return i;
      continue;
    }
    i += 1;
  }
  return i;
}

/** `$tag$` or `$$` opening a PostgreSQL dollar-quoted string. */
function dollarTag(source: string, i: number): string | undefined {
  let end = i + 1;
  while (
    end < source.length &&
    isWordChar(source[end] as string) &&
    !(end === i + 1 && isDigit(source.charCodeAt(end)))
  )
    end += 1;
  return source[end] === "$" ? source.slice(i, end + 1) : undefined;
}

function nextSignificant(source: string, from: number): string {
  let i = from;
  while (i < source.length && isSpace(source[i] as string)) i += 1;
  return source[i] ?? "";
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

function isWordChar(ch: string): boolean {
  if (ch.length === 0) return false;
  const code = ch.charCodeAt(0);
  return isDigit(code) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || ch === "_" || code > 127;
}

function isIdentifier(text: string): boolean {
  return text.length > 0 && !isDigit(text.charCodeAt(0)) && [...text].every(isWordChar);
}

function isSpace(ch: string): boolean {
  return ch === " " || ch === "\n" || ch === "\t" || ch === "\r" || ch === "\f";
}
