/** The suggested fix: the tenant added where the library reads fields. */
import ts from "../../typescript.cjs";
import { unwrap } from "../../ast.js";
import { initialValue } from "../../bindings.js";
import { type CheckScope, type SuggestionInput } from "../../check.js";
import { addTenantEdits, tenantProperty, tenantValueInScope } from "../../suggestions.js";
import type { TextEdit } from "../../types.js";
import { type LogSite } from "./log-sites.js";
import { errorName } from "./log-arguments.js";
import type { RequireTenantLogContextMessageId } from "./index.js";

export function loggerLabel(receiver: ts.Expression, sourceFile: ts.SourceFile): string {
  const text = receiver.getText(sourceFile).replace(/\s+/gu, " ");
  return text.length > 40 ? `${text.slice(0, 37)}…` : text;
}

/**
 * Adds the tenant where the library reads fields: the first argument for pino, bunyan and
 * Fastify (an object there gains the property, a message gets `{ tenantId }` before it); the
 * meta object after the message for winston; an extra argument for `console`.
 */
export function suggestions(
  call: ts.CallExpression,
  site: LogSite,
  scope: CheckScope<RequireTenantLogContextMessageId>,
): SuggestionInput<RequireTenantLogContextMessageId>[] {
  const args = call.arguments;
  if (args.length === 0 || args.some((argument) => ts.isSpreadElement(argument))) return [];
  const value = tenantValueInScope(call, scope.context);
  if (!value) return [];
  const property = tenantProperty(value, scope.context);
  const { sourceFile } = scope;
  let edits: TextEdit[];
  const objectArgument = (from: number) =>
    args.slice(from).find((argument) => ts.isObjectLiteralExpression(unwrap(argument)));
  if (site.style === "fields-first") {
    edits = fieldsFirstEdits(args[0]!, property, scope);
  } else if (site.style === "meta-after") {
    const meta = objectArgument(0);
    edits = meta
      ? addTenantEdits(meta, property, sourceFile)
      : [{ start: args.at(-1)!.end, end: args.at(-1)!.end, text: `, { ${property} }` }];
  } else {
    edits = [{ start: args.at(-1)!.end, end: args.at(-1)!.end, text: `, { ${property} }` }];
  }
  return [{ messageId: "addTenantToLogFields", data: { property }, edits }];
}

/** pino/bunyan: the fields object is the first argument; a message or an error moves after (or into) it. */
export function fieldsFirstEdits(
  first: ts.Expression,
  property: string,
  scope: CheckScope<RequireTenantLogContextMessageId>,
): TextEdit[] {
  const { sourceFile, context } = scope;
  const node = unwrap(first);
  const start = first.getStart(sourceFile);
  if (ts.isObjectLiteralExpression(node)) return addTenantEdits(first, property, sourceFile);
  if (ts.isIdentifier(node)) {
    // `logger.error(err)` → `logger.error({ tenantId, err })`: pino's conventional error field.
    if (errorName.test(node.text))
      return [{ start, end: first.end, text: `{ ${property}, ${node.text === "err" ? "err" : `err: ${node.text}`} }` }];
    const value = initialValue(node, context.checker);
    if (value && ts.isObjectLiteralExpression(value)) return addTenantEdits(first, property, sourceFile);
  }
  return [{ start, end: start, text: `{ ${property} }, ` }];
}

// ---------------------------------------------------------------------------------------------
// Repository-wide facts for the CLI
