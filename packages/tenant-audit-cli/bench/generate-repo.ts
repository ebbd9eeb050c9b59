/**
 * A synthetic multi-tenant service for the benchmark: Mongoose models in files of their own
 * (most tenant-owned, a few global), services that query them (mostly scoped, some not), Redis
 * caches, BullMQ producers and plain helpers, imported across files, to about `targetLines` lines.
 */
import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export interface GeneratedRepo {
  readonly lines: number;
  readonly files: number;
}

export function generateRepo(dir: string, targetLines: number, nodeModules: string): GeneratedRepo {
  const write = (path: string, text: string): number => {
    mkdirSync(join(dir, path, ".."), { recursive: true });
    writeFileSync(join(dir, path), text);
    return text.split("\n").length - 1;
  };
  symlinkSync(nodeModules, join(dir, "node_modules"), "dir");
  write("package.json", `${JSON.stringify({ name: "bench-service", private: true, type: "module" }, null, 2)}\n`);
  write(
    "tsconfig.json",
    `${JSON.stringify(
      {
        compilerOptions: {
          target: "ES2022",
          module: "NodeNext",
          moduleResolution: "NodeNext",
          strict: true,
          noEmit: true,
          skipLibCheck: true,
          types: ["node"],
          esModuleInterop: true,
        },
        include: ["src"],
      },
      null,
      2,
    )}\n`,
  );

  let lines = 0;
  let files = 0;
  const modelCount = Math.max(4, Math.round(targetLines / 2000));
  for (let index = 0; index < modelCount; index += 1) {
    const global = index % 10 === 9;
    lines += write(
      `src/models/model-${index}.ts`,
      [
        'import mongoose from "mongoose";',
        "",
        `const schema${index} = new mongoose.Schema({`,
        ...(global ? [] : ["  tenantId: { type: String, required: true, index: true },"]),
        "  name: { type: String, required: true },",
        '  status: { type: String, default: "active" },',
        "  createdAt: { type: Date, default: Date.now },",
        "});",
        "",
        `export const Model${index} = mongoose.model("Model${index}", schema${index});`,
        "",
      ].join("\n"),
    );
    files += 1;
  }
  lines += write(
    "src/infra.ts",
    [
      'import { Redis } from "ioredis";',
      'import { Queue } from "bullmq";',
      "",
      "export const redis = new Redis();",
      'export const emails = new Queue("emails", { connection: redis });',
      "",
      "export function tenantKey(tenantId: string, ...parts: string[]): string {",
      '  return ["tenant", tenantId, ...parts].join(":");',
      "}",
      "",
    ].join("\n"),
  );
  files += 1;

  let service = 0;
  while (lines < targetLines) {
    const body: string[] = ['import { emails, redis, tenantKey } from "../infra.js";'];
    const used = [service % modelCount, (service * 7 + 3) % modelCount, (service * 13 + 5) % modelCount];
    for (const model of new Set(used)) body.push(`import { Model${model} } from "../models/model-${model}.js";`);
    body.push("");
    for (let fn = 0; fn < 12; fn += 1) {
      const model = `Model${used[fn % used.length]}`;
      const leak = (service * 12 + fn) % 37 === 0;
      body.push(
        `export async function op${service}_${fn}(tenantId: string, name: string) {`,
        `  const rows = await ${model}.find(${leak ? "{ name }" : "{ tenantId, name }"}).limit(20).lean();`,
        `  const cached = await redis.get(${(service + fn) % 41 === 0 ? '"stats:all"' : 'tenantKey(tenantId, "stats", name)'});`,
        "  const total = rows.length + (cached ? Number(cached) : 0);",
        "  if (total > 100) {",
        `    await emails.add("digest", { tenantId, total, name });`,
        "  }",
        "  const labels = rows.map((row) => String(row.name).toUpperCase());",
        "  const unique = [...new Set(labels)].sort();",
        `  await ${model}.updateOne({ tenantId, name }, { $set: { status: unique.length > 3 ? "busy" : "idle" } });`,
        "  return { total, unique };",
        "}",
        "",
      );
    }
    lines += write(`src/services/service-${service}.ts`, `${body.join("\n")}\n`);
    files += 1;
    service += 1;
  }
  return { lines, files };
}
