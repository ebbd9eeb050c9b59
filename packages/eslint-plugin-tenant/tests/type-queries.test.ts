/**
 * Typed analysis asks the checker only what syntax cannot tell: a model imported from another
 * file is classified from its `mongoose.model(…)` declaration there, and what a model's query
 * returns is never typed. The first type query on a Mongoose model or query makes TypeScript
 * infer the schema's generics, which cost seconds per lint run before these rules.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { type AnalysisContext, parseSettings, runCheck } from "@tenant-audit/analysis";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const projectDir = fileURLToPath(new URL("fixture-project", import.meta.url));
const probeFile = path.join(projectDir, "type-queries-probe.ts");

/** A program over the fixture project plus one in-memory file, and the text of every node whose type was asked. */
function analyse(code: string): { context: AnalysisContext; sourceFile: ts.SourceFile; typeQueries: string[] } {
  const config = ts.getParsedCommandLineOfConfigFile(
    path.join(projectDir, "tsconfig.json"),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
        throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n"));
      },
    },
  )!;
  const host = ts.createCompilerHost(config.options);
  const readFile = host.readFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  host.readFile = (fileName) => (path.resolve(fileName) === probeFile ? code : readFile(fileName));
  host.fileExists = (fileName) => path.resolve(fileName) === probeFile || fileExists(fileName);
  const program = ts.createProgram([probeFile, path.join(projectDir, "models.ts")], config.options, host);
  const sourceFile = program.getSourceFile(probeFile)!;
  const checker = program.getTypeChecker();
  const typeQueries: string[] = [];
  const recording = new Proxy(checker, {
    get(target, property, receiver) {
      if (property === "getTypeAtLocation") {
        return (node: ts.Node) => {
          typeQueries.push(node.getText());
          return target.getTypeAtLocation(node);
        };
      }
      const value: unknown = Reflect.get(target, property, receiver);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  return { context: { settings: parseSettings({}), checker: recording }, sourceFile, typeQueries };
}

describe("type queries in typed analysis", () => {
  it("classifies a model imported from another file from its declaration there, with no type query", () => {
    const { context, sourceFile, typeQueries } = analyse(`
      import { Campaign } from "./models.js";
      export const drafts = () => Campaign.find({ status: "draft" }).sort({ name: 1 }).limit(10);
      export const one = (id: string) => Campaign.findById(id);
    `);
    const findings = runCheck("require-tenant-filter", sourceFile, context).findings;
    expect(findings.map((finding) => finding.node.getText(sourceFile))).toEqual([
      `Campaign.find({ status: "draft" })`,
      "Campaign.findById(id)",
    ]);
    runCheck("require-tenant-redis-key", sourceFile, context);
    expect(typeQueries.filter((text) => text.startsWith("Campaign"))).toEqual([]);
  });

  it("still takes a collection's document type from the checker when no factory shows it", () => {
    const { context, sourceFile, typeQueries } = analyse(`
      import type { Collection } from "mongodb";
      export const byEmail = (leads: Collection<{ tenantId: string; email: string }>, email: string) => leads.findOne({ email });
      export const plans = (catalog: Collection<{ name: string }>) => catalog.findOne({ name: "pro" });
    `);
    const findings = runCheck("require-tenant-filter", sourceFile, context).findings;
    expect(findings.map((finding) => finding.node.getText(sourceFile))).toEqual(["leads.findOne({ email })"]);
    expect(typeQueries).toContain("leads");
  });

  it("knows db.collection(name) on a driver Db parameter for a collection, although Db is no receiver itself", () => {
    const { context, sourceFile } = analyse(`
      import type { Db } from "mongodb";
      export const everyone = (db: Db) => db.collection("leads").find({}).toArray();
    `);
    const findings = runCheck("require-tenant-filter", sourceFile, context).findings;
    expect(findings.map((finding) => finding.node.getText(sourceFile))).toEqual([`db.collection("leads").find({})`]);
  });
});
