/**
 * TypeORM `@Entity` classes as a schema source: the class name and its table
 * (`@Entity("invoices")`, `@Entity({ name })`, else the class name in snake_case as TypeORM's
 * default naming does), `@Column`-family properties with their column (`{ name: "tenant_id" }`),
 * `@ManyToOne`/`@OneToOne` relations with their `@JoinColumn` foreign key, and unique keys
 * (`@PrimaryColumn`, `@PrimaryGeneratedColumn`, `unique: true`, `@Unique`, unique `@Index`).
 * Entities live in the project's TypeScript files, read here with the TypeScript parser.
 */
import ts from "../../typescript.cjs";
import { propertyNameText, unwrap } from "../../ast.js";
import type { DataField, DataModel } from "../../data-layer/schema.js";
import type { SchemaReadResult, SchemaSourceText, SchemaSources } from "../../data-layer/schema-readers.js";
import { typescriptSchemaSources } from "../../data-layer/typescript-schema-sources.js";

/** The models this reader made: the TypeORM adapter takes only these as entities. */
export const typeormEntities = new WeakSet<DataModel>();

export function findTypeormSources(root: string): SchemaSources {
  return {
    files: typescriptSchemaSources(root, { module: "typeorm", marker: /@(Entity|ViewEntity)\s*\(/u }),
    errors: [],
  };
}

const columnDecorators = new Set([
  "Column",
  "PrimaryColumn",
  "PrimaryGeneratedColumn",
  "CreateDateColumn",
  "UpdateDateColumn",
  "DeleteDateColumn",
  "VersionColumn",
  "ObjectIdColumn",
  "ViewColumn",
]);
const primaryDecorators = new Set(["PrimaryColumn", "PrimaryGeneratedColumn", "ObjectIdColumn"]);
const toOne = new Set(["ManyToOne", "OneToOne"]);
const toMany = new Set(["OneToMany", "ManyToMany"]);

interface Draft {
  readonly name: string;
  readonly table: string;
  readonly file: string;
  readonly line: number;
  readonly fields: Map<string, DataField>;
  readonly uniqueKeys: string[][];
  readonly base?: string;
  /** Relations whose foreign key is resolved once every field is known: field → join column. */
  readonly joins: { field: string; model: string; column: string; referenced?: string; nullable?: boolean }[];
}

export function readTypeormEntities(sources: readonly SchemaSourceText[]): SchemaReadResult {
  return {
    models: entitiesOf(
      sources.map((source) =>
        ts.createSourceFile(source.file, source.text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS),
      ),
    ),
    errors: [],
  };
}

const ownEntities = new WeakMap<ts.SourceFile, readonly DataModel[]>();

/** The entities a linted file declares itself: seen even when the file is not on disk yet (an editor's buffer). */
export function entitiesInFile(file: ts.SourceFile): readonly DataModel[] {
  let found = ownEntities.get(file);
  if (!found) {
    found = /@(Entity|ViewEntity)\s*\(/u.test(file.text) ? entitiesOf([file]) : [];
    ownEntities.set(file, found);
  }
  return found;
}

function entitiesOf(files: readonly ts.SourceFile[]): DataModel[] {
  const drafts = new Map<string, Draft>();
  // Abstract bases (`class Owned { @Column() tenantId }`) hold columns too, entity or not.
  const classes = new Map<string, Draft>();
  for (const file of files) {
    for (const statement of file.statements) {
      if (!ts.isClassDeclaration(statement) || !statement.name) continue;
      const draft = readClass(statement, file.fileName, file);
      classes.set(draft.name, draft);
      if (decorator(statement, "Entity") || decorator(statement, "ViewEntity")) drafts.set(draft.name, draft);
    }
  }
  const models: DataModel[] = [];
  for (const draft of drafts.values()) {
    const fields = new Map<string, DataField>();
    const uniqueKeys: string[][] = [];
    const joins: Draft["joins"] = [];
    // Base classes first, so the entity's own declarations win.
    for (const part of lineage(draft, classes).reverse()) {
      for (const [name, field] of part.fields) fields.set(name, field);
      uniqueKeys.push(...part.uniqueKeys);
      joins.push(...part.joins);
    }
    for (const join of joins) {
      const holder = [...fields.values()].find(
        (field) => !field.relation && (field.column ?? field.name) === join.column,
      );
      const fkName = holder?.name ?? join.column;
      // A foreign key the entity does not declare as a column is still a column of its table.
      if (!holder) fields.set(fkName, { name: fkName, optional: join.nullable !== false });
      const required = join.nullable === false || (holder !== undefined && !holder.optional);
      const target = drafts.get(join.model);
      const referenced = join.referenced ?? (target ? primaryOf(target, classes) : undefined) ?? "id";
      fields.set(join.field, {
        name: join.field,
        optional: !required,
        relation: { model: join.model, fields: [fkName], references: [referenced], required, list: false },
      });
    }
    const model: DataModel = {
      name: draft.name,
      names: [...new Set([draft.name, draft.table])],
      fields,
      uniqueKeys,
      ...(draft.table === draft.name ? {} : { table: draft.table }),
      location: { file: draft.file, line: draft.line },
    };
    typeormEntities.add(model);
    models.push(model);
  }
  return models;
}

function lineage(draft: Draft, classes: ReadonlyMap<string, Draft>): Draft[] {
  const chain: Draft[] = [draft];
  let base = draft.base;
  while (base !== undefined && chain.length < 6) {
    const next = classes.get(base);
    if (!next || chain.includes(next)) break;
    chain.push(next);
    base = next.base;
  }
  return chain;
}

function primaryOf(draft: Draft, classes: ReadonlyMap<string, Draft>): string | undefined {
  for (const part of lineage(draft, classes)) if (part.uniqueKeys[0]?.length === 1) return part.uniqueKeys[0][0];
  return undefined;
}

function readClass(declaration: ts.ClassDeclaration, fileName: string, file: ts.SourceFile): Draft {
  const name = declaration.name!.text;
  const entity = decorator(declaration, "Entity") ?? decorator(declaration, "ViewEntity");
  const base = declaration.heritageClauses?.find((clause) => clause.token === ts.SyntaxKind.ExtendsKeyword)?.types[0]
    ?.expression;
  const draft: Draft = {
    name,
    table: (entity && tableName(entity)) ?? snakeCase(name),
    file: fileName,
    line: file.getLineAndCharacterOfPosition(declaration.getStart(file)).line + 1,
    fields: new Map(),
    uniqueKeys: [],
    ...(base && ts.isIdentifier(base) ? { base: base.text } : {}),
    joins: [],
  };
  for (const unique of decorators(declaration)) {
    if (
      unique.name === "Unique" ||
      (unique.name === "Index" && optionsOf(unique.call)?.get("unique")?.kind === ts.SyntaxKind.TrueKeyword)
    ) {
      const list = unique.call?.arguments.map(unwrap).find(ts.isArrayLiteralExpression);
      const fields = list?.elements.map((element) => (ts.isStringLiteralLike(element) ? element.text : undefined));
      if (fields && fields.length > 0 && fields.every((field) => field !== undefined))
        draft.uniqueKeys.push(fields as string[]);
    }
  }
  for (const member of declaration.members) {
    if (!ts.isPropertyDeclaration(member)) continue;
    const property = propertyNameText(member.name);
    if (property === undefined) continue;
    for (const { name: kind, call } of decorators(member)) {
      const options = optionsOf(call);
      if (columnDecorators.has(kind)) {
        const column = stringOption(options, "name");
        draft.fields.set(property, {
          name: property,
          ...(column !== undefined && column !== property ? { column } : {}),
          optional: options?.get("nullable")?.kind === ts.SyntaxKind.TrueKeyword || member.questionToken !== undefined,
        });
        if (primaryDecorators.has(kind) || options?.get("primary")?.kind === ts.SyntaxKind.TrueKeyword)
          draft.uniqueKeys.unshift([property]);
        else if (options?.get("unique")?.kind === ts.SyntaxKind.TrueKeyword) draft.uniqueKeys.push([property]);
      } else if (toOne.has(kind) || toMany.has(kind)) {
        const model = relatedModel(call);
        if (model === undefined) continue;
        if (toMany.has(kind)) {
          draft.fields.set(property, {
            name: property,
            optional: true,
            relation: { model, fields: [], references: [], required: false, list: true },
          });
          continue;
        }
        const join = decorators(member).find((other) => other.name === "JoinColumn");
        // The side without `@JoinColumn` of a one-to-one holds no key.
        if (kind === "OneToOne" && !join) {
          draft.fields.set(property, {
            name: property,
            optional: true,
            relation: { model, fields: [], references: [], required: false, list: false },
          });
          continue;
        }
        const joinOptions = join ? optionsOf(join.call) : undefined;
        const nullable = options?.get("nullable")?.kind;
        const referenced = stringOption(joinOptions, "referencedColumnName");
        draft.joins.push({
          field: property,
          model,
          // TypeORM's default foreign key: the relation's name joined with the referenced column.
          column: stringOption(joinOptions, "name") ?? `${property}${capitalise(referenced ?? "id")}`,
          ...(referenced ? { referenced } : {}),
          ...(nullable === ts.SyntaxKind.FalseKeyword ? { nullable: false } : {}),
        });
      }
    }
  }
  return draft;
}

interface DecoratorUse {
  readonly name: string;
  readonly call?: ts.CallExpression;
}

function decorators(node: ts.HasDecorators): DecoratorUse[] {
  const found: DecoratorUse[] = [];
  for (const item of ts.getDecorators(node) ?? []) {
    const expression = item.expression;
    const callee = ts.isCallExpression(expression) ? expression.expression : expression;
    const name = ts.isIdentifier(callee)
      ? callee.text
      : ts.isPropertyAccessExpression(callee)
        ? callee.name.text
        : undefined;
    if (name !== undefined) found.push({ name, ...(ts.isCallExpression(expression) ? { call: expression } : {}) });
  }
  return found;
}

function decorator(node: ts.HasDecorators, name: string): DecoratorUse | undefined {
  return decorators(node).find((use) => use.name === name);
}

/** The options object of a decorator call, wherever it stands (`@Column("varchar", { name })`). */
function optionsOf(call: ts.CallExpression | undefined): Map<string, ts.Expression> | undefined {
  const literal = call?.arguments.map(unwrap).find(ts.isObjectLiteralExpression);
  if (!literal) return undefined;
  const options = new Map<string, ts.Expression>();
  for (const property of literal.properties) {
    if (ts.isPropertyAssignment(property)) {
      const key = propertyNameText(property.name);
      if (key !== undefined) options.set(key, unwrap(property.initializer));
    }
  }
  return options;
}

function stringOption(options: Map<string, ts.Expression> | undefined, key: string): string | undefined {
  const value = options?.get(key);
  return value && ts.isStringLiteralLike(value) ? value.text : undefined;
}

function tableName(entity: DecoratorUse): string | undefined {
  const first = entity.call?.arguments[0] && unwrap(entity.call.arguments[0]);
  if (first && ts.isStringLiteralLike(first)) return first.text;
  return stringOption(optionsOf(entity.call), "name");
}

/** `() => Organization`, `(type) => Organization`, `"Organization"`. */
function relatedModel(call: ts.CallExpression | undefined): string | undefined {
  const first = call?.arguments[0] && unwrap(call.arguments[0]);
  if (!first) return undefined;
  if (ts.isStringLiteralLike(first)) return first.text;
  if (ts.isArrowFunction(first) && !ts.isBlock(first.body)) {
    const body = unwrap(first.body);
    if (ts.isIdentifier(body)) return body.text;
  }
  return undefined;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function snakeCase(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/gu, "$1_$2").toLowerCase();
}
