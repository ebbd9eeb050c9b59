import type { z } from "zod";

export class BadRequestError extends Error {
  readonly statusCode = 400;
}

/** Validates a request part against a schema; the first problem becomes the 400 message. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, what: string): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue && issue.path.length > 0 ? `${what}.${issue.path.join(".")}` : what;
  throw new BadRequestError(`${where}: ${issue?.message ?? "invalid"}`);
}
