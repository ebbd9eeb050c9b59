/** The CLI's whole-program summaries: callers and importers, followed through imports and re-exports. */
import { describe, expect, it } from "vitest";
import { collectProjectFacts } from "../src/index.js";
import { parse, untyped } from "./helpers.js";

describe("call-graph facts", () => {
  it("finds LLM wrappers whose every caller checks the quota, through a re-export", () => {
    const wrapper = parse(
      `import OpenAI from "openai";\nconst openai = new OpenAI();\nexport async function ask(tenantId: string, p: string) { return openai.responses.create({ model: "m", input: p }); }\nexport async function loose(tenantId: string, p: string) { return openai.responses.create({ model: "m", input: p }); }`,
      "/app/src/llm.ts",
    );
    const barrel = parse(`export { ask as askModel } from "./llm.js";\nexport * from "./llm.js";`, "/app/src/index.ts");
    const callers = parse(
      `import { askModel, loose } from "./index.js";\ndeclare function getOrCreateLimiter(t: string): { waitForCapacity(n: number): Promise<void> };\nexport async function one(job: { data: { tenantId: string } }) {\n  await getOrCreateLimiter(job.data.tenantId).waitForCapacity(1);\n  await askModel(job.data.tenantId, "x");\n  await loose(job.data.tenantId, "x");\n}\nexport async function two(job: { data: { tenantId: string } }) {\n  await getOrCreateLimiter(job.data.tenantId).waitForCapacity(1);\n  return askModel(job.data.tenantId, "y");\n}\nexport async function three(job: { data: { tenantId: string } }) { return loose(job.data.tenantId, "z"); }`,
      "/app/src/jobs.ts",
    );
    const facts = collectProjectFacts([wrapper, barrel, callers], untyped());
    expect([...facts.quotaCheckedFunctions!]).toEqual(["/app/src/llm.ts#ask"]);
    expect([...facts.quotaUncheckedFunctions!]).toEqual(["/app/src/llm.ts#loose"]);
  });

  it("knows modules imported only by browser modules, and functions reached only from scripts or start-up", () => {
    const upload = parse(
      `export function upload(tenantId: string) { console.error("failed", tenantId); }`,
      "/app/src/upload.ts",
    );
    const component = parse(
      `"use client";\nimport { upload } from "./upload.js";\nexport function Button() { upload("t"); }`,
      "/app/src/button.tsx",
    );
    const shared = parse(
      `export function backfill(tenantId: string) { console.log("row"); }\nexport function audit(tenantId: string) { console.log("row"); }\nexport function boot() { console.log("up"); }`,
      "/app/src/shared.ts",
    );
    const script = parse(
      `import { backfill, audit } from "../src/shared.js";\nfor (const t of ["a"]) backfill(t);\naudit("a");`,
      "/app/scripts/backfill.ts",
    );
    const server = parse(
      `import express from "express";\nimport { audit, boot } from "./shared.js";\nconst app = express();\napp.post("/x", (req, res) => { audit(req.user.tenantId); res.end(); });\nboot();`,
      "/app/src/server.ts",
    );
    const facts = collectProjectFacts([upload, component, shared, script, server], untyped());
    expect([...facts.nonServerModules!].sort()).toEqual([
      "/app/scripts/backfill.ts",
      "/app/src/button.tsx",
      "/app/src/upload.ts",
    ]);
    expect([...facts.nonRequestFunctions!].sort()).toEqual([
      "/app/src/shared.ts#backfill",
      "/app/src/shared.ts#boot",
      "/app/src/upload.ts#upload",
    ]);
  });

  it("does not loop on import cycles or mutual recursion", () => {
    const a = parse(
      `import { b } from "./b.js";\nexport function a(tenantId: string): void { b(tenantId); }`,
      "/c/a.ts",
    );
    const b = parse(
      `import { a } from "./a.js";\nexport function b(tenantId: string): void { a(tenantId); }\nexport * from "./a.js";`,
      "/c/b.ts",
    );
    const facts = collectProjectFacts([a, b], untyped());
    expect(facts.nonServerModules!.size).toBe(0);
    expect(facts.nonRequestFunctions!.size).toBe(0);
  });
});

describe("request loggers bound by middleware", () => {
  it("pino-http's customProps putting the tenant on every line binds req.log", () => {
    const app = parse(
      `import pinoHttp from "pino-http";\nimport express from "express";\nconst app = express();\napp.use(pinoHttp({ customProps: (req: any) => ({ tenantId: req.user?.tenantId }) }));`,
      "/app/src/app.ts",
    );
    const plain = parse(
      `import pinoHttp from "pino-http";\nexport const http = pinoHttp({ customProps: (req: any) => ({ requestId: req.id }) });`,
      "/app/src/plain.ts",
    );
    expect([...collectProjectFacts([app], untyped()).tenantLoggers]).toContain("req.log");
    expect([...collectProjectFacts([plain], untyped()).tenantLoggers]).not.toContain("req.log");
  });
});
