/**
 * docs/ci/github-actions.yml, read as GitHub would: fork-safe, the permissions code scanning
 * needs in private repositories, pnpm caching, one audit whose JSON feeds everything,
 * cancel-in-progress only for PRs, and a comment capped below GitHub's 65,536 characters.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { markdownMarker } from "../src/reporters/markdown.js";

interface Step {
  name?: string;
  id?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, string | number>;
  env?: Record<string, string>;
}
const workflow = parse(
  readFileSync(fileURLToPath(new URL("../../../docs/ci/github-actions.yml", import.meta.url)), "utf8"),
) as {
  on: Record<string, unknown>;
  permissions: Record<string, string>;
  concurrency: { group: string; "cancel-in-progress": string };
  jobs: { audit: { env: Record<string, string>; steps: Step[] } };
};
const { steps } = workflow.jobs.audit;
const step = (uses: string): Step => {
  const found = steps.find((candidate) => candidate.uses?.startsWith(uses));
  if (!found) throw new Error(`no ${uses} step`);
  return found;
};

describe("docs/ci/github-actions.yml", () => {
  it("asks for exactly the permissions it uses, actions: read included (private repositories)", () => {
    expect(workflow.permissions).toEqual({
      contents: "read",
      actions: "read",
      "security-events": "write",
      "pull-requests": "write",
    });
  });

  it("cancels superseded runs of a pull request only, never runs on main", () => {
    expect(workflow.concurrency["cancel-in-progress"]).toBe("${{ github.event_name == 'pull_request' }}");
    expect(workflow.concurrency.group).toContain("github.event.pull_request.number || github.ref");
  });

  it("caches the pnpm store, with pnpm set up before setup-node", () => {
    const pnpm = steps.findIndex((candidate) => candidate.uses?.startsWith("pnpm/action-setup@"));
    const node = steps.findIndex((candidate) => candidate.uses?.startsWith("actions/setup-node@"));
    expect(pnpm).toBeGreaterThanOrEqual(0);
    expect(pnpm).toBeLessThan(node);
    expect(steps[node]?.with?.cache).toBe("pnpm");
    expect(steps.some((candidate) => candidate.run?.includes("pnpm install --frozen-lockfile"))).toBe(true);
  });

  it("audits once; SARIF and Markdown are rendered from that run's JSON", () => {
    const runs = steps
      .flatMap((candidate) => (candidate.run ?? "").split("\n"))
      .filter((line) => line.includes("exec tenant-audit") && !line.trim().startsWith("#"));
    const audits = runs.filter((line) => !line.includes("--from-report"));
    expect(audits).toHaveLength(1);
    expect(audits[0]).toContain("--format json --output tenant-audit.json");
    expect(
      runs.some((line) => line.includes("--from-report tenant-audit.json") && line.includes('--format "$format"')),
    ).toBe(true);
    expect(step("github/codeql-action/upload-sarif@").with?.sarif_file).toBe("tenant-audit.sarif");
  });

  it("skips the two writes a read-only fork token cannot do, and keeps the report in an artifact", () => {
    expect(workflow.jobs.audit.env.CAN_WRITE).toContain(
      "github.event.pull_request.head.repo.full_name == github.repository",
    );
    expect(step("github/codeql-action/upload-sarif@").if).toBe("env.CAN_WRITE == 'true'");
    expect(step("actions/github-script@").if).toBe("github.event_name == 'pull_request' && env.CAN_WRITE == 'true'");
    expect(step("actions/upload-artifact@").if).toBeUndefined();
  });

  describe("the comment script", () => {
    const script = String(step("actions/github-script@").with?.script);
    const runScript = async (markdown: string, existing: { id: number; body: string }[] = []) => {
      const calls: { method: string; args: Record<string, unknown> }[] = [];
      const record = (method: string) => async (args: Record<string, unknown>) => void calls.push({ method, args });
      const github = {
        paginate: async () => existing.map((comment) => ({ ...comment, user: { type: "Bot" } })),
        rest: {
          issues: { listComments: () => undefined, createComment: record("create"), updateComment: record("update") },
        },
      };
      const context = { repo: { owner: "o", repo: "r" }, issue: { number: 7 } };
      const fakeRequire = (name: string) => {
        if (name !== "node:fs") throw new Error(name);
        return { readFileSync: () => markdown };
      };
      const previous = process.env.REPORT_URL;
      process.env.REPORT_URL = "https://example.test/artifact/1";
      try {
        // The body of actions/github-script: an async function of github, context, require.
        await new Function("github", "context", "require", `return (async () => {\n${script}\n})();`)(
          github,
          context,
          fakeRequire,
        );
      } finally {
        if (previous === undefined) delete process.env.REPORT_URL;
        else process.env.REPORT_URL = previous;
      }
      return calls;
    };

    it("posts a short report as it is, and updates its own comment on the next push", async () => {
      const markdown = `${markdownMarker}\n## ✅ tenant-audit passed\n`;
      expect(await runScript(markdown)).toEqual([
        { method: "create", args: { owner: "o", repo: "r", issue_number: 7, body: markdown } },
      ]);
      expect(await runScript(markdown, [{ id: 3, body: `${markdownMarker}\nold` }])).toEqual([
        { method: "update", args: { owner: "o", repo: "r", comment_id: 3, body: markdown } },
      ]);
    });

    it("caps a long report below 65,536 characters, closes its <details> and links the full report", async () => {
      const rows = Array.from(
        { length: 3000 },
        (_, index) =>
          `| \`src/file-${index}.ts:1:1\` | error | \`tenant/require-tenant-filter\` | Query has no tenant filter |`,
      );
      const markdown = [
        markdownMarker,
        "## ❌ tenant-audit failed",
        "<details open>",
        "<summary>3000 new findings</summary>",
        "",
        ...rows,
        "",
        "</details>",
        "",
      ].join("\n");
      expect(markdown.length).toBeGreaterThan(65_536);
      const [call] = await runScript(markdown);
      const body = String(call?.args.body);
      expect(body.length).toBeLessThan(65_536);
      expect(body.startsWith(markdownMarker)).toBe(true);
      expect(body).toContain("[Download the full report](https://example.test/artifact/1)");
      expect(body.match(/<details/gu)?.length).toBe(body.match(/<\/details>/gu)?.length);
    });
  });
});
