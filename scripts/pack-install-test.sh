#!/usr/bin/env bash
# The pack-and-install test: packs every published package, installs the tarballs with npm into a
# temporary project outside the workspace, using the README's own install command, then runs
# eslint with the README's eslint.config.js and tenant-audit on a small multi-tenant sample.
# Both must find the sample's unscoped query (exit 1) and nothing else may go wrong.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/tenant-audit-pack-XXXXXX")"
trap 'rm -rf "$work"' EXIT
case "$work" in "$repo"/*) echo "pack-install-test: the temporary project must be outside the workspace" >&2; exit 1 ;; esac

export TENANT_AUDIT_PACKED="$work/packed"
bash "$repo/scripts/pack-packages.sh" "$TENANT_AUDIT_PACKED" >/dev/null

# The README's lines, not a copy: the install command between the install-from-tarballs markers,
# and the eslint.config.js block of "Add the plugin to your ESLint config".
node - "$repo/README.md" "$work" <<'NODE'
const { readFileSync, writeFileSync } = require("node:fs");
const [readmePath, work] = process.argv.slice(2);
const readme = readFileSync(readmePath, "utf8");
const tarballs = /<!-- install-from-tarballs:begin[^>]*-->([\s\S]*?)<!-- install-from-tarballs:end -->/u.exec(readme);
if (!tarballs) throw new Error("README has no install-from-tarballs block");
const install = tarballs[1].split("\n").find((line) => line.startsWith("npm i -D "));
if (!install) throw new Error("the install-from-tarballs block has no `npm i -D` line");
writeFileSync(`${work}/install.sh`, `${install}\n`);
const section = readme.slice(readme.indexOf("## Add the plugin to your ESLint config"));
const config = /```js\n([\s\S]*?)```/u.exec(section);
if (!config) throw new Error("README has no eslint.config.js block");
writeFileSync(`${work}/eslint.config.js`, config[1]);
NODE

app="$work/app"
mkdir -p "$app/src"
mv "$work/eslint.config.js" "$app/eslint.config.js"
cat >"$app/package.json" <<'JSON'
{ "name": "pack-install-sample", "version": "1.0.0", "private": true, "type": "module" }
JSON
cat >"$app/tsconfig.json" <<'JSON'
{ "compilerOptions": { "target": "ES2022", "module": "NodeNext", "strict": true, "types": [], "noEmit": true }, "include": ["src"] }
JSON
cat >"$app/src/campaigns.ts" <<'TS'
import mongoose from "mongoose";

const Campaign = mongoose.model("Campaign", new mongoose.Schema({ tenantId: String, name: String }));

export const listForTenant = (tenantId: string) => Campaign.find({ tenantId });
export const listEveryone = () => Campaign.find({ name: "spring" });
TS

# The published declarations: both packages' types resolve without the private core.
mkdir -p "$app/types"
cat >"$app/types/use-both.ts" <<'TS'
import tenant from "eslint-plugin-tenant";
import { audit, formatMarkdown } from "tenant-audit";

export const ruleCount: number = Object.keys(tenant.rules).length;
export const comment = async (): Promise<string> => formatMarkdown(await audit({ cwd: "." }));
TS
cat >"$app/tsconfig.types.json" <<'JSON'
{ "compilerOptions": { "target": "ES2022", "module": "NodeNext", "strict": true, "types": [], "noEmit": true, "skipLibCheck": true }, "include": ["types"] }
JSON

cd "$app"
echo "pack-install-test: $(cat "$work/install.sh")"
npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false bash "$work/install.sh" >"$work/npm.log" 2>&1 || { cat "$work/npm.log" >&2; exit 1; }

status=0
npx --no-install eslint src >"$work/eslint.out" 2>&1 || status=$?
if [ "$status" -ne 1 ] || ! grep -q "tenant/require-tenant-filter" "$work/eslint.out" || [ "$(grep -c "error" "$work/eslint.out")" -lt 1 ]; then
  echo "pack-install-test: eslint should report the unscoped query (exit 1), got exit $status:" >&2
  cat "$work/eslint.out" >&2
  exit 1
fi
grep -q "campaigns.ts" "$work/eslint.out"

status=0
npx --no-install tenant-audit --no-progress --format json >"$work/audit.json" 2>"$work/audit.err" || status=$?
node -e '
const report = JSON.parse(require("node:fs").readFileSync(process.argv[1], "utf8"));
const found = report.findings.map((f) => `${f.file}:${f.line}:${f.ruleId}`);
const expected = ["src/campaigns.ts:6:tenant/require-tenant-filter"];
if (process.argv[2] !== "1" || JSON.stringify(found) !== JSON.stringify(expected) || report.summary.files !== 1) {
  console.error(`pack-install-test: tenant-audit should exit 1 with ${expected}, got exit ${process.argv[2]} and ${JSON.stringify(found)}`);
  process.exit(1);
}
' "$work/audit.json" "$status" || { cat "$work/audit.err" >&2; exit 1; }
[ ! -s "$work/audit.err" ] || { echo "pack-install-test: tenant-audit wrote to stderr:" >&2; cat "$work/audit.err" >&2; exit 1; }

npx --no-install tsc -p tsconfig.types.json >"$work/tsc.out" 2>&1 || { echo "pack-install-test: the packages' declarations do not type-check:" >&2; cat "$work/tsc.out" >&2; exit 1; }

echo "pack-install-test: passed (eslint and tenant-audit from the packed tarballs, outside the workspace)"
