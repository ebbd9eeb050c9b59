import { createRequire } from "node:module";

// src/ and dist/ both sit one level below package.json, so this resolves from either.
const manifest = createRequire(import.meta.url)("../package.json") as { name: string; version: string };

export const toolName = manifest.name;
export const toolVersion = manifest.version;
/** Where rule docs are published; SARIF help URIs and the text report link here. */
export const repositoryUrl = "https://github.com/tenant-audit/tenant-audit";
