/**
 * TypeORM as a data layer. Receivers: a repository (`dataSource.getRepository(E)`,
 * `manager.getRepository(E)`, `@InjectRepository(E) repo: Repository<E>`, a value annotated or
 * typed `Repository<E>`) and an entity manager called with an entity class first
 * (`manager.find(E, options)`, the `manager` of `dataSource.transaction(async (manager) => …)`).
 * The entity must be one of the project's `@Entity` classes; its methods become neutral query
 * sites. `createQueryBuilder` chains are assembled into SQL and read by the SQL reader
 * (query-builder.ts); `query(text, parameters)` is raw SQL (data-layer/sql-sites.ts).
 */
import { ownershipView } from "../../data-layer/ownership-view.js";
import ts from "../../typescript.cjs";
import {
  abbreviate,
  callMember,
  enclosingFunction,
  isNullish,
  memberPath,
  propertyNameText,
  unwrap,
} from "../../ast.js";
import { initialValue, resolveBinding } from "../../bindings.js";
import { withFileModels } from "../../data-layer/file-schema.js";
import type { OwnershipView } from "../../data-layer/filter-scope.js";
import { tenantFieldOf } from "../../data-layer/ownership.js";
import { matchesEverything, type Predicate } from "../../data-layer/predicate.js";
import type { DataLayerAdapter, DataLayerSites, QuerySite, WrittenDocument } from "../../data-layer/query-site.js";
import type { DataModel, DataSchema } from "../../data-layer/schema.js";
import { tenantObjectEdits } from "../../data-layer/suggestion-edits.js";
import { arrayElements } from "../../evidence/local-flow.js";
import { clientInputIn, objectCarriesTenant, readObject } from "../../evidence/object-evidence.js";
import { isTenantFieldName } from "../../evidence/tenant-value.js";
import type { FileFacts } from "../../file-facts.js";
import { classifyReceiver } from "../../receivers/classify.js";
import type { AnalysisContext } from "../../types.js";
import { type SqlMethod, sqlCallSource } from "../../data-layer/sql-calls.js";
import { type SqlSource, sqlQuerySites } from "../../data-layer/sql-sites.js";
import { documentDialect, tenantRelationOf, whereDialect } from "./dialects.js";
import { readQueryBuilder } from "./query-builder.js";
import { repositoryFactories, sqlMethods, type TypeormOperation, typeormOperations } from "./operations.js";
import { entitiesInFile, typeormEntities } from "./schema.js";

export const typeormQueries: DataLayerAdapter = {
  layer: "typeorm",
  querySites(sourceFile, facts, context) {
    const dataSchema = withFileModels(context.dataSchema, entitiesInFile(sourceFile));
    return collect(
      facts,
      dataSchema === context.dataSchema ? context : { ...context, ...(dataSchema ? { dataSchema } : {}) },
    );
  },
};

/** A repository of a known entity; of an entity not known (`Repository<any>`, an unread class): why. */
type Repository = { readonly model: DataModel } | { readonly unknown: string };

const repositoryTypes = new Set(["Repository", "TreeRepository", "MongoRepository"]);

function collect(facts: FileFacts, context: AnalysisContext): DataLayerSites {
  const sites: QuerySite[] = [];
  const undecided: DataLayerSites["undecided"][number][] = [];
  const global: ts.Node[] = [];
  const raw: SqlSource[] = [];
  const sqlCall = (
    call: ts.CallExpression,
    method: string,
    repository: Repository | undefined,
    shift: number,
  ): void => {
    if (method === "query") {
      // `repository.query(sql, params)`, `manager.query(…)`: raw SQL with `$1` parameters.
      raw.push(sqlCallSource(call, method, rawQuery, "postgresql", context));
      return;
    }
    if (repository && "unknown" in repository) {
      undecided.push({ node: call, reason: repository.unknown });
      return;
    }
    if (!context.dataSchema) {
      undecided.push({ node: call, reason: "a QueryBuilder: no @Entity schema was found" });
      return;
    }
    const alias = call.arguments[shift] && unwrap(call.arguments[shift]);
    const read = readQueryBuilder(
      {
        call,
        ...(repository ? { entity: repository.model } : {}),
        ...(alias && ts.isStringLiteralLike(alias) ? { alias: alias.text } : {}),
      },
      (argument) => {
        const found = entityArgument(argument, context);
        return found && "model" in found ? found.model : undefined;
      },
      context,
    );
    if ("site" in read) sites.push(read.site);
    else if ("global" in read) global.push(read.global);
    else undecided.push({ node: read.node, reason: read.undecided });
  };
  for (const call of facts.calls) {
    const member = callMember(call);
    if (!member) continue;
    const known = Object.hasOwn(typeormOperations, member.method) || sqlMethods.has(member.method);
    if (!known) continue;
    // `manager.find(Invoice, options)`: the entity manager takes the entity first.
    // Only an entity class says so: a string first argument is too common (`hash.update("x")`).
    const managed = entityArgument(call.arguments[0], context, false);
    let repository: Repository | undefined;
    let shift = 0;
    if (managed && isManagerLike(member.receiver, context)) {
      repository = managed;
      shift = 1;
    } else {
      repository = repositoryOf(member.receiver, context, 0);
    }
    if (!repository) {
      // `dataSource.query(sql)`, `dataSource.createQueryBuilder()` on a known TypeORM data source.
      if (sqlMethods.has(member.method) && isTypeormSource(member.receiver, context))
        sqlCall(call, member.method, undefined, 0);
      continue;
    }
    if (sqlMethods.has(member.method)) {
      sqlCall(call, member.method, repository, shift);
      continue;
    }
    if ("unknown" in repository) {
      undecided.push({ node: call, reason: repository.unknown });
      continue;
    }
    const schema = context.dataSchema!;
    const view = ownershipView(repository.model, schema, context);
    if (view.ownership.kind === "global") {
      global.push(call);
      continue;
    }
    const found = site(
      call,
      member.method,
      typeormOperations[member.method]!,
      shift,
      repository.model,
      schema,
      view,
      context,
    );
    if (found) sites.push(found);
  }
  const rawSites = sqlQuerySites(raw, context);
  return {
    sites: [...sites, ...rawSites.sites],
    undecided: [...undecided, ...rawSites.undecided],
    global: [...global, ...(rawSites.global ?? [])],
  };
}

/** `query(text, parameters)`: the text first, `$1` bound to the list's first element. */
const rawQuery: SqlMethod = { text: { argument: 0 }, parameters: [{ argument: 1 }] };

function modelNamed(name: string, context: AnalysisContext): DataModel | undefined {
  const model = context.dataSchema?.models.get(name);
  return model && typeormEntities.has(model) ? model : undefined;
}

/** `Invoice` as an argument: an entity class of the schema (or its name as a string). */
function entityArgument(
  argument: ts.Expression | undefined,
  context: AnalysisContext,
  strings = true,
): Repository | undefined {
  if (!argument) return undefined;
  const node = unwrap(argument);
  if (!ts.isIdentifier(node) && !(strings && ts.isStringLiteralLike(node))) return undefined;
  const model = modelNamed(node.text, context);
  // A string names an entity by its class name only: `update("support_tickets")` on a hash is no entity call.
  if (!model || (ts.isStringLiteralLike(node) && model.name !== node.text)) return undefined;
  return { model };
}

/** An entity manager, or anything not known to be something else (the entity argument is what tells). */
function isManagerLike(receiver: ts.Expression, context: AnalysisContext): boolean {
  // A manager is a value (`dataSource.manager`, a `manager` parameter), not a call's result:
  // `createQueryBuilder().update(Ticket)` is a query builder's, whose SQL is not a where object.
  let node = unwrap(receiver);
  // `const qb = dataSource.createQueryBuilder(); qb.update(Ticket)`: a builder held in a variable.
  if (ts.isIdentifier(node)) node = initialValue(node, context.checker) ?? node;
  if (ts.isCallExpression(node) && callMember(node)?.method !== "createEntityManager") return false;
  const classification = classifyReceiver(receiver, context);
  return (
    classification.status !== "non-target" &&
    !(classification.status === "target" && classification.target.kind !== "database")
  );
}

function isTypeormSource(receiver: ts.Expression, context: AnalysisContext): boolean {
  // `dataSource.manager`: the entity manager of a known data source.
  const node = unwrap(receiver);
  if (ts.isPropertyAccessExpression(node) && node.name.text === "manager" && isTypeormSource(node.expression, context))
    return true;
  const classification = classifyReceiver(receiver, context);
  return classification.status === "target" && classification.target.library === "typeorm";
}

/** The entity of a repository expression, followed through constants, injected members and types. */
function repositoryOf(expression: ts.Expression, context: AnalysisContext, depth: number): Repository | undefined {
  if (depth > 6) return undefined;
  const node = unwrap(expression);
  if (ts.isCallExpression(node)) {
    const member = callMember(node);
    if (member && repositoryFactories.has(member.method))
      return entityArgument(node.arguments[0], context) ?? unknownEntity(node.arguments[0]);
    return typedRepository(node, context);
  }
  if (ts.isIdentifier(node)) {
    const value = initialValue(node, context.checker);
    if (value && value !== node) {
      const found = repositoryOf(value, context, depth + 1);
      if (found) return found;
    }
    const binding = resolveBinding(node, context.checker);
    if (binding?.kind === "variable" || binding?.kind === "parameter") {
      const declared = declaredRepository(binding.declaration as ts.HasDecorators & { type?: ts.TypeNode }, context);
      if (declared) return declared;
    }
    return typedRepository(node, context);
  }
  // `this.invoices`: an injected or annotated member of the enclosing class.
  if (ts.isPropertyAccessExpression(node) && node.expression.kind === ts.SyntaxKind.ThisKeyword) {
    const owner = enclosingClass(node);
    const declaration = owner && memberDeclaration(owner, node.name.text);
    const declared = declaration ? declaredRepository(declaration, context) : undefined;
    if (declared) return declared;
    if (declaration && ts.isPropertyDeclaration(declaration) && declaration.initializer) {
      const found = repositoryOf(declaration.initializer, context, depth + 1);
      if (found) return found;
    }
  }
  return typedRepository(node, context);
}

function unknownEntity(argument: ts.Expression | undefined): Repository {
  const text = argument ? abbreviate(argument.getText()) : "no entity";
  return { unknown: `a repository of ${text}, which is not an @Entity class the analysis found` };
}

/** `@InjectRepository(Invoice) repo`, `repo: Repository<Invoice>`. */
function declaredRepository(declaration: ts.Node, context: AnalysisContext): Repository | undefined {
  if (ts.canHaveDecorators(declaration)) {
    for (const item of ts.getDecorators(declaration) ?? []) {
      const expression = item.expression;
      if (
        ts.isCallExpression(expression) &&
        ts.isIdentifier(expression.expression) &&
        expression.expression.text === "InjectRepository"
      ) {
        return entityArgument(expression.arguments[0], context) ?? unknownEntity(expression.arguments[0]);
      }
    }
  }
  const type = (declaration as { type?: ts.TypeNode }).type;
  if (!type || !ts.isTypeReferenceNode(type)) return undefined;
  const name = ts.isIdentifier(type.typeName) ? type.typeName.text : type.typeName.right.text;
  if (!repositoryTypes.has(name)) return undefined;
  const argument = type.typeArguments?.[0];
  const entity =
    argument && ts.isTypeReferenceNode(argument) && ts.isIdentifier(argument.typeName)
      ? modelNamed(argument.typeName.text, context)
      : undefined;
  if (entity) return { model: entity };
  // Without a checker, a `Repository` type of another library cannot be told from TypeORM's.
  return context.checker && isTypeormType(context.checker.getTypeFromTypeNode(type))
    ? {
        unknown: `a repository of ${argument ? abbreviate(argument.getText()) : "an unnamed entity"}, not an @Entity class the analysis found`,
      }
    : undefined;
}

/** With a checker: a value whose type is TypeORM's `Repository<E>`. */
function typedRepository(node: ts.Expression, context: AnalysisContext): Repository | undefined {
  const checker = context.checker;
  if (!checker) return undefined;
  // What syntax already knows needs no type query, which on another library's model (a Mongoose
  // `Campaign.find`) can make TypeScript infer that library's heavy generics.
  const known = classifyReceiver(node, context);
  if (known.status === "target" && known.target.library !== "typeorm") return undefined;
  const type = checker.getTypeAtLocation(node);
  if (!isTypeormType(type)) return undefined;
  const argument = checker.getTypeArguments(type as ts.TypeReference)[0];
  const name = argument?.getSymbol()?.getName();
  const model = name === undefined ? undefined : modelNamed(name, context);
  if (model) return { model };
  return {
    unknown: `a repository of ${argument ? checker.typeToString(argument) : "an unknown entity"}, not an @Entity class the analysis found`,
  };
}

function isTypeormType(type: ts.Type): boolean {
  const symbol = type.getSymbol() ?? type.aliasSymbol;
  if (!symbol || !repositoryTypes.has(symbol.getName())) return false;
  return (symbol.getDeclarations() ?? []).some((declaration) =>
    /[\\/]typeorm[\\/]/u.test(declaration.getSourceFile().fileName),
  );
}

function enclosingClass(node: ts.Node): ts.ClassLikeDeclaration | undefined {
  let current: ts.Node | undefined = node.parent;
  while (current && !ts.isClassLike(current)) current = current.parent;
  return current;
}

function memberDeclaration(owner: ts.ClassLikeDeclaration, name: string): ts.Node | undefined {
  for (const member of owner.members) {
    if (ts.isPropertyDeclaration(member) && propertyNameText(member.name) === name) return member;
    if (ts.isConstructorDeclaration(member)) {
      for (const parameter of member.parameters)
        if (ts.isIdentifier(parameter.name) && parameter.name.text === name) return parameter;
    }
  }
  return undefined;
}

function site(
  call: ts.CallExpression,
  method: string,
  operation: TypeormOperation,
  shift: number,
  model: DataModel,
  schema: DataSchema,
  view: OwnershipView,
  context: AnalysisContext,
): QuerySite | undefined {
  const base = {
    node: call,
    method,
    target: model.name,
    view,
    operation: operation.operation,
    wording: { or: "an array of where objects" },
  };
  if (operation.rows !== undefined) {
    const rows = call.arguments[operation.rows + shift];
    if (!rows) return undefined;
    // `save(invoice)` of an entity built by `create()` (checked there) or loaded by a query.
    if (!operation.builds && builtOrLoaded(rows, context)) return undefined;
    const documents = writtenRows(rows, call, model, context);
    return {
      ...base,
      documents,
      suggestions: {
        document: (property) =>
          ts.isObjectLiteralExpression(unwrap(rows))
            ? tenantObjectEdits(rows, property, call.getSourceFile(), context)
            : undefined,
      },
    };
  }
  const argument = operation.filter === "none" ? undefined : call.arguments[(operation.at ?? 0) + shift];
  const read = filterOf(operation, argument, call, model, schema, context);
  const changes = operation.changes === undefined ? undefined : call.arguments[operation.changes + shift];
  const reassignment =
    changes && view.ownership.kind === "tenant-owned" ? reassignmentOf(changes, argument, context) : undefined;
  const updateFromClient = changes && !reassignment ? clientInputIn(changes, context) : undefined;
  return {
    ...base,
    filter: read.filter,
    ...(read.byKey ? { byKey: { writes: operation.operation !== "read" } } : {}),
    ...(reassignment ? { reassignment } : {}),
    ...(updateFromClient ? { updateFromClient } : {}),
    suggestions: {
      filter: (property) =>
        read.object ? tenantObjectEdits(read.object, property, call.getSourceFile(), context) : undefined,
    },
  };
}

/** The filter of a read or write, and whether it is a lookup by a unique key. */
function filterOf(
  operation: TypeormOperation,
  argument: ts.Expression | undefined,
  call: ts.CallExpression,
  model: DataModel,
  schema: DataSchema,
  context: AnalysisContext,
): { filter: Predicate; byKey?: boolean; object?: ts.Expression } {
  const dialect = whereDialect(model, schema);
  if (operation.filter === "none" || !argument) return { filter: matchesEverything };
  let where: ts.Expression | undefined = argument;
  if (operation.filter === "options") {
    const options = unwrap(argument);
    if (!ts.isObjectLiteralExpression(options))
      return {
        filter: readObject(
          argument,
          context,
          { property: (name, value, reader) => (name === "where" ? reader.read(value, dialect) : undefined) },
          call,
        ),
      };
    where = propertyOf(options, "where");
    if (!where) return { filter: matchesEverything };
  }
  const node = unwrap(where);
  // An array of where objects is a disjunction; an array of ids is a lookup by those keys.
  if (ts.isArrayLiteralExpression(node)) {
    if (
      operation.filter === "criteria" &&
      node.elements.every((element) => !ts.isObjectLiteralExpression(unwrap(element as ts.Expression)))
    )
      return keyFilter(node, model);
    return {
      filter: {
        kind: "any",
        parts: node.elements.map((element) => readObject(element, context, dialect, call)),
        operator: "an array of where objects",
        origin: node,
      },
    };
  }
  if (operation.filter === "criteria" && isKeyValue(node, context)) return keyFilter(node, model);
  const filter = readObject(where, context, dialect, call);
  const object = ts.isObjectLiteralExpression(node) ? node : undefined;
  const byKey =
    (operation.one === true || operation.filter === "criteria") &&
    object !== undefined &&
    pinsUniqueKey(object, model, context);
  return { filter, ...(byKey ? { byKey } : {}), ...(object ? { object } : {}) };
}

function keyFilter(value: ts.Expression, model: DataModel): { filter: Predicate; byKey: boolean } {
  const key = model.uniqueKeys[0]?.[0] ?? "id";
  return {
    filter: {
      kind: "compare",
      field: key,
      pins: true,
      value: { kind: "expression", expression: value },
      origin: value,
    },
    byKey: true,
  };
}

/** `delete(id)`, `update(invoiceId, …)`, `delete(42)`: a key, not a where object. */
function isKeyValue(node: ts.Expression, context: AnalysisContext): boolean {
  if (ts.isStringLiteralLike(node) || ts.isNumericLiteral(node) || ts.isTemplateExpression(node)) return true;
  const path = ts.isIdentifier(node) || ts.isPropertyAccessExpression(node) ? memberPath(node) : undefined;
  if (path === undefined) return false;
  const checker = context.checker;
  if (checker) {
    const type = checker.getTypeAtLocation(node);
    if (type.flags & (ts.TypeFlags.StringLike | ts.TypeFlags.NumberLike)) return true;
  }
  return /(^|\.|[a-z_])(id|Id|ID|ids|Ids|IDs)$/u.test(path);
}

function pinsUniqueKey(object: ts.ObjectLiteralExpression, model: DataModel, context: AnalysisContext): boolean {
  const names = new Set(
    object.properties
      .map((property) => (property.name ? propertyNameText(property.name) : undefined))
      .filter((name) => name !== undefined),
  );
  return model.uniqueKeys.some(
    (key) =>
      key.length > 0 &&
      key.every((field) => names.has(field)) &&
      !key.some((field) => isTenantFieldName(field, context)),
  );
}

function propertyOf(object: ts.ObjectLiteralExpression, name: string): ts.Expression | undefined {
  for (const property of object.properties) {
    if (ts.isPropertyAssignment(property) && propertyNameText(property.name) === name) return property.initializer;
    if (ts.isShorthandPropertyAssignment(property) && property.name.text === name) return property.name;
  }
  return undefined;
}

/** A variable holding an entity from `create(…)` or a query: its tenant was decided where it was made. */
function builtOrLoaded(rows: ts.Expression, context: AnalysisContext): boolean {
  const node = unwrap(rows);
  if (!ts.isIdentifier(node)) return false;
  const value = initialValue(node, context.checker);
  if (!value || !ts.isCallExpression(value)) return false;
  const member = callMember(value);
  return member !== undefined && Object.hasOwn(typeormOperations, member.method);
}

function writtenRows(
  rows: ts.Expression,
  call: ts.CallExpression,
  model: DataModel,
  context: AnalysisContext,
): WrittenDocument[] {
  const dialect = documentDialect(model, context);
  const node = unwrap(rows);
  const elements = arrayElements(node) ?? (ts.isArrayLiteralExpression(node) ? undefined : [rows]);
  if (!elements) return [{ evidence: "unknown" }];
  if (elements.length === 0) return [{ evidence: "unknown" }];
  return elements.map((row) => {
    let evidence = objectCarriesTenant(row, context, dialect, call).evidence;
    if (evidence === "unknown" && typeLacksTenant(row, model, context)) evidence = "no";
    // `const invoice = repo.create({ … }); invoice.tenantId = t;` sets it after building.
    if (evidence === "no" && setLater(call, model, context)) return { node: row, evidence: "yes" };
    return { node: row, evidence };
  });
}

/**
 * Typed: a row whose declared type has no tenant property (nor the tenant relation) cannot carry
 * one, whatever its spreads hold: `save({ ...dto })` with `dto: { number: string }`.
 */
function typeLacksTenant(row: ts.Expression, model: DataModel, context: AnalysisContext): boolean {
  const checker = context.checker;
  if (!checker) return false;
  let type = checker.getTypeAtLocation(row);
  // `insert(rows)` with `rows: Row[]`: each row's type.
  if (checker.isArrayType(type)) type = checker.getTypeArguments(type as ts.TypeReference)[0] ?? type;
  if (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown | ts.TypeFlags.TypeParameter)) return false;
  const parts = type.isUnion() ? type.types : [type];
  const names = [
    tenantFieldOf(model, context.settings),
    tenantRelationOf(model, context),
    ...context.settings.tenantFields,
  ].filter((name) => name !== undefined);
  return parts.every(
    (part) =>
      (part.flags & ts.TypeFlags.Object) !== 0 &&
      checker.getIndexInfosOfType(part).length === 0 &&
      names.every((name) => !part.getProperty(name)),
  );
}

/** `holder.tenantId = …` (or the tenant relation) after the call, for the variable the call's result went into. */
function setLater(call: ts.CallExpression, model: DataModel, context: AnalysisContext): boolean {
  let parent: ts.Node = call.parent;
  while (ts.isAwaitExpression(parent) || ts.isParenthesizedExpression(parent) || ts.isAsExpression(parent))
    parent = parent.parent;
  if (!ts.isVariableDeclaration(parent) || !ts.isIdentifier(parent.name)) return false;
  const holder = parent.name.text;
  const wanted = new Set(
    [tenantFieldOf(model, context.settings), tenantRelationOf(model, context)].filter((name) => name !== undefined),
  );
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (
      node.pos >= call.end &&
      ts.isBinaryExpression(node) &&
      node.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
      ts.isPropertyAccessExpression(node.left) &&
      ts.isIdentifier(node.left.expression) &&
      node.left.expression.text === holder &&
      (wanted.has(node.left.name.text) || isTenantFieldName(node.left.name.text, context)) &&
      !isNullish(node.right)
    ) {
      found = true;
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(enclosingFunction(call));
  return found;
}

/** `update(criteria, { tenantId: other })`: the tenant field set to another value than the criteria pin. */
function reassignmentOf(
  changes: ts.Expression,
  criteria: ts.Expression | undefined,
  context: AnalysisContext,
): string | undefined {
  const fields = unwrap(changes);
  if (!ts.isObjectLiteralExpression(fields)) return undefined;
  const criteriaNode = criteria && unwrap(criteria);
  const pinned =
    criteriaNode && ts.isObjectLiteralExpression(criteriaNode) ? tenantText(criteriaNode, context) : undefined;
  for (const property of fields.properties) {
    if (!ts.isPropertyAssignment(property) && !ts.isShorthandPropertyAssignment(property)) continue;
    const name = propertyNameText(property.name);
    if (name === undefined || !isTenantFieldName(name, context)) continue;
    const value = ts.isPropertyAssignment(property) ? property.initializer.getText() : name;
    if (value !== pinned) return `${name} in the update`;
  }
  return undefined;
}

function tenantText(object: ts.ObjectLiteralExpression, context: AnalysisContext): string | undefined {
  for (const property of object.properties) {
    const name = property.name ? propertyNameText(property.name) : undefined;
    if (name === undefined || !isTenantFieldName(name, context)) continue;
    if (ts.isShorthandPropertyAssignment(property)) return name;
    if (ts.isPropertyAssignment(property)) return property.initializer.getText();
  }
  return undefined;
}
