#!/usr/bin/env bash
# Builds and packs the published packages (eslint-plugin-tenant, tenant-audit) into one folder,
# default ./packed: the tarballs the README installs until the first release.
set -euo pipefail
cd "$(dirname "$0")/.."
out="$(mkdir -p "${1:-packed}" && cd "${1:-packed}" && pwd)"
for package in eslint-plugin-tenant tenant-audit-cli; do
  # pnpm pack runs `prepack` (build, bundle the core, copy the docs) and applies publishConfig.
  pnpm --dir "packages/$package" pack --pack-destination "$out" >/dev/null
done
ls "$out"/*.tgz
