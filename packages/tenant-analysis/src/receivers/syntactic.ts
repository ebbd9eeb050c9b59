/**
 * Receiver classification from syntax alone: imports, constructions, factory calls,
 * annotations and local data flow within the file. Used untyped, and typed when the
 * checker only says `any`.
 */
import ts from "../typescript.cjs";
import { adapters } from "../adapters/index.js";
import {
  arrayReturningMethods,
  nonTargetConstructors,
  nonTargetGlobals,
  nonTargetModules,
} from "../adapters/non-targets.js";
import { redisKeyPositions } from "../adapters/redis-commands.js";
import type { LibraryAdapter } from "../adapters/types.js";
import { accessedName, callMember, isAccess, propertyNameText, returnedExpressions, unwrap } from "../ast.js";
import { mongoose } from "../adapters/mongoose/index.js";
import {
  assignmentsTo,
  type Binding,
  importedDeclaration,
  importedFunction,
  initialValue,
  isReassigned,
  resolveBinding,
  thisMemberValues,
} from "../bindings.js";
import type { TenantSettings } from "../settings.js";
import { localFunction } from "../evidence/local-flow.js";
import { customReceiverKind } from "./custom.js";
import {
  type Classification,
  cycleReceiver,
  databaseResult,
  nonTarget,
  targetOf,
  unknownReceiver,
  withNames,
} from "./target.js";

export interface ClassifyEnvironment {
  readonly settings: TenantSettings;
  readonly checker?: ts.TypeChecker;
  /** Re-enters the full (typed-then-syntactic, memoised) classification for sub-expressions. */
  readonly classify: (expression: ts.Expression, depth: number) => Classification;
}

const maxDepth = 8;

export function classifySyntax(expression: ts.Expression, env: ClassifyEnvironment, depth: number): Classification {
  if (depth > maxDepth) return unknownReceiver;
  const node = unwrap(expression);
  if (ts.isIdentifier(node)) return classifyIdentifier(node, env, depth);
  if (ts.isNewExpression(node)) return classifyConstruction(node, env, depth);
  if (ts.isCallExpression(node)) return classifyCall(node, env, depth);
  if (ts.isPropertyAccessExpression(node)) return classifyProperty(node, env, depth);
  if (ts.isElementAccessExpression(node)) return classifyContainerValue(node.expression, env, depth);
  if (
    ts.isArrayLiteralExpression(node) ||
    ts.isObjectLiteralExpression(node) ||
    ts.isStringLiteralLike(node) ||
    ts.isTemplateExpression(node) ||
    ts.isNumericLiteral(node) ||
    ts.isRegularExpressionLiteral(node)
  ) {
    return nonTarget;
  }
  if (ts.isConditionalExpression(node)) return agree([node.whenTrue, node.whenFalse], env, depth);
  if (ts.isBinaryExpression(node) && isFallbackOperator(node.operatorToken.kind))
    return agree([node.left, node.right], env, depth);
  return unknownReceiver;
}

function isFallbackOperator(kind: ts.SyntaxKind): boolean {
  return kind === ts.SyntaxKind.QuestionQuestionToken || kind === ts.SyntaxKind.BarBarToken;
}

/** All alternatives must classify alike; a mix of targets and non-targets is unknown. */
function agree(expressions: readonly ts.Expression[], env: ClassifyEnvironment, depth: number): Classification {
  let result: Classification | undefined;
  let sawCycle = false;
  for (const expression of expressions) {
    const inner = unwrap(expression);
    if (inner.kind === ts.SyntaxKind.NullKeyword || (ts.isIdentifier(inner) && inner.text === "undefined")) continue;
    const current = env.classify(inner, depth + 1);
    // An alternative that is the value being classified itself adds nothing.
    if (current === cycleReceiver) {
      sawCycle = true;
      continue;
    }
    if (current.status === "unknown") return unknownReceiver;
    if (!result) {
      result = current;
    } else if (
      result.status !== current.status ||
      (result.status === "target" && current.status === "target" && result.target.kind !== current.target.kind)
    ) {
      return unknownReceiver;
    } else if (
      result.status === "target" &&
      current.status === "target" &&
      !result.target.origin &&
      current.target.origin
    ) {
      // `mongoose.models.Lead || mongoose.model("Lead", schema)`: the alternative that shows its factory tells more.
      result = withNames(current, result.target.names);
    }
  }
  return result ?? (sawCycle ? cycleReceiver : unknownReceiver);
}

function classifyIdentifier(node: ts.Identifier, env: ClassifyEnvironment, depth: number): Classification {
  const binding = resolveBinding(node, env.checker);
  if (!binding) {
    const global = adapters.find((adapter) => adapter.globals?.includes(node.text));
    if (global)
      return targetOf({
        kind: global.kind,
        library: global.library,
        adapter: global,
        chain: false,
        names: [node.text],
      });
    return nonTargetGlobals.has(node.text) ? nonTarget : unknownReceiver;
  }
  if (binding.kind === "import" && env.checker && !nonTargetModules.has(binding.module)) {
    const exported = exportedDeclaration(node, env.checker);
    const classified = exported && env.classify(exported, depth + 1);
    if (classified && classified !== cycleReceiver && classified.status !== "unknown")
      return withNames(classified, [node.text]);
  }
  return withNames(classifyBinding(binding, env, depth), [node.text]);
}

/**
 * With a program: what an import names in another source file of it (`Campaign` for
 * `export const Campaign = mongoose.model(…)`), to be classified as syntax there. Asking for the
 * value's type instead can make TypeScript infer a library's heavy generics (a Mongoose model's
 * schema), which costs seconds on the first query of a lint run.
 */
function exportedDeclaration(identifier: ts.Identifier, checker: ts.TypeChecker): ts.Expression | undefined {
  const declaration = importedDeclaration(identifier, checker);
  if (!declaration || declaration.getSourceFile().isDeclarationFile) return undefined;
  if (ts.isVariableDeclaration(declaration) && ts.isIdentifier(declaration.name)) return declaration.name;
  if (ts.isClassDeclaration(declaration) && declaration.name) return declaration.name;
  if (ts.isExportAssignment(declaration)) return declaration.expression;
  return undefined;
}

export function classifyBinding(binding: Binding, env: ClassifyEnvironment, depth: number): Classification {
  switch (binding.kind) {
    case "variable": {
      const { declaration } = binding;
      if (declaration.type) {
        const annotated = classifyAnnotation(declaration.type, env, depth);
        if (annotated.status !== "unknown") return annotated;
      }
      if (!ts.isIdentifier(declaration.name)) return unknownReceiver;
      const values: ts.Expression[] = declaration.initializer ? [declaration.initializer] : [];
      if (!binding.constant && (values.length === 0 || isReassigned(binding.name)))
        values.push(...assignedValues(binding.name));
      return values.length === 0 ? unknownReceiver : agree(values, env, depth);
    }
    case "parameter":
      if (binding.declaration.type) return classifyAnnotation(binding.declaration.type, env, depth);
      return callbackReceiver(binding.declaration, env, depth, binding.name);
    case "import":
      if (nonTargetModules.has(binding.module)) return nonTarget;
      return exportedReceiver(binding.module, binding.imported) ?? unknownReceiver;
    case "class":
      return classifyClass(binding.declaration, env, depth);
    default:
      return unknownReceiver;
  }
}

/**
 * The first parameter of a callback handed to a method that passes it a receiver of its own kind:
 * `prisma.$transaction(async (tx) => …)`, `db.transaction((trx) => …)`.
 */
function callbackReceiver(
  parameter: ts.ParameterDeclaration,
  env: ClassifyEnvironment,
  depth: number,
  name?: ts.Identifier,
): Classification {
  const fn = parameter.parent;
  if (!ts.isArrowFunction(fn) && !ts.isFunctionExpression(fn)) return unknownReceiver;
  if (fn.parameters[0] !== parameter) return unknownReceiver;
  let argument: ts.Node = fn;
  while (argument.parent && ts.isParenthesizedExpression(argument.parent)) argument = argument.parent;
  const call = argument.parent;
  if (!call || !ts.isCallExpression(call) || !call.arguments.includes(argument as ts.Expression))
    return unknownReceiver;
  const member = callMember(call);
  if (!member) return unknownReceiver;
  const base = env.classify(member.receiver, depth + 1);
  if (base.status !== "target") return unknownReceiver;
  // `inngest.createFunction(…, async ({ event, step }) => …)`: only the named property is a receiver.
  if (ts.isObjectBindingPattern(parameter.name)) {
    const properties = base.target.adapter?.callbackProperties?.[member.method];
    const element = name && ts.isBindingElement(name.parent) ? name.parent : undefined;
    const property = element && (element.propertyName ? propertyNameText(element.propertyName) : name!.text);
    if (!properties || property === undefined || !properties.includes(property)) return unknownReceiver;
    return targetOf({ ...base.target, chain: false, names: [] });
  }
  if (!base.target.adapter?.callbackReceivers?.includes(member.method)) return unknownReceiver;
  return targetOf({ ...base.target, chain: false, names: [] });
}

/** Values assigned to a `let` after its declaration: `client = new Redis()`. */
function assignedValues(name: ts.Identifier): ts.Expression[] {
  return [...assignmentsTo(name)];
}

/** `class Campaign extends Model {}` or `class Repo extends TenantCollection {}`. */
function classifyClass(
  declaration: ts.ClassDeclaration | ts.ClassExpression,
  env: ClassifyEnvironment,
  depth: number,
): Classification {
  const name = declaration.name?.text;
  if (name) {
    const kind = customReceiverKind(env.settings, name, {});
    if (kind) return targetOf({ ...kind, chain: false, names: [name] });
  }
  for (const clause of declaration.heritageClauses ?? []) {
    for (const type of clause.types) {
      const base = classifyTypeName(type.expression, env, depth);
      if (base.status === "target") return withNames(base, [name]);
    }
  }
  return unknownReceiver;
}

function classifyConstruction(node: ts.NewExpression, env: ClassifyEnvironment, depth: number): Classification {
  const callee = unwrap(node.expression);
  if (ts.isIdentifier(callee)) {
    const binding = resolveBinding(callee, env.checker);
    if (!binding) return nonTargetConstructors.has(callee.text) ? nonTarget : unknownReceiver;
    if (binding.kind === "import") {
      if (nonTargetModules.has(binding.module)) return nonTarget;
      const custom = customReceiverKind(env.settings, binding.imported === "default" ? callee.text : binding.imported, {
        module: binding.module,
      });
      if (custom) return targetOf({ ...custom, chain: false, names: [], origin: node });
      const adapter = adapterFor(binding.module, binding.imported);
      if (!adapter) return unknownReceiver;
      const made =
        binding.imported === "default" || binding.imported === "*"
          ? adapter.defaultExport === "construct" || adapter.defaultExport === "construct-or-call"
          : (adapter.constructs ?? []).includes(binding.imported);
      return made
        ? targetOf({ kind: adapter.kind, library: adapter.library, adapter, chain: false, names: [], origin: node })
        : unknownReceiver;
    }
    if (binding.kind === "class") {
      const classified = classifyClass(binding.declaration, env, depth);
      return classified.status === "target" ? targetOf({ ...classified.target, origin: node }) : classified;
    }
    return unknownReceiver;
  }
  // `new Redis.Cluster()`, `new bullmq.Queue()`, `new IORedis.default()`
  if (ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression)) {
    const binding = resolveBinding(callee.expression, env.checker);
    if (binding?.kind !== "import") return unknownReceiver;
    if (nonTargetModules.has(binding.module)) return nonTarget;
    const adapter = adapterFor(binding.module, callee.name.text);
    if (adapter && ((adapter.constructs ?? []).includes(callee.name.text) || callee.name.text === "default")) {
      return targetOf({ kind: adapter.kind, library: adapter.library, adapter, chain: false, names: [], origin: node });
    }
  }
  return unknownReceiver;
}

function classifyCall(node: ts.CallExpression, env: ClassifyEnvironment, depth: number): Classification {
  const callee = unwrap(node.expression);
  // `createClient()`, `model("Campaign", schema)`, `Bull("emails")`
  if (ts.isIdentifier(callee)) {
    const binding = resolveBinding(callee, env.checker);
    if (binding?.kind === "import" && nonTargetModules.has(binding.module)) return nonTarget;
    if (binding?.kind === "import" && adapterFor(binding.module)) {
      const adapter = adapterFor(binding.module, binding.imported)!;
      const made =
        binding.imported === "default" || binding.imported === "*"
          ? adapter.defaultExport === "call" || adapter.defaultExport === "construct-or-call"
          : (adapter.factories ?? []).includes(binding.imported);
      return made
        ? targetOf({ kind: adapter.kind, library: adapter.library, adapter, chain: false, names: [], origin: node })
        : unknownReceiver;
    }
    if (binding?.kind === "import" && env.checker) {
      // `redisForTenant(tenantId)` from another file of the program: what that factory returns.
      const factory = importedFunction(callee, env.checker);
      if (factory) return classifyReturns(factory, env, depth);
    }
    if (binding?.kind === "function") return classifyReturns(binding.declaration, env, depth);
    if (binding?.kind === "variable") {
      const initializer = binding.declaration.initializer && unwrap(binding.declaration.initializer);
      if (initializer && (ts.isArrowFunction(initializer) || ts.isFunctionExpression(initializer)))
        return classifyReturns(initializer, env, depth);
    }
    return unknownReceiver;
  }
  const member = callMember(node);
  if (!member) return unknownReceiver;
  const { receiver, method } = member;
  const head = unwrap(receiver);
  // `await this.queueFor(tenantId)`: what the class's own method returns.
  if (head.kind === ts.SyntaxKind.ThisKeyword) {
    const own = localFunction(node, { settings: env.settings, ...(env.checker ? { checker: env.checker } : {}) });
    if (own) return classifyReturns(own, env, depth);
  }
  // `mongoose.model(...)`, `redis.createClient()`: a factory on the library's namespace import.
  if (ts.isIdentifier(head)) {
    const binding = resolveBinding(head, env.checker);
    if (binding?.kind === "import") {
      if (nonTargetModules.has(binding.module)) return nonTarget;
      const adapter = adapterFor(
        binding.module,
        binding.imported === "default" || binding.imported === "*" ? method : binding.imported,
      );
      if (
        adapter &&
        (binding.imported === "default" || binding.imported === "*") &&
        (adapter.factories ?? []).includes(method)
      ) {
        return targetOf({
          kind: adapter.kind,
          library: adapter.library,
          adapter,
          chain: false,
          names: [],
          origin: node,
        });
      }
      // `Redis.fromEnv()`: a static factory of a named export.
      if (adapter && adapter.staticFactories?.[binding.imported]?.includes(method)) {
        return targetOf({
          kind: adapter.kind,
          library: adapter.library,
          adapter,
          chain: false,
          names: [],
          origin: node,
        });
      }
    }
    if (!binding && (head.text === "Object" || head.text === "Array")) return nonTarget;
  }
  // `conn.model("Audit", auditSchema)`: a Mongoose model made on a connection, known by its schema argument.
  if (method === "model" && isMongooseModelCall(node, env)) {
    return targetOf({
      kind: mongoose.kind,
      library: mongoose.library,
      adapter: mongoose,
      chain: false,
      names: [],
      origin: node,
    });
  }
  // `db.collection("campaigns")`: only with a name, so `collection()` getters elsewhere stay unknown.
  const byMethod = adapters.find((adapter) => adapter.factoryMethods?.includes(method));
  // ...unless the object is known to be something else: Firestore's `getFirestore().collection("users")`.
  if (byMethod && node.arguments.length >= 1 && ts.isStringLiteralLike(unwrap(node.arguments[0]!))) {
    if (env.classify(receiver, depth + 1).status === "non-target") return nonTarget;
    return targetOf({
      kind: byMethod.kind,
      library: byMethod.library,
      adapter: byMethod,
      chain: false,
      names: [],
      origin: node,
    });
  }
  if (arrayReturningMethods.has(method)) {
    const base = env.classify(receiver, depth + 1);
    // `xs.filter(...)` on an array (or anything not a receiver) is an array; on a receiver it is a query.
    if (base.status === "non-target") return nonTarget;
  }
  const base = env.classify(receiver, depth + 1);
  if (base.status !== "target") {
    if (method === "get" && base.status === "non-target") return classifyContainerValue(receiver, env, depth);
    return unknownReceiver;
  }
  const { adapter } = base.target;
  if (adapter?.chainingMethods?.includes(method)) return targetOf({ ...base.target, chain: true, names: [] });
  if (adapter?.derivingMethods?.includes(method)) {
    return targetOf({
      ...base.target,
      chain: false,
      names: [],
      derivations: [...(base.target.derivations ?? []), node],
    });
  }
  // Commands on a pipeline return the pipeline: `redis.pipeline().set(a).get(b)`.
  if (base.target.chain && redisKeyPositions.has(method.toLowerCase())) return base;
  return base.target.kind === "model" || base.target.kind === "collection" ? databaseResult : unknownReceiver;
}

/** `x.model("Name", schema)` where the schema is a Mongoose `Schema` made in this file (`new Schema({…})`, `new mongoose.Schema(…)`). */
function isMongooseModelCall(call: ts.CallExpression, env: ClassifyEnvironment): boolean {
  const [name, schemaArgument] = call.arguments;
  if (!name || !schemaArgument || !ts.isStringLiteralLike(unwrap(name))) return false;
  let schema = unwrap(schemaArgument);
  if (ts.isIdentifier(schema)) schema = initialValue(schema, env.checker) ?? schema;
  if (!ts.isNewExpression(schema)) return false;
  const constructor = unwrap(schema.expression);
  const head = ts.isIdentifier(constructor)
    ? constructor
    : ts.isPropertyAccessExpression(constructor) && ts.isIdentifier(constructor.expression)
      ? constructor.expression
      : undefined;
  const binding = head && resolveBinding(head, env.checker);
  return binding?.kind === "import" && binding.module === "mongoose";
}

/** `mongoose.models.Campaign`, `models.Campaign` from "mongoose": a model registered elsewhere, by name. */
function registeredModel(node: ts.PropertyAccessExpression, env: ClassifyEnvironment): Classification | undefined {
  const owner = unwrap(node.expression);
  let models: ts.Identifier | undefined;
  if (ts.isIdentifier(owner) && owner.text === "models") models = owner;
  else if (
    ts.isPropertyAccessExpression(owner) &&
    owner.name.text === "models" &&
    ts.isIdentifier(unwrap(owner.expression))
  )
    models = unwrap(owner.expression) as ts.Identifier;
  if (!models) return undefined;
  const binding = resolveBinding(models, env.checker);
  if (binding?.kind !== "import" || binding.module !== "mongoose") return undefined;
  return targetOf({
    kind: mongoose.kind,
    library: mongoose.library,
    adapter: mongoose,
    chain: false,
    names: [node.name.text],
  });
}

/** A local function's return values, when they all classify alike: `getQueue(tenantId)`. */
function classifyReturns(fn: ts.FunctionLikeDeclaration, env: ClassifyEnvironment, depth: number): Classification {
  const returned = returnedExpressions(fn);
  return returned.length === 0 ? unknownReceiver : agree(returned, env, depth);
}

/** `this.campaigns`, `this.redis`: the class member's annotation, initializer or assignments. */
function classifyProperty(node: ts.PropertyAccessExpression, env: ClassifyEnvironment, depth: number): Classification {
  const registered = registeredModel(node, env);
  if (registered) return registered;
  const name = node.name.text;
  // `Lead.collection.deleteMany({})`: a model's raw driver collection holds the same documents.
  if (name === "collection" && node.expression.kind !== ts.SyntaxKind.ThisKeyword) {
    const owner = env.classify(node.expression, depth + 1);
    if (owner.status === "target" && owner.target.kind === "model") return owner;
  }
  if (node.expression.kind !== ts.SyntaxKind.ThisKeyword) return unknownReceiver;
  let owner: ts.Node | undefined = node.parent;
  while (owner && !ts.isClassLike(owner)) owner = owner.parent;
  if (!owner || !ts.isClassLike(owner)) return unknownReceiver;
  for (const member of owner.members) {
    if (ts.isPropertyDeclaration(member) && member.type && accessedNameOfMember(member) === name) {
      const annotated = classifyAnnotation(member.type, env, depth);
      if (annotated.status !== "unknown") return withNames(withInjection(member, annotated), [name]);
    }
    if (ts.isConstructorDeclaration(member)) {
      for (const parameter of member.parameters) {
        if (
          ts.isIdentifier(parameter.name) &&
          parameter.name.text === name &&
          parameter.type &&
          ts.getModifiers(parameter)?.length
        ) {
          return withNames(withInjection(parameter, classifyAnnotation(parameter.type, env, depth)), [name]);
        }
      }
    }
  }
  // The initializer, or `this.redis = new Redis()` anywhere in the class.
  const values = thisMemberValues(owner, name);
  return values.length === 0 ? unknownReceiver : withNames(agree(values, env, depth), [name]);
}

/**
 * NestJS injection: `@InjectModel(Plan.name)`, `@InjectModel("Plan")`, `@InjectQueue("maintenance")`
 * name the model or queue, so the tenant registry, `globalCollections` and `globalKeys` apply.
 * A literal name makes the decorator the origin, where a queue's name is read.
 */
function withInjection(
  declaration: ts.ParameterDeclaration | ts.PropertyDeclaration,
  classification: Classification,
): Classification {
  if (classification.status !== "target") return classification;
  for (const decorator of ts.getDecorators(declaration) ?? []) {
    const call = decorator.expression;
    if (
      !ts.isCallExpression(call) ||
      !ts.isIdentifier(call.expression) ||
      !/^Inject(Model|Queue|Collection)$/u.test(call.expression.text)
    )
      continue;
    const first = call.arguments[0] && unwrap(call.arguments[0]);
    if (!first) continue;
    const literal = ts.isStringLiteralLike(first);
    const name = literal
      ? first.text
      : ts.isPropertyAccessExpression(first) && first.name.text === "name" && ts.isIdentifier(first.expression)
        ? first.expression.text
        : undefined;
    if (name === undefined) continue;
    const { target } = classification;
    return targetOf({
      ...target,
      names: [...target.names, name],
      origin: target.origin ?? (literal ? call : undefined),
    });
  }
  return classification;
}

function accessedNameOfMember(member: ts.PropertyDeclaration): string | undefined {
  return ts.isIdentifier(member.name) || ts.isPrivateIdentifier(member.name)
    ? member.name.text.replace(/^#/u, "")
    : undefined;
}

/**
 * `queueCache[key]` or `queues.get(key)`: what the file stores into that container
 * (`queueCache[key] = new Bull(key)`, `queues.set(id, new Queue(id))`).
 */
function classifyContainerValue(container: ts.Expression, env: ClassifyEnvironment, depth: number): Classification {
  const base = unwrap(container);
  if (
    !ts.isIdentifier(base) &&
    !(ts.isPropertyAccessExpression(base) && base.expression.kind === ts.SyntaxKind.ThisKeyword)
  ) {
    return unknownReceiver;
  }
  const path = base.getText();
  const values: ts.Expression[] = [];
  const visit = (node: ts.Node): void => {
    if (
      ts.isBinaryExpression(node) &&
      node.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
      ts.isElementAccessExpression(unwrap(node.left)) &&
      (unwrap(node.left) as ts.ElementAccessExpression).expression.getText() === path
    ) {
      values.push(node.right);
    }
    if (ts.isCallExpression(node)) {
      const member = callMember(node);
      if (
        member &&
        member.method === "set" &&
        unwrap(member.receiver).getText() === path &&
        node.arguments.length >= 2
      ) {
        values.push(node.arguments[1]!);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(container.getSourceFile());
  return values.length === 0 ? unknownReceiver : agree(values, env, depth);
}

/** A type annotation: `Model<Campaign>`, `Redis`, `Bull.Queue`, `Collection<T>`, `Map<…>`, `T[]`. */
export function classifyAnnotation(type: ts.TypeNode, env: ClassifyEnvironment, depth: number): Classification {
  if (ts.isArrayTypeNode(type) || ts.isTupleTypeNode(type)) return nonTarget;
  if (ts.isUnionTypeNode(type)) {
    const meaningful = type.types.filter(
      (member) =>
        !(
          member.kind === ts.SyntaxKind.UndefinedKeyword ||
          (ts.isLiteralTypeNode(member) && member.literal.kind === ts.SyntaxKind.NullKeyword)
        ),
    );
    return meaningful.length === 1 ? classifyAnnotation(meaningful[0]!, env, depth) : unknownReceiver;
  }
  if (ts.isParenthesizedTypeNode(type)) return classifyAnnotation(type.type, env, depth);
  if (ts.isTypeQueryNode(type) && ts.isIdentifier(type.exprName)) return env.classify(type.exprName, depth + 1);
  if (ts.isTypeReferenceNode(type)) {
    const classified = classifyTypeName(type.typeName, env, depth);
    // `Model<TenantDocument>`, `Collection<Plan>`: the document type names the model.
    const documentType = type.typeArguments?.[0];
    if (
      classified.status === "target" &&
      (classified.target.kind === "model" || classified.target.kind === "collection") &&
      documentType &&
      ts.isTypeReferenceNode(documentType) &&
      ts.isIdentifier(documentType.typeName)
    ) {
      return withNames(classified, [documentType.typeName.text.replace(/(Document|Doc)$/u, "")]);
    }
    return classified;
  }
  return unknownReceiver;
}

/** A type or class name (`Model`, `mongoose.Model`, `Bull.Queue`, `TenantCollection`) by where it comes from. */
function classifyTypeName(
  name: ts.EntityName | ts.Expression,
  env: ClassifyEnvironment,
  depth: number,
): Classification {
  const parts = entityParts(name);
  if (!parts) return unknownReceiver;
  const head = parts.head;
  const last = parts.names.at(-1)!;
  const binding = resolveBinding(head, env.checker);
  if (!binding) {
    if (parts.names.length === 1 && (nonTargetConstructors.has(last) || last.startsWith("Readonly"))) return nonTarget;
    const custom = customReceiverKind(env.settings, last, {});
    return custom ? targetOf({ ...custom, chain: false, names: [] }) : unknownReceiver;
  }
  if (binding.kind === "import") {
    if (nonTargetModules.has(binding.module)) return nonTarget;
    const importedName = parts.names.length === 1 ? (binding.imported === "default" ? last : binding.imported) : last;
    const custom = customReceiverKind(env.settings, importedName, { module: binding.module });
    if (custom) return targetOf({ ...custom, chain: false, names: [] });
    // `Prisma.TransactionClient` from a generated client: the namespace's name tells the library.
    const adapter = adapterFor(binding.module, importedName) ?? adapterFor(binding.module, binding.imported);
    if (
      adapter &&
      isAdapterTypeName(adapter, importedName, binding.imported === "default" && parts.names.length === 1)
    ) {
      return targetOf({ kind: adapter.kind, library: adapter.library, adapter, chain: false, names: [] });
    }
    return unknownReceiver;
  }
  if (binding.kind === "class") return classifyClass(binding.declaration, env, depth);
  // A local interface or type alias named in the settings, or extending one that is.
  const custom = customReceiverKind(env.settings, last, {});
  if (custom) return targetOf({ ...custom, chain: false, names: [] });
  return unknownReceiver;
}

function isAdapterTypeName(adapter: LibraryAdapter, name: string, isDefaultImport: boolean): boolean {
  // `import Redis from "ioredis"` used as a type is the client class itself.
  if (isDefaultImport && adapter.defaultExport === "construct") return true;
  return (
    adapter.typeNames.includes(name) ||
    (adapter.typeNamePrefix !== undefined && name.startsWith(adapter.typeNamePrefix) && name.endsWith("Type"))
  );
}

function entityParts(name: ts.EntityName | ts.Expression): { head: ts.Identifier; names: string[] } | undefined {
  if (ts.isIdentifier(name)) return { head: name, names: [name.text] };
  if (ts.isQualifiedName(name)) {
    const left = entityParts(name.left);
    return left && { head: left.head, names: [...left.names, name.right.text] };
  }
  if (ts.isPropertyAccessExpression(name)) {
    const left = entityParts(name.expression);
    return left && { head: left.head, names: [...left.names, name.name.text] };
  }
  if (ts.isExpressionWithTypeArguments(name)) return entityParts(name.expression);
  return undefined;
}

/**
/**
 * The adapter for an import. Several adapters may share a module (BullMQ's `Queue` and
 * `FlowProducer`, Trigger.dev's `tasks` and `task()`): the one that knows the export used wins.
 * An export distinctive enough (a generated client's `PrismaClient`) finds its library from any
 * module, wherever the project generates it.
 */
export function adapterFor(module: string, exported?: string): LibraryAdapter | undefined {
  const candidates = adapters.filter((adapter) => adapter.modules.includes(module));
  if (candidates.length === 0)
    return exported === undefined
      ? undefined
      : adapters.find((adapter) => adapter.distinctiveExports?.includes(exported));
  if (candidates.length === 1 || exported === undefined) return candidates[0];
  return candidates.find((adapter) => knowsExport(adapter, exported)) ?? candidates[0];
}

function knowsExport(adapter: LibraryAdapter, name: string): boolean {
  return (
    [adapter.constructs, adapter.factories, adapter.receiverExports, adapter.typeNames].some((names) =>
      names?.includes(name),
    ) || adapter.staticFactories?.[name] !== undefined
  );
}

/** `import { tasks } from "@trigger.dev/sdk"`: an export that is a receiver as it is. */
function exportedReceiver(module: string, imported: string): Classification | undefined {
  const adapter = adapterFor(module, imported);
  if (!adapter?.receiverExports?.includes(imported)) return undefined;
  return targetOf({ kind: adapter.kind, library: adapter.library, adapter, chain: false, names: [imported] });
}

export { accessedName, isAccess };
