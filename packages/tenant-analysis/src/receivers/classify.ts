/** Receiver classification: known target, known non-target, or unknown (like eslint-plugin-unicorn). */
import ts from "../typescript.cjs";
import { callMember, unwrap } from "../ast.js";
import { initialValue } from "../bindings.js";
import { memoized } from "../file-facts.js";
import type { AnalysisContext } from "../types.js";
import { classifySyntax, type ClassifyEnvironment } from "./syntactic.js";
import {
  type Classification,
  type Target,
  cycleReceiver,
  databaseResult,
  targetOf,
  unknownReceiver,
  withNames,
} from "./target.js";
import { classifyByType } from "./typed.js";

export type { Classification, Target } from "./target.js";

/**
 * Classifies the receiver of a call. With a checker the declared type decides, and syntax
 * fills in what types cannot say (the factory call a model came from, its names); when the
 * type is `any` or unrecognised, syntax decides alone.
 */
export function classifyReceiver(expression: ts.Expression, context: AnalysisContext): Classification {
  const inProgress = new Set<ts.Node>();
  const env: ClassifyEnvironment = {
    settings: context.settings,
    checker: context.checker,
    classify: (inner, depth) => classifyMemo(inner, env, depth, inProgress),
  };
  const result = classifyMemo(expression, env, 0, inProgress);
  return result === cycleReceiver ? unknownReceiver : result;
}

function classifyMemo(
  expression: ts.Expression,
  env: ClassifyEnvironment,
  depth: number,
  inProgress: Set<ts.Node>,
): Classification {
  const node = unwrap(expression);
  // `let q = queues.get(t); if (!q) { q = new Queue(t); queues.set(t, q); }`: `q` flows back into itself.
  if (inProgress.has(node)) return cycleReceiver;
  inProgress.add(node);
  const contextKey: object = env.checker ?? env.settings;
  try {
    return memoized("receiver", contextKey, node, () => classifyFresh(node, env, depth));
  } finally {
    inProgress.delete(node);
  }
}

function classifyFresh(node: ts.Expression, env: ClassifyEnvironment, depth: number): Classification {
  const syntactic = classifySyntax(node, env, depth);
  if (!env.checker) return syntactic;
  // What syntax decides needs no type query, and one can make TypeScript resolve heavy overloads
  // (Mongoose's): a known non-target value (a `Map`, an array literal, lodash), what a model's
  // query returns, and a receiver made by a visible factory call (in this file or, through an
  // import, in another) whose document shape is visible too. A call's non-target verdict may
  // rest on a sub-expression's type (`db.collection("x")` on a driver `Db`, which is no receiver
  // itself): its own type decides.
  if (syntactic === databaseResult || (syntactic.status === "non-target" && !ts.isCallExpression(node)))
    return syntactic;
  if (syntactic.status === "target") {
    const { target } = syntactic;
    if (!isDatabase(target)) return syntactic;
    if (target.origin) {
      // `model<ICampaign>(…)`, `db.collection<Lead>("leads")`: the document type as written, read without inference.
      const written = target.origin.typeArguments?.[0];
      if (written) return targetOf({ ...target, documentType: env.checker.getTypeFromTypeNode(written) });
      if (target.kind === "collection" || showsSchema(target.origin, env.checker)) return syntactic;
    }
  }
  const typed = classifyByType(node, env.checker, env.settings);
  if (typed.status === "unknown") return syntactic;
  if (typed.status === "target" && syntactic.status === "target" && typed.target.kind === syntactic.target.kind) {
    // Same verdict: keep the syntactic origin and names, add the document type.
    return withNames(
      {
        status: "target",
        target: {
          ...syntactic.target,
          documentType: typed.target.documentType ?? syntactic.target.documentType,
          chain: syntactic.target.chain || typed.target.chain,
        },
      },
      typed.target.names,
    );
  }
  if (typed.status === "target") {
    const names = syntactic.status === "target" ? syntactic.target.names : nameOf(node);
    // `db.collection("tenants")` on a `Db`: the call is the origin, whose name tells a global collection.
    const madeHere = ts.isCallExpression(node) && isFactoryMethodCall(node, typed.target);
    return withNames(madeHere ? targetOf({ ...typed.target, origin: node as ts.CallExpression }) : typed, names);
  }
  return typed;
}

/** `model("Campaign", new Schema({ … }))`, or a schema held in a `const` of the same file: the literal shows the fields. */
function showsSchema(origin: ts.CallExpression | ts.NewExpression, checker: ts.TypeChecker): boolean {
  const argument = origin.arguments?.[1];
  if (!argument) return false;
  let schema = unwrap(argument);
  if (ts.isIdentifier(schema)) schema = initialValue(schema, checker) ?? schema;
  return (
    ts.isNewExpression(schema) &&
    schema.arguments?.[0] !== undefined &&
    ts.isObjectLiteralExpression(unwrap(schema.arguments[0]))
  );
}

function isFactoryMethodCall(call: ts.CallExpression, target: Target): boolean {
  const member = callMember(call);
  const first = call.arguments[0];
  // `connection.collection("x")` is typed by Mongoose, though the method is the driver's factory.
  return (
    member !== undefined &&
    first !== undefined &&
    ts.isStringLiteralLike(unwrap(first)) &&
    (target.kind === "model" || target.kind === "collection") &&
    member.method === "collection"
  );
}

function nameOf(node: ts.Expression): string[] {
  const text = node.getText();
  const last = text.split(".").at(-1);
  return last && /^[A-Za-z_$][\w$]*$/u.test(last) ? [last] : [];
}

/** Models and collections need their document type (global or tenant-owned) when no factory call shows the schema. */
function isDatabase(target: Target): boolean {
  return target.kind === "model" || target.kind === "collection";
}
