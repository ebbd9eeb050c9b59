import { parseArgs } from "node:util";
import { signToken } from "./auth/sign-token.js";
import { TENANT_ID_PATTERN } from "./auth/verify-token.js";

// Development only: prints a token for `--tenant ID`, signed with JWT_SECRET.
// In production tokens come from your identity provider, never from this script.
const usage = "usage: mint-token --tenant ID [--sub USER] [--expires 1h]";

function main(): void {
  const { values } = parseArgs({
    options: {
      tenant: { type: "string" },
      sub: { type: "string", default: "dev-user" },
      expires: { type: "string", default: "1h" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    return;
  }
  const secret = process.env.JWT_SECRET;
  if (!secret || secret.length < 32) {
    process.stderr.write("mint-token: JWT_SECRET must be set (at least 32 characters)\n");
    process.exitCode = 2;
    return;
  }
  if (!values.tenant || !TENANT_ID_PATTERN.test(values.tenant)) {
    process.stderr.write(`mint-token: --tenant must match ${TENANT_ID_PATTERN}\n${usage}\n`);
    process.exitCode = 2;
    return;
  }
  // The issuer and audience the server checks when JWT_ISSUER / JWT_AUDIENCE are set.
  const claims = {
    tenantId: values.tenant,
    sub: values.sub,
    iss: process.env.JWT_ISSUER,
    aud: process.env.JWT_AUDIENCE,
  };
  signToken(new TextEncoder().encode(secret), claims, values.expires).then(
    (token) => process.stdout.write(`${token}\n`),
    (err: unknown) => {
      process.stderr.write(`mint-token: ${(err as Error).message}\n`);
      process.exitCode = 1;
    },
  );
}

main();
