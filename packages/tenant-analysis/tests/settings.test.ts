import { describe, expect, it } from "vitest";
import { defaultSettings, parseSettings, SettingsError } from "../src/settings.js";

describe("parseSettings", () => {
  it("fills every key with its contract default", () => {
    expect(parseSettings(undefined)).toBe(defaultSettings);
    const parsed = parseSettings({});
    expect(parsed.tenantFields).toEqual(["tenantId"]);
    expect(parsed.scopeHelpers).toEqual(["tenantQuery", "tenantKey", "tenantScope"]);
    expect(parsed.globalCollections).toEqual([]);
    expect(parsed.globalKeys).toEqual([]);
    expect(parsed.receivers).toEqual({ collection: [], redis: [], queue: [], logger: [], llm: [], sql: [] });
  });

  it("keeps configured values and compiles globalKeys", () => {
    const parsed = parseSettings({ tenantFields: ["orgId", "ctx.tenant.id"], globalKeys: ["^feature-flags:"] });
    expect(parsed.tenantFields).toEqual(["orgId", "ctx.tenant.id"]);
    expect(parsed.globalKeys[0]!.test("feature-flags:beta")).toBe(true);
  });

  it("matches a catastrophic globalKeys pattern in linear time (a backtracking engine takes minutes here)", () => {
    const [pattern] = parseSettings({ globalKeys: ["^(a+)+$"] }).globalKeys;
    const started = performance.now();
    expect(pattern!.test(`${"a".repeat(50_000)}b`)).toBe(false);
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(pattern!.test("aaa")).toBe(true);
    expect(pattern!.source).toBe("^(a+)+$");
  });

  it("rejects lookaround, which the linear-time engine cannot run, naming the key", () => {
    expect(() => parseSettings({ globalKeys: ["^(?=flags)"] })).toThrow(
      /"globalKeys\[0\]": not a valid regular expression for the linear-time engine/u,
    );
  });

  it("parses sql receivers with an optional dialect, beside the older kinds", () => {
    const parsed = parseSettings({
      receivers: {
        sql: ["Querier", { name: "Db", from: "package", package: "@acme/db", dialect: "clickhouse" }],
        redis: ["Cache"],
      },
    });
    expect(parsed.receivers.sql).toEqual([
      { name: "Querier" },
      { name: "Db", from: "package", package: "@acme/db", dialect: "clickhouse" },
    ]);
    expect(parsed.receivers.redis).toEqual([{ name: "Cache" }]);
  });

  it("parses receivers by name, package and file", () => {
    const parsed = parseSettings({
      receivers: {
        collection: ["TenantCollection", { name: "BaseRepository", from: "file", path: "src/db/base.ts" }],
        queue: [{ name: "JobBus", from: "package", package: "@acme/jobs" }],
      },
    });
    expect(parsed.receivers.collection).toEqual([
      { name: "TenantCollection" },
      { name: "BaseRepository", from: "file", path: "src/db/base.ts" },
    ]);
    expect(parsed.receivers.queue).toEqual([{ name: "JobBus", from: "package", package: "@acme/jobs" }]);
    expect(parsed.receivers.redis).toEqual([]);
  });

  it("parses one raw object once", () => {
    const raw = { tenantFields: ["orgId"] };
    expect(parseSettings(raw)).toBe(parseSettings(raw));
  });

  const errors: [string, unknown, string][] = [
    ["an unknown key", { tenantField: ["x"] }, "tenantField"],
    ["a wrong type", { tenantFields: "tenantId" }, "tenantFields"],
    ["a non-string entry", { scopeHelpers: ["ok", 3] }, "scopeHelpers[1]"],
    ["an empty tenantFields", { tenantFields: [] }, "tenantFields"],
    ["a bad regular expression", { globalKeys: ["ok", "(unclosed"] }, "globalKeys[1]"],
    ["an unknown receiver kind", { receivers: { database: [] } }, "receivers.database"],
    [
      "a receiver without a name",
      { receivers: { redis: [{ from: "package", package: "x" }] } },
      "receivers.redis[0].name",
    ],
    [
      "a package receiver without its package",
      { receivers: { redis: [{ name: "X", from: "package" }] } },
      "receivers.redis[0].package",
    ],
    ["a bad receiver origin", { receivers: { redis: [{ name: "X", from: "url" }] } }, "receivers.redis[0].from"],
    ["a bad SQL dialect", { receivers: { sql: [{ name: "Db", dialect: "oracle" }] } }, "receivers.sql[0].dialect"],
    // `dialect` means nothing for a Redis client.
    [
      "a dialect on another kind",
      { receivers: { redis: [{ name: "X", dialect: "mysql" }] } },
      "receivers.redis[0].dialect",
    ],
    ["settings that are not an object", ["tenantId"], "tenant"],
  ];
  it.each(errors)("rejects %s, naming the key", (_label, raw, key) => {
    let thrown: unknown;
    try {
      parseSettings(raw);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(SettingsError);
    expect((thrown as SettingsError).key).toBe(key);
    expect((thrown as SettingsError).message).toContain(`"${key}"`);
  });
});
