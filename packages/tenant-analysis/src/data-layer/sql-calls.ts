/**
 * The calls of a SQL-sending library, described declaratively by its adapter (which methods take
 * SQL, where the text and the parameters are, what a template hole may be), read into
 * `SqlSource`s for sql-sites.ts. The receiver must be known to be the library's (its construction,
 * factory, callback or type): `res.query(…)` and `new URLSearchParams().delete(…)` are not.
 */
import ts from "../typescript.cjs";
import { callMember, propertyNameText, unwrap } from "../ast.js";
import { initialValue } from "../bindings.js";
import { type FileFacts, memoized } from "../file-facts.js";
import { classifyReceiver } from "../receivers/classify.js";
import type { AnalysisContext } from "../types.js";
import { type SqlDialect, flattenTemplate, type SqlTemplate, type SqlTemplateHole } from "./sql/index.js";
import type { DataLayerAdapter } from "./query-site.js";
import { type SqlNode, type SqlParameters, type SqlSource, sqlQuerySites } from "./sql-sites.js";

/** Where an argument or a property of an options object holds something. */
export interface ArgumentSlot {
  /** The argument's index; `rest`: every argument from `argument` on (`$queryRawUnsafe(text, ...values)`). */
  readonly argument: number;
  readonly rest?: true;
  /** When the argument is an object literal: the properties that may hold it (`{ text, values }`). */
  readonly properties?: readonly string[];
}

export interface SqlMethod {
  /** The SQL text: a string argument, or a property of an options object. */
  readonly text?: ArgumentSlot;
  /** Where the values may be, tried in order: `query(text, values)`, then `query({ text, values })`. */
  readonly parameters?: readonly ArgumentSlot[];
  /** The method is used as a tag (`prisma.$queryRaw\`…\``), or takes a template fragment as its argument. */
  readonly template?: true;
  /** An insert by table name: `insert({ table, values })`. */
  readonly insert?: { readonly table: string; readonly values: string };
}

export interface SqlLibrary {
  /** The data layer's name, and the `library` of its LibraryAdapter, whose receivers it reads. */
  readonly layer: string;
  readonly library: string;
  readonly dialect: SqlDialect;
  readonly methods: Readonly<Record<string, SqlMethod>>;
  /** The receiver is itself a SQL tag: postgres.js `sql\`…\``. */
  readonly receiverIsTag?: true;
  /** Tags whose templates are fragments spliced into the statement (`Prisma.sql`), by their text. */
  readonly fragmentTags?: readonly string[];
  /** Values that are empty fragments (`Prisma.empty`). */
  readonly emptyFragments?: readonly string[];
  /** Methods no other library has (`$queryRaw`): on a receiver of unknown kind they are this library's too. */
  readonly distinctiveMethods?: readonly string[];
  /** A call of the receiver in a hole (`sql(row, "id", "tenant_id")`) stands for rows: the rows and the columns listed. */
  readonly receiverCallIsRows?: true;
}

export function sqlDataLayer(library: SqlLibrary): DataLayerAdapter {
  return {
    layer: library.layer,
    querySites(sourceFile, facts, context) {
      return sqlQuerySites(sourcesOf(library, sourceFile, facts, context), context);
    },
  };
}

function sourcesOf(
  library: SqlLibrary,
  sourceFile: ts.SourceFile,
  facts: FileFacts,
  context: AnalysisContext,
): SqlSource[] {
  const isLibrary = (expression: ts.Expression, method?: string): boolean => {
    const classified = classifyReceiver(expression, context);
    if (classified.status === "target") return classified.target.library === library.library;
    // Untyped, `prisma` imported from another file: `$queryRaw` says what it is.
    return (
      classified.status === "unknown" && method !== undefined && library.distinctiveMethods?.includes(method) === true
    );
  };
  const sources: SqlSource[] = [];
  for (const call of facts.calls) {
    const member = callMember(call);
    if (!member || !Object.hasOwn(library.methods, member.method)) continue;
    if (!isLibrary(member.receiver, member.method)) continue;
    const method = library.methods[member.method]!;
    sources.push(callSource(library, method, member.method, call, isLibrary, context));
  }
  for (const tagged of taggedTemplates(sourceFile, facts)) {
    const tag = unwrap(tagged.tag);
    const method = ts.isPropertyAccessExpression(tag) ? tag.name.text : undefined;
    // A tag on the library's method (`prisma.$queryRaw\`…\``), or the receiver as a tag (`sql\`…\``).
    const onMethod =
      ts.isPropertyAccessExpression(tag) &&
      method !== undefined &&
      library.methods[method]?.template === true &&
      isLibrary(tag.expression, method);
    const asTag =
      !onMethod && library.receiverIsTag === true && isLibrary(tag) && !isInsideTemplateOf(tagged, library, isLibrary);
    if (!onMethod && !asTag) continue;
    sources.push(templateSource(library, tagged.template, tagged, onMethod ? method! : tag.getText(), isLibrary));
  }
  return sources;
}

/** A postgres.js fragment inside another template of the same client is part of that statement, not a query. */
function isInsideTemplateOf(
  node: ts.TaggedTemplateExpression,
  library: SqlLibrary,
  isLibrary: (expression: ts.Expression, method?: string) => boolean,
): boolean {
  for (let parent = node.parent; parent; parent = parent.parent) {
    if (ts.isTaggedTemplateExpression(parent)) {
      const tag = unwrap(parent.tag);
      if (isLibrary(tag) || (ts.isPropertyAccessExpression(tag) && library.methods[tag.name.text]?.template === true))
        return true;
    }
    if (ts.isFunctionLike(parent) || ts.isBlock(parent)) return false;
  }
  return false;
}

function callSource(
  library: SqlLibrary,
  method: SqlMethod,
  name: string,
  call: ts.CallExpression,
  isLibrary: (expression: ts.Expression, method?: string) => boolean,
  context: AnalysisContext,
): SqlSource {
  if (method.insert) {
    const options = objectArgument(call.arguments[0], context);
    const table = options?.get(method.insert.table);
    const tableName = table && textOf(table, context);
    if (!tableName || "unseen" in tableName || typeof tableName.sql !== "string" || tableName.holes.length > 0)
      return { node: call, method: name, unseen: "raw SQL: the table of the insert is not a visible name" };
    return { node: call, method: name, insertInto: tableName.sql as string, rows: options?.get(method.insert.values) };
  }
  if (method.template) {
    // `prisma.$queryRaw(Prisma.sql\`…\`)`
    const argument = call.arguments[0] && unwrap(call.arguments[0]);
    if (argument && ts.isTaggedTemplateExpression(argument))
      return templateSource(library, argument.template, call, name, isLibrary);
    return { node: call, method: name, unseen: "raw SQL: the query is a value the analysis cannot see into" };
  }
  const textNode = method.text ? slot(call, method.text, context) : undefined;
  const text = textNode && !Array.isArray(textNode) ? textOf(textNode as ts.Expression, context) : undefined;
  if (!text) return { node: call, method: name, unseen: unseenReason(textNode as ts.Expression | undefined, context) };
  if ("unseen" in text) return { node: call, method: name, unseen: text.unseen };
  return {
    node: call,
    method: name,
    dialect: library.dialect,
    sql: text.sql,
    holes: text.holes,
    parameters: parametersOf(call, method.parameters, context),
  };
}

/** One call's SQL for an adapter that finds its receivers itself (a TypeORM repository's `query`). */
export function sqlCallSource(
  call: ts.CallExpression,
  name: string,
  method: SqlMethod,
  dialect: SqlDialect,
  context: AnalysisContext,
): SqlSource {
  return callSource({ layer: name, library: name, dialect, methods: {} }, method, name, call, () => false, context);
}

function templateSource(
  library: SqlLibrary,
  template: ts.TemplateLiteral,
  node: SqlNode,
  method: string,
  isLibrary: (expression: ts.Expression, method?: string) => boolean,
): SqlSource {
  const flat = flattenTemplate(templateOf(template, library, isLibrary));
  const rowsOf = library.receiverCallIsRows
    ? (value: ts.Expression) => {
        const inner = unwrap(value);
        if (ts.isCallExpression(inner) && isLibrary(inner.expression) && inner.arguments[0]) {
          const columns = inner.arguments
            .slice(1)
            .flatMap((argument) =>
              ts.isStringLiteralLike(unwrap(argument)) ? [(unwrap(argument) as ts.StringLiteralLike).text] : [],
            );
          return { rows: inner.arguments[0], ...(columns.length > 0 ? { columns } : {}) };
        }
        return { rows: value };
      }
    : undefined;
  return {
    node,
    method,
    dialect: library.dialect,
    sql: flat.parts,
    holes: flat.values,
    parameters: { kind: "list", elements: [] },
    ...(rowsOf ? { rowsOf } : {}),
  };
}

/** A template's parts and holes, with fragment holes (`${sql\`AND …\`}`, `${Prisma.sql\`…\`}`, `Prisma.empty`) opened. */
function templateOf(
  template: ts.TemplateLiteral,
  library: SqlLibrary,
  isLibrary: (expression: ts.Expression, method?: string) => boolean,
  depth = 0,
): SqlTemplate<ts.Expression> {
  if (ts.isNoSubstitutionTemplateLiteral(template)) return { parts: [template.text], holes: [] };
  const parts = [template.head.text, ...template.templateSpans.map((span) => span.literal.text)];
  const holes = template.templateSpans.map((span): SqlTemplateHole<ts.Expression> => {
    const value = unwrap(span.expression);
    if (depth < 8 && ts.isTaggedTemplateExpression(value)) {
      const tag = unwrap(value.tag);
      if ((library.receiverIsTag && isLibrary(tag)) || library.fragmentTags?.includes(tag.getText())) {
        return { kind: "fragment", template: templateOf(value.template, library, isLibrary, depth + 1) };
      }
    }
    if (library.emptyFragments?.includes(value.getText()))
      return { kind: "fragment", template: { parts: [""], holes: [] } };
    return { kind: "value", value: span.expression };
  });
  return { parts, holes };
}

type Text =
  { readonly sql: string | readonly string[]; readonly holes: readonly ts.Expression[] } | { readonly unseen: string };

/** SQL text as written: a string, a template (its holes are values), a `const` holding one, literals joined by `+`. */
export function textOf(expression: ts.Expression, context: AnalysisContext, depth = 0): Text | undefined {
  const node = unwrap(expression);
  if (ts.isStringLiteralLike(node)) return { sql: node.text, holes: [] };
  if (ts.isTemplateExpression(node))
    return {
      sql: [node.head.text, ...node.templateSpans.map((span) => span.literal.text)],
      holes: node.templateSpans.map((span) => span.expression),
    };
  if (depth > 4) return undefined;
  if (ts.isIdentifier(node)) {
    const value = initialValue(node, context.checker);
    return value && value !== node ? textOf(value, context, depth + 1) : undefined;
  }
  if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken) {
    const left = textOf(node.left, context, depth + 1);
    const right = textOf(node.right, context, depth + 1);
    if (
      left &&
      right &&
      !("unseen" in left) &&
      !("unseen" in right) &&
      typeof left.sql === "string" &&
      typeof right.sql === "string"
    )
      return { sql: left.sql + right.sql, holes: [] };
    return { unseen: "raw SQL built by concatenation" };
  }
  return undefined;
}

function unseenReason(node: ts.Expression | undefined, context: AnalysisContext): string {
  if (!node) return "raw SQL: the query text is not passed visibly";
  const text = textOf(node, context);
  if (text && "unseen" in text) return text.unseen;
  return `raw SQL: the text is a value built elsewhere (${node.getText().slice(0, 40)})`;
}

/** The argument (or the property of an options object) a slot names; `rest` gives the remaining arguments. */
function slot(
  call: ts.CallExpression,
  where: ArgumentSlot,
  context: AnalysisContext,
  onlyProperties = false,
): ts.Expression | readonly ts.Expression[] | undefined {
  if (where.rest) return call.arguments.slice(where.argument);
  const argument = call.arguments[where.argument];
  if (!argument) return undefined;
  const options = where.properties ? objectArgument(argument, context) : undefined;
  if (options && where.properties) {
    for (const property of where.properties) {
      const value = options.get(property);
      if (value) return value;
    }
    return undefined;
  }
  // The text may be the argument itself (`query("…")`); values named as a property are only that property.
  return onlyProperties && where.properties ? undefined : argument;
}

function parametersOf(
  call: ts.CallExpression,
  slots: readonly ArgumentSlot[] | undefined,
  context: AnalysisContext,
): SqlParameters {
  const found = (slots ?? []).map((where) => slot(call, where, context, true)).find((value) => value !== undefined);
  if (!found) return { kind: "list", elements: [] };
  if (Array.isArray(found)) return { kind: "list", elements: found };
  let node = unwrap(found as ts.Expression);
  if (ts.isIdentifier(node)) node = initialValue(node, context.checker) ?? node;
  if (ts.isArrayLiteralExpression(node)) {
    return ts.isSpreadElement(node.elements[0] ?? node)
      ? { kind: "unseen", reason: "parameters spread from a list" }
      : { kind: "list", elements: node.elements.map((element) => (ts.isSpreadElement(element) ? undefined : element)) };
  }
  const named = objectArgument(node, context);
  if (named) return { kind: "named", values: named };
  return { kind: "unseen", reason: "parameters the analysis cannot see into" };
}

/** An object literal's properties by name (a `const` holding one is followed). */
function objectArgument(
  expression: ts.Expression | undefined,
  context: AnalysisContext,
): Map<string, ts.Expression> | undefined {
  if (!expression) return undefined;
  let node = unwrap(expression);
  if (ts.isIdentifier(node)) node = initialValue(node, context.checker) ?? node;
  if (!ts.isObjectLiteralExpression(node)) return undefined;
  const properties = new Map<string, ts.Expression>();
  for (const property of node.properties) {
    if (ts.isPropertyAssignment(property)) {
      const name = propertyNameText(property.name);
      if (name !== undefined) properties.set(name, property.initializer);
    } else if (ts.isShorthandPropertyAssignment(property)) properties.set(property.name.text, property.name);
  }
  return properties;
}

/** Every tagged template of the file, found once and shared by the SQL layers. */
function taggedTemplates(sourceFile: ts.SourceFile, facts: FileFacts): readonly ts.TaggedTemplateExpression[] {
  return memoized("sql-tagged-templates", facts, sourceFile, () => {
    const found: ts.TaggedTemplateExpression[] = [];
    const visit = (node: ts.Node): void => {
      if (ts.isTaggedTemplateExpression(node)) found.push(node);
      ts.forEachChild(node, visit);
    };
    visit(sourceFile);
    return found;
  });
}
