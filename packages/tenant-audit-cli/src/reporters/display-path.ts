/**
 * A file name as one line of a human report: control characters (a newline in a file name is
 * legal on Unix) are shown escaped, so a name cannot break a line or forge another entry.
 */
export function displayPath(file: string): string {
  return file.replace(/[\u0000-\u001f\u007f\u2028\u2029]/gu, (char) => {
    if (char === "\n") return "\\n";
    if (char === "\r") return "\\r";
    if (char === "\t") return "\\t";
    return `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`;
  });
}
