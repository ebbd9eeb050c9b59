// Copies the docs a package links to into the package itself (run from the package folder by
// `build:package`), so the links in its README and messages resolve from node_modules too.
import { cpSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";

const repository = new URL("../", import.meta.url).pathname;
const { name } = JSON.parse(readFileSync("package.json", "utf8"));
const docs = {
  "eslint-plugin-tenant": ["rules"],
  "tenant-audit": ["cli.md", "report.schema.json", "ci", "guides"],
}[name];
if (!docs) throw new Error(`no docs listed for ${name}`);
rmSync("docs", { recursive: true, force: true });
mkdirSync("docs");
for (const entry of docs) cpSync(join(repository, "docs", entry), join("docs", entry), { recursive: true });
