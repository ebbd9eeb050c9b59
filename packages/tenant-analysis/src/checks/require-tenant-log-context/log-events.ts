/** Log lines that are not an event of their own: banners and separators, and the second line of one event. */
import ts from "../../typescript.cjs";
import { unwrap } from "../../ast.js";
import type { AnalysisContext } from "../../types.js";
import { logSite } from "./log-sites.js";

/** Separator characters: a line of nothing else (`"-----"`, `"\n"`) or framed by a run of them (`"=== worker ready ==="`). */
const separatorOnly = /^[\s=\-*#~_.+|:<>/\\─━═│┃•]*$/u;
const banner = /[=\-*#~_─━═]{3,}/u;

/**
 * A static line: every argument is a plain string (no substitution, no value) and the text is a
 * separator or a banner, or there is no argument at all (`console.log()`). A plain message such
 * as "saved" is not static in this sense: in tenant code it is an event that needs the tenant.
 */
export function isStaticLine(call: ts.CallExpression): boolean {
  if (call.arguments.length === 0) return true;
  const texts: string[] = [];
  for (const argument of call.arguments) {
    const node = unwrap(argument);
    if (!ts.isStringLiteral(node) && !ts.isNoSubstitutionTemplateLiteral(node)) return false;
    texts.push(node.text);
  }
  const text = texts.join(" ");
  return separatorOnly.test(text) || banner.test(text);
}

/**
 * The second line of one event: the statement right before it, in the same block, is a log call
 * on the same logger, and this line adds no message of its own (the raw error after the
 * headline: `log.error("send failed"); log.error(err)`) or both sit in a `catch` (the failure,
 * then "retrying (n)"). The event is judged at its first line. A line on another logger, or a
 * new message outside a `catch`, is an event of its own.
 */
export function isCompanionLine(call: ts.CallExpression, context: AnalysisContext): boolean {
  const statement = statementOf(call);
  if (!statement) return false;
  const block = statement.parent;
  if (!ts.isBlock(block) && !ts.isSourceFile(block) && !ts.isCaseClause(block) && !ts.isDefaultClause(block))
    return false;
  const index = block.statements.indexOf(statement);
  const previous = index > 0 ? block.statements[index - 1] : undefined;
  if (!previous || !ts.isExpressionStatement(previous)) return false;
  const earlier = unwrap(previous.expression);
  if (!ts.isCallExpression(earlier)) return false;
  const [before, now] = [logSite(earlier, context), logSite(call, context)];
  if (!before || !now || compact(before.receiver.getText()) !== compact(now.receiver.getText())) return false;
  const hasMessage = call.arguments.some((argument) => {
    const node = unwrap(argument);
    return ts.isStringLiteral(node) || ts.isTemplateExpression(node) || ts.isNoSubstitutionTemplateLiteral(node);
  });
  return !hasMessage || (ts.isBlock(block) && ts.isCatchClause(block.parent));
}

function compact(text: string): string {
  return text.replace(/\s+/gu, "");
}

/** The expression statement that is this call (through `await` and `void`). */
function statementOf(call: ts.CallExpression): ts.ExpressionStatement | undefined {
  let node: ts.Node = call;
  while (
    node.parent &&
    (ts.isAwaitExpression(node.parent) || ts.isVoidExpression(node.parent) || ts.isParenthesizedExpression(node.parent))
  )
    node = node.parent;
  return node.parent && ts.isExpressionStatement(node.parent) ? node.parent : undefined;
}
