/**
 * Kysely has no schema of its own: the `Database` interface a project gives `Kysely<DB>` names
 * its tables (`interface DB { campaigns: CampaignTable }`) and each table interface its columns
 * (`tenant_id: string`). Read here from the project's TypeScript files that import kysely, by
 * name and without a type checker, so both hosts see the same tables: the interface named by a
 * `Kysely<X>` / `Transaction<X>` reference, its properties, and the interfaces or type literals
 * they name. A column called `id` is taken as the key (Kysely declares none).
 */
import ts from "../../typescript.cjs";
import { propertyNameText } from "../../ast.js";
import type { DataField, DataModel } from "../../data-layer/schema.js";
import type { SchemaReadResult, SchemaSourceText, SchemaSources } from "../../data-layer/schema-readers.js";
import { typescriptSchemaSources } from "../../data-layer/typescript-schema-sources.js";

/** The tables this reader made: a Kysely query names one of these, or a table another schema source declares. */
export const kyselyTables = new WeakSet<DataModel>();

export function findKyselySources(root: string): SchemaSources {
  // Table interfaces import `Generated`/`ColumnType`/`Selectable` from kysely; the database interface `Kysely` itself.
  return {
    files: typescriptSchemaSources(root, {
      module: "kysely",
      marker: /\b(Kysely|Transaction|Generated|ColumnType|Selectable|Insertable)\s*</u,
    }),
    errors: [],
  };
}

type Shape = ts.InterfaceDeclaration | ts.TypeLiteralNode;

export function readKyselyDatabase(sources: readonly SchemaSourceText[]): SchemaReadResult {
  return {
    models: tablesOf(
      sources.map((source) =>
        ts.createSourceFile(source.file, source.text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS),
      ),
    ),
    errors: [],
  };
}

const ownTables = new WeakMap<ts.SourceFile, readonly DataModel[]>();

/** The tables of a `Database` interface the linted file declares and hands to `Kysely<…>` itself. */
export function tablesInFile(file: ts.SourceFile): readonly DataModel[] {
  let found = ownTables.get(file);
  if (!found) {
    found = /\b(Kysely|Transaction)\s*</u.test(file.text) ? tablesOf([file]) : [];
    ownTables.set(file, found);
  }
  return found;
}

function tablesOf(files: readonly ts.SourceFile[]): DataModel[] {
  const shapes = new Map<string, { shape: Shape; file: ts.SourceFile }>();
  const databases = new Set<string>();
  for (const file of files) {
    const visit = (node: ts.Node): void => {
      if (ts.isInterfaceDeclaration(node)) shapes.set(node.name.text, { shape: node, file });
      else if (ts.isTypeAliasDeclaration(node) && ts.isTypeLiteralNode(node.type))
        shapes.set(node.name.text, { shape: node.type, file });
      const argument = databaseArgument(node);
      if (argument !== undefined) databases.add(argument);
      ts.forEachChild(node, visit);
    };
    visit(file);
  }
  const models: DataModel[] = [];
  for (const database of [...databases].sort()) {
    const found = shapes.get(database);
    if (!found) continue;
    for (const member of found.shape.members) {
      if (!ts.isPropertySignature(member) || !member.type) continue;
      const table = propertyNameText(member.name);
      if (table === undefined) continue;
      const columns = columnsOf(member.type, shapes);
      if (!columns) continue;
      const fields = new Map<string, DataField>();
      for (const [name, optional] of columns) fields.set(name, { name, optional });
      // `public.campaigns`: queries may name it with or without its schema.
      const short = table.includes(".") ? table.slice(table.lastIndexOf(".") + 1) : table;
      const model: DataModel = {
        name: table,
        names: [...new Set([table, short])],
        fields,
        uniqueKeys: fields.has("id") ? [["id"]] : [],
        location: {
          file: found.file.fileName,
          line: found.file.getLineAndCharacterOfPosition(member.getStart(found.file)).line + 1,
        },
      };
      kyselyTables.add(model);
      models.push(model);
    }
  }
  return models;
}

/** `new Kysely<DB>(…)`, `Kysely<DB>`, `Transaction<DB>`: the database interface's name. */
function databaseArgument(node: ts.Node): string | undefined {
  let name: string | undefined;
  let argument: ts.TypeNode | undefined;
  if (ts.isNewExpression(node) && ts.isIdentifier(node.expression)) {
    name = node.expression.text;
    argument = node.typeArguments?.[0];
  } else if (ts.isTypeReferenceNode(node) && ts.isIdentifier(node.typeName)) {
    name = node.typeName.text;
    argument = node.typeArguments?.[0];
  }
  if (name !== "Kysely" && name !== "Transaction") return undefined;
  return argument && ts.isTypeReferenceNode(argument) && ts.isIdentifier(argument.typeName)
    ? argument.typeName.text
    : undefined;
}

/** The columns of a table type and whether each may be null: an interface by name, a literal, `Selectable<X>`-style wrappers. */
function columnsOf(
  type: ts.TypeNode,
  shapes: ReadonlyMap<string, { shape: Shape }>,
  depth = 0,
): Map<string, boolean> | undefined {
  if (depth > 3) return undefined;
  if (ts.isTypeLiteralNode(type)) return membersOf(type);
  if (!ts.isTypeReferenceNode(type) || !ts.isIdentifier(type.typeName)) return undefined;
  const found = shapes.get(type.typeName.text);
  if (found) return membersOf(found.shape);
  const inner = type.typeArguments?.[0];
  return inner ? columnsOf(inner, shapes, depth + 1) : undefined;
}

function membersOf(shape: Shape): Map<string, boolean> {
  const columns = new Map<string, boolean>();
  for (const member of shape.members) {
    if (!ts.isPropertySignature(member)) continue;
    const name = propertyNameText(member.name);
    if (name === undefined) continue;
    const nullable =
      member.questionToken !== undefined || (member.type !== undefined && /\bnull\b/u.test(member.type.getText()));
    columns.set(name, nullable);
  }
  return columns;
}
