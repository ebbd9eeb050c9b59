import { relative, sep } from "node:path";

/** A path as reports show it: relative to the root, with `/` separators on every platform. */
export function reportPath(root: string, absolute: string): string {
  const path = relative(root, absolute);
  return sep === "/" ? path : path.split(sep).join("/");
}
