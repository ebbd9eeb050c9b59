/**
 * ESLint's disable directives, read the way ESLint reads them, so one comment silences a
 * finding in the editor (the plugin) and in the audit alike:
 * `// eslint-disable-next-line tenant/x -- reason`, `// eslint-disable-line …`, and
 * `/* eslint-disable … *\/` … `/* eslint-enable … *\/` blocks.
 */
import { ts } from "ts-morph";
import type { SuppressionKind } from "./types.js";

type DirectiveType = "disable-next-line" | "disable-line" | "disable" | "enable";

export interface Directive {
  readonly type: DirectiveType;
  /** Rule names the directive lists; empty means every rule. */
  readonly rules: readonly string[];
  readonly reason: string | null;
  readonly start: number;
  readonly end: number;
  /** 1-based lines of the comment's first and last character. */
  readonly line: number;
  readonly endLine: number;
}

export interface Suppression {
  readonly directive: Directive;
  readonly kind: SuppressionKind;
}

const directivePattern = /^eslint-(disable-next-line|disable-line|disable|enable)(?=\s|$)([\s\S]*)$/u;
/** ESLint's separator between the rule list and the description: two or more dashes between blanks. */
const reasonSeparator = /\s-{2,}\s/u;

export function readDirectives(sourceFile: ts.SourceFile): Directive[] {
  const text = sourceFile.text;
  // Most files carry no directive at all; skip the comment walk for them.
  if (!text.includes("eslint-")) return [];
  const directives: Directive[] = [];
  for (const comment of commentRanges(sourceFile)) {
    const isLine = comment.kind === ts.SyntaxKind.SingleLineCommentTrivia;
    const body = (
      isLine ? text.slice(comment.pos + 2, comment.end) : text.slice(comment.pos + 2, comment.end - 2)
    ).trim();
    const match = directivePattern.exec(body);
    if (!match) continue;
    const type = match[1] as DirectiveType;
    // As in ESLint, only the -line forms work in `//` comments.
    if (isLine && type !== "disable-next-line" && type !== "disable-line") continue;
    const rest = ` ${match[2] ?? ""} `;
    const separator = reasonSeparator.exec(rest);
    const list = separator ? rest.slice(0, separator.index) : rest;
    const reason = separator ? rest.slice(separator.index + separator[0].length).trim() : "";
    directives.push({
      type,
      rules: list
        .split(",")
        .map((rule) => rule.trim())
        .filter((rule) => rule.length > 0),
      reason: reason.length > 0 ? reason : null,
      start: comment.pos,
      end: comment.end,
      line: sourceFile.getLineAndCharacterOfPosition(comment.pos).line + 1,
      endLine: sourceFile.getLineAndCharacterOfPosition(comment.end).line + 1,
    });
  }
  return directives.sort((a, b) => a.start - b.start);
}

/** Every comment attached to a node (leading or trailing), once each, in source order. */
function commentRanges(sourceFile: ts.SourceFile): ts.CommentRange[] {
  const text = sourceFile.text;
  const byStart = new Map<number, ts.CommentRange>();
  const add = (ranges: ts.CommentRange[] | undefined): void => {
    for (const range of ranges ?? []) byStart.set(range.pos, range);
  };
  const visit = (node: ts.Node): void => {
    add(ts.getLeadingCommentRanges(text, node.pos));
    add(ts.getTrailingCommentRanges(text, node.end));
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  add(ts.getLeadingCommentRanges(text, sourceFile.endOfFileToken.pos));
  return [...byStart.values()].sort((a, b) => a.pos - b.pos);
}

function names(directive: Directive, ruleId: string): boolean {
  return directive.rules.length === 0 || directive.rules.includes(ruleId);
}

/** The directive that silences a finding of `ruleId` starting at `position` on `line`, if any. */
export function findSuppression(
  directives: readonly Directive[],
  ruleId: string,
  position: number,
  line: number,
): Suppression | undefined {
  for (const directive of directives) {
    if (directive.type === "disable-line" && directive.line === line && names(directive, ruleId))
      return { directive, kind: "line" };
    if (directive.type === "disable-next-line" && directive.endLine + 1 === line && names(directive, ruleId))
      return { directive, kind: "next-line" };
  }
  // Blocks: the last disable or enable before the finding that concerns this rule decides.
  let active: Directive | undefined;
  for (const directive of directives) {
    if (directive.start >= position) break;
    if (directive.type === "disable" && names(directive, ruleId)) active = directive;
    if (directive.type === "enable" && names(directive, ruleId)) active = undefined;
  }
  return active ? { directive: active, kind: "block" } : undefined;
}

/** Whether the directive names one of our rules explicitly (blanket ones only count once they silence one). */
export function namesTenantRule(directive: Directive): boolean {
  return directive.rules.some((rule) => rule.startsWith("tenant/"));
}
