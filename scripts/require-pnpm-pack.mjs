// `prepack` guard: only pnpm applies `publishConfig` (which points main, types and exports at
// bundle/, the build with the private core inside), so a tarball made by `npm pack` would point
// at dist/, which it does not contain. Fail with the command to use instead.
const agent = process.env.npm_config_user_agent ?? "";
if (!agent.startsWith("pnpm/")) {
  console.error(
    "Pack and publish this package with pnpm (`pnpm pack`, `pnpm publish`, or `pnpm pack:packages` at the root): only pnpm applies publishConfig.",
  );
  process.exit(1);
}
