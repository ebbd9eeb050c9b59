/**
 * Prisma schema files (`schema.prisma`, or every `.prisma` file of a `prisma/schema/` folder)
 * read into the neutral `DataModel`s, with `@mrleebo/prisma-ast` as the parser. Models and views
 * become models (both are queried as `client.<accessor>.<op>()`); enums and composite `type`s
 * are not models, and a field of one of them is a plain value, not a relation.
 */
import { createRequire } from "node:module";
import type * as PrismaAst from "@mrleebo/prisma-ast";
import { type DataField, type DataModel, type DataRelation, SchemaError } from "../../data-layer/schema.js";
import type { SchemaReadResult, SchemaSourceText } from "../../data-layer/schema-readers.js";

type Parsed = { readonly kind: "parsed"; readonly file: string; readonly blocks: readonly PrismaAst.Block[] };

/** Reads the files of one Prisma schema: relations may name models of any of them. */
export function readPrismaSchema(sources: readonly SchemaSourceText[]): SchemaReadResult {
  const errors: SchemaError[] = [];
  const parsed: Parsed[] = [];
  for (const source of sources) {
    const result = parseFile(source);
    if (result instanceof SchemaError) errors.push(result);
    else parsed.push(result);
  }
  const objects = parsed.flatMap(({ file, blocks }) =>
    blocks
      .filter((block): block is PrismaAst.Model | PrismaAst.View => block.type === "model" || block.type === "view")
      .map((block) => ({ file, block })),
  );
  const modelNames = new Set(objects.map(({ block }) => block.name));
  const drafts = objects.map(({ file, block }) => draftModel(file, block, modelNames));
  pairRelations(drafts);
  return { models: drafts.map(finishModel), errors };
}

/** The client accessor Prisma generates for a model: its name with the first letter lower-cased. */
export function clientAccessor(modelName: string): string {
  return modelName.charAt(0).toLowerCase() + modelName.slice(1);
}

// Loading the parser costs ~0.3 s (chevrotain builds its grammar), so it is loaded on the first
// schema file, not when the core is imported by a project without Prisma. The parser is our own
// so that it tracks locations whatever a `prisma-ast` config in the cwd says for the default one.
type Visitor = NonNullable<Parameters<typeof PrismaAst.getSchema>[1]>["visitor"];
let loaded:
  { readonly ast: typeof PrismaAst; readonly parser: PrismaAst.PrismaParser; readonly visitor: Visitor } | undefined;
function prismaAst(): NonNullable<typeof loaded> {
  if (!loaded) {
    const ast = createRequire(import.meta.url)("@mrleebo/prisma-ast") as typeof PrismaAst;
    const parser = new ast.PrismaParser({ nodeLocationTracking: "full" });
    const Visitor = ast.VisitorClassFactory(parser);
    loaded = { ast, parser, visitor: new Visitor() };
  }
  return loaded;
}

interface ParserToken {
  readonly image: string;
  readonly startOffset: number;
  readonly endOffset?: number;
  readonly startLine?: number;
  readonly tokenType?: { readonly name: string };
}

function parseFile(original: SchemaSourceText): Parsed | SchemaError {
  const { ast, parser, visitor } = prismaAst();
  const source = { ...original, text: withoutBlockComments(original.text) };
  let blocks: PrismaAst.Block[] | undefined;
  let failure: unknown;
  try {
    blocks = ast.getSchema(source.text, { parser, visitor }).list;
  } catch (error) {
    failure = error;
  }
  // The package's getSchema drops the lexer's errors: a character no token matches (`;`, `¤`) is
  // skipped silently. The tokens it did produce are on the parser, so the first stretch between
  // two tokens that is not white space is such a character, at an exact offset.
  const unlexed = firstUnlexedOffset(source.text, parser.input as readonly ParserToken[]);
  const failedAt = failure === undefined ? undefined : parseFailureLocation(source.text, failure);
  if (unlexed !== undefined && (failedAt === undefined || unlexed <= failedAt.offset)) {
    return new SchemaError(
      { file: source.file, line: lineAt(source.text, unlexed) },
      `unexpected character ${JSON.stringify(source.text.charAt(unlexed))}`,
    );
  }
  if (failedAt) return new SchemaError({ file: source.file, line: failedAt.line }, failedAt.problem);
  return { kind: "parsed", file: source.file, blocks: blocks ?? [] };
}

/**
 * Prisma accepts `/* … *\/` comments, which the parser's grammar does not know: they are blanked
 * out, newlines kept, so every offset and line the parser reports stays the file's own. Strings
 * and `//` comments are skipped over, so a `/*` inside one is left alone.
 */
export function withoutBlockComments(text: string): string {
  if (!text.includes("/*")) return text;
  let out = "";
  let index = 0;
  while (index < text.length) {
    const char = text[index]!;
    if (char === '"') {
      let end = index + 1;
      while (end < text.length && text[end] !== '"' && text[end] !== "\n") end += text[end] === "\\" ? 2 : 1;
      out += text.slice(index, end + 1);
      index = end + 1;
    } else if (text.startsWith("//", index)) {
      const end = text.indexOf("\n", index);
      const stop = end < 0 ? text.length : end;
      out += text.slice(index, stop);
      index = stop;
    } else if (text.startsWith("/*", index)) {
      const end = text.indexOf("*/", index + 2);
      const stop = end < 0 ? text.length : end + 2;
      out += text.slice(index, stop).replace(/[^\n]/gu, " ");
      index = stop;
    } else {
      out += char;
      index += 1;
    }
  }
  return out;
}

function firstUnlexedOffset(text: string, tokens: readonly ParserToken[]): number | undefined {
  let from = 0;
  const gap = (end: number): number | undefined => {
    for (let offset = from; offset < end; offset += 1) {
      // `trim` drops exactly the characters the lexer's white space skips.
      if (text.charAt(offset).trim() !== "") return offset;
    }
    return undefined;
  };
  for (const token of tokens) {
    const found = gap(token.startOffset);
    if (found !== undefined) return found;
    from = (token.endOffset ?? token.startOffset + token.image.length - 1) + 1;
  }
  return gap(text.length);
}

/** Where the parser gave up: its offending token, or the end of the file when that token is EOF (no position). */
function parseFailureLocation(text: string, failure: unknown): { offset: number; line: number; problem: string } {
  const token = (failure as { token?: ParserToken }).token;
  const expected = expectation(failure);
  if (!token || token.tokenType?.name === "EOF" || !Number.isFinite(token.startOffset)) {
    return {
      offset: text.length,
      line: lineAt(text, text.length),
      problem: `unexpected end of file${expected ? ` (${expected})` : ""}`,
    };
  }
  const found = token.image === "\n" || token.image === "\r\n" ? "line break" : JSON.stringify(token.image);
  return {
    offset: token.startOffset,
    line: token.startLine ?? lineAt(text, token.startOffset),
    problem: `unexpected ${found}${expected ? ` (${expected})` : ""}`,
  };
}

/** What a mismatched token was expected to be, from chevrotain's `Expecting --> '}' <-- but found …`. */
function expectation(failure: unknown): string | undefined {
  if (!(failure instanceof Error) || failure.name !== "MismatchedTokenException") return undefined;
  const prefix = "Expecting --> ";
  const end = failure.message.indexOf(" <--");
  if (!failure.message.startsWith(prefix) || end < 0) return undefined;
  return `expected ${failure.message.slice(prefix.length, end)}`;
}

/** 1-based line of an offset; the end of a file that ends with a line break is on its last line. */
function lineAt(text: string, offset: number): number {
  let line = 1;
  const end = Math.min(offset, text.endsWith("\n") && offset >= text.length ? text.length - 1 : offset);
  for (let index = 0; index < end; index += 1) if (text.charCodeAt(index) === 10) line += 1;
  return line;
}

interface DraftField {
  name: string;
  column?: string;
  optional: boolean;
  list: boolean;
  relation?: { model: string; name?: string; fields: string[]; references: string[]; inverse?: string };
}

interface DraftModel {
  readonly name: string;
  readonly table?: string;
  readonly file: string;
  readonly line: number;
  readonly fields: DraftField[];
  readonly uniqueKeys: string[][];
  readonly compoundKeys: Map<string, string[]>;
}

function draftModel(
  file: string,
  block: PrismaAst.Model | PrismaAst.View,
  modelNames: ReadonlySet<string>,
): DraftModel {
  const draft: DraftModel = {
    name: block.name,
    file,
    line: block.location?.startLine ?? 1,
    fields: [],
    uniqueKeys: [],
    compoundKeys: new Map(),
    ...tableOf(block),
  };
  for (const property of block.properties) {
    if (property.type === "field") {
      const field = readField(property, modelNames);
      draft.fields.push(field);
      const attributes = ownAttributes(property.attributes);
      if (attributes.some((attribute) => attribute.name === "id" || attribute.name === "unique"))
        draft.uniqueKeys.push([field.name]);
    } else if (
      property.type === "attribute" &&
      property.group === undefined &&
      (property.name === "id" || property.name === "unique")
    ) {
      const fields = listArgument(property.args, "fields") ?? [];
      if (fields.length === 0) continue;
      draft.uniqueKeys.push(fields);
      // The name of the key in a `where` (`id_workspaceId: { id, workspaceId }`): `name:`, else the fields joined by `_`.
      if (fields.length > 1) draft.compoundKeys.set(stringArgument(property.args, "name") ?? fields.join("_"), fields);
    }
  }
  return draft;
}

function tableOf(block: PrismaAst.Model | PrismaAst.View): { table?: string } {
  for (const property of block.properties) {
    if (property.type === "attribute" && property.group === undefined && property.name === "map") {
      const table = stringArgument(property.args, "name");
      if (table !== undefined) return { table };
    }
  }
  return {};
}

function readField(field: PrismaAst.Field, modelNames: ReadonlySet<string>): DraftField {
  const attributes = ownAttributes(field.attributes);
  const draft: DraftField = { name: field.name, optional: field.optional === true, list: field.array === true };
  const map = attributes.find((attribute) => attribute.name === "map");
  const column = map ? stringArgument(map.args ?? [], "name") : undefined;
  if (column !== undefined && column !== field.name) draft.column = column;
  // `Unsupported("…")` and the like are functions, never models; enums and composite types are
  // names that are not models, so their fields are plain values.
  if (typeof field.fieldType === "string" && modelNames.has(field.fieldType)) {
    const relation = attributes.find((attribute) => attribute.name === "relation");
    const args = relation?.args ?? [];
    const name = stringArgument(args, "name");
    draft.relation = {
      model: field.fieldType,
      fields: listArgument(args, "fields", false) ?? [],
      references: listArgument(args, "references", false) ?? [],
      ...(name === undefined ? {} : { name }),
    };
  }
  return draft;
}

/** Field attributes without a group: `@db.VarChar(…)` is the database's `VarChar`, not `@map`. */
function ownAttributes(attributes: readonly PrismaAst.Attribute[] | undefined): readonly PrismaAst.Attribute[] {
  return (attributes ?? []).filter((attribute) => attribute.group === undefined);
}

/**
 * A string argument, given by key (`map: "x"`, `name: "x"`) or first and unkeyed (`@map("x")`,
 * `@relation("Author")`). The parser keeps string literals with their quotes.
 */
function stringArgument(args: readonly PrismaAst.AttributeArgument[], key: string): string | undefined {
  for (const [index, arg] of args.entries()) {
    const value = arg.value;
    if (isKeyValue(value)) {
      if (value.key === key) return unquote(value.value);
    } else if (index === 0) {
      const text = unquote(value);
      if (text !== undefined) return text;
    }
  }
  return undefined;
}

/** A list argument by key (`fields: [a, b]`), or the first unkeyed one (`@@unique([a, b])`) when `positional`. */
function listArgument(
  args: readonly PrismaAst.AttributeArgument[],
  key: string,
  positional = true,
): string[] | undefined {
  for (const [index, arg] of args.entries()) {
    const value = arg.value;
    if (isKeyValue(value)) {
      if (value.key === key) return names(value.value);
    } else if (positional && index === 0) {
      return names(value);
    }
  }
  return undefined;
}

function isKeyValue(value: PrismaAst.AttributeArgument["value"]): value is PrismaAst.KeyValue {
  return typeof value === "object" && value !== null && !Array.isArray(value) && value.type === "keyValue";
}

/** `[a, b(sort: Desc)]` → `["a", "b"]`. */
function names(value: PrismaAst.Value): string[] | undefined {
  if (typeof value !== "object" || value === null || Array.isArray(value) || value.type !== "array") return undefined;
  return value.args.flatMap((item) => {
    if (typeof item === "string") return [item];
    if (typeof item === "object" && item !== null && !Array.isArray(item) && item.type === "function")
      return [item.name];
    return [];
  });
}

function unquote(value: PrismaAst.Value): string | undefined {
  if (typeof value !== "string" || value.length < 2 || !value.startsWith('"') || !value.endsWith('"')) return undefined;
  try {
    return JSON.parse(value) as string;
  } catch {
    return value.slice(1, -1);
  }
}

/**
 * Each relation field learns the field of the other side: the one on the related model with the
 * same relation name (Prisma requires names exactly when two models have several relations).
 */
function pairRelations(drafts: readonly DraftModel[]): void {
  const byName = new Map(drafts.map((draft) => [draft.name, draft]));
  for (const draft of drafts) {
    for (const field of draft.fields) {
      const relation = field.relation;
      if (!relation || relation.inverse !== undefined) continue;
      const other = byName.get(relation.model);
      const candidates = (other?.fields ?? []).filter(
        (candidate) =>
          candidate !== field && candidate.relation?.model === draft.name && candidate.relation.name === relation.name,
      );
      if (candidates.length !== 1) continue;
      const [inverse] = candidates;
      relation.inverse = inverse!.name;
      inverse!.relation!.inverse = field.name;
    }
  }
}

function finishModel(draft: DraftModel): DataModel {
  const fields = new Map<string, DataField>();
  for (const field of draft.fields) {
    const relation: DataRelation | undefined = field.relation && {
      model: field.relation.model,
      fields: field.relation.fields,
      references: field.relation.references,
      // Set on every row only on the side that holds a foreign key that is not optional.
      required: !field.optional && !field.list && field.relation.fields.length > 0,
      list: field.list,
      ...(field.relation.name === undefined ? {} : { name: field.relation.name }),
      ...(field.relation.inverse === undefined ? {} : { inverse: field.relation.inverse }),
    };
    fields.set(field.name, {
      name: field.name,
      optional: field.optional,
      ...(field.column === undefined ? {} : { column: field.column }),
      ...(relation ? { relation } : {}),
    });
  }
  const names = [
    ...new Set([draft.name, clientAccessor(draft.name), ...(draft.table === undefined ? [] : [draft.table])]),
  ];
  return {
    name: draft.name,
    names,
    fields,
    uniqueKeys: draft.uniqueKeys,
    compoundKeys: draft.compoundKeys,
    ...(draft.table === undefined ? {} : { table: draft.table }),
    location: { file: draft.file, line: draft.line },
  };
}
