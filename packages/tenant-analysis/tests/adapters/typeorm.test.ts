/** The TypeORM data layer: `@Entity` classes as the schema, repository and entity-manager calls as query sites. */
import { describe, expect, it } from "vitest";
import { readTypeormEntities } from "../../src/adapters/typeorm/schema.js";
import { ownershipOf } from "../../src/data-layer/ownership.js";
import type { DataModel, DataSchema } from "../../src/data-layer/schema.js";
import { runCheck } from "../../src/index.js";
import { parseSettings } from "../../src/settings.js";
import type { AnalysisContext } from "../../src/types.js";
import { parse } from "../helpers.js";

const entities = `
import { Column, Entity, JoinColumn, ManyToOne, OneToMany, PrimaryGeneratedColumn, PrimaryColumn, Unique } from "typeorm";

@Entity("organizations")
export class Organization {
  @PrimaryGeneratedColumn("uuid") id!: string;
  @Column() name!: string;
}

@Entity("invoices")
@Unique(["number", "tenantId"])
export class Invoice {
  @PrimaryGeneratedColumn("uuid") id!: string;
  @Column({ name: "tenant_id" }) tenantId!: string;
  @ManyToOne(() => Organization, { nullable: false })
  @JoinColumn({ name: "tenant_id" })
  tenant!: Organization;
  @Column() number!: string;
  @Column({ nullable: true }) status?: string;
  @OneToMany(() => InvoiceLine, (line) => line.invoice) lines!: InvoiceLine[];
}

@Entity()
export class InvoiceLine {
  @PrimaryColumn() id!: string;
  @ManyToOne(() => Invoice, { nullable: false }) @JoinColumn({ name: "invoice_id" }) invoice!: Invoice;
  @Column() amount!: number;
}

@Entity()
export class Ticket {
  @PrimaryGeneratedColumn() id!: number;
  @ManyToOne(() => Organization, { nullable: false }) @JoinColumn({ name: "tenant_id" }) tenant!: Organization;
  @Column() subject!: string;
}

@Entity("currencies")
export class Currency {
  @PrimaryColumn() code!: string;
}
`;

function schemaOf(text: string): DataSchema {
  const { models, errors } = readTypeormEntities([{ file: "/repo/src/entities.ts", text }]);
  expect(errors).toEqual([]);
  const byName = new Map<string, DataModel>();
  for (const model of models) for (const name of model.names) if (!byName.has(name)) byName.set(name, model);
  return { models: byName, sources: ["/repo/src/entities.ts"] };
}

const dataSchema = schemaOf(entities);
const settings = parseSettings({});
const header = `import { DataSource, Repository, In, Not, IsNull, Equal, Like } from "typeorm";
import { Invoice, InvoiceLine, Ticket, Currency, Organization } from "./entities";
const dataSource = new DataSource({ type: "postgres" });
const invoices = dataSource.getRepository(Invoice);
`;

function lint(
  rule: "require-tenant-filter" | "require-tenant-on-write",
  body: string,
  context: Partial<AnalysisContext> = {},
) {
  const sourceFile = parse(
    `${header}export async function f(tenantId: string, id: string, req: any, other: string) {\n${body}\n}\n`,
  );
  const result = runCheck(rule, sourceFile, { settings, dataSchema, ...context });
  return {
    messages: result.findings.map((finding) => finding.messageId),
    checked: result.checked,
    unverified: result.unverified,
    reasons: (result.sites ?? []).map((site) => site.reason),
  };
}

describe("TypeORM entities as the schema", () => {
  it("reads tables, columns, join columns, keys and ownership", () => {
    const invoice = dataSchema.models.get("invoices")!;
    expect(invoice.name).toBe("Invoice");
    expect(invoice.fields.get("tenantId")?.column).toBe("tenant_id");
    expect(invoice.fields.get("tenant")?.relation).toMatchObject({
      model: "Organization",
      fields: ["tenantId"],
      references: ["id"],
      required: true,
    });
    expect(invoice.uniqueKeys).toEqual([["id"], ["number", "tenantId"]]);
    expect(ownershipOf(invoice, dataSchema, settings)).toEqual({ kind: "tenant-owned", field: "tenantId" });
    // A join column without its own @Column is still the table's tenant column.
    expect(ownershipOf(dataSchema.models.get("Ticket")!, dataSchema, settings)).toEqual({
      kind: "tenant-owned",
      field: "tenant_id",
    });
    expect(dataSchema.models.get("invoice_line")?.name).toBe("InvoiceLine");
    expect(ownershipOf(dataSchema.models.get("InvoiceLine")!, dataSchema, settings)).toEqual({
      kind: "owned-through",
      path: ["invoice"],
      owner: "Invoice",
    });
    expect(ownershipOf(dataSchema.models.get("Organization")!, dataSchema, settings)).toEqual({
      kind: "registry",
      idFields: ["id"],
    });
    expect(ownershipOf(dataSchema.models.get("Currency")!, dataSchema, settings)).toEqual({ kind: "global" });
  });

  it("takes an optional relation for no owner, and columns of a base class", () => {
    const schema = schemaOf(`
      class Owned { @Column({ name: "tenant_id" }) tenantId!: string; }
      @Entity() export class Note extends Owned { @PrimaryColumn() id!: string; }
      @Entity() export class Tag { @PrimaryColumn() id!: string; @ManyToOne(() => Note) note!: Note; }`);
    expect(ownershipOf(schema.models.get("Note")!, schema, settings)).toEqual({
      kind: "tenant-owned",
      field: "tenantId",
    });
    expect(schema.models.get("Tag")!.fields.get("note")?.relation).toMatchObject({
      fields: ["noteId"],
      required: false,
    });
    expect(ownershipOf(schema.models.get("Tag")!, schema, settings)).toEqual({ kind: "global" });
  });
});

describe("TypeORM reads", () => {
  const cases: [string, string, string[]][] = [
    ["find with the tenant in where", "await invoices.find({ where: { tenantId } });", []],
    ["find without a where", "await invoices.find();", ["missingTenantFilter"]],
    ["find with options but no where", "await invoices.find({ order: { number: 'ASC' } });", ["missingTenantFilter"]],
    ["findBy without the tenant", "await invoices.findBy({ status: 'open' });", ["missingTenantFilter"]],
    [
      "an array of where objects, all scoped",
      "await invoices.find({ where: [{ tenantId, status: 'a' }, { tenantId, status: 'b' }] });",
      [],
    ],
    [
      "an array of where objects, one unscoped",
      "await invoices.findBy([{ tenantId }, { status: 'b' }]);",
      ["partialOr"],
    ],
    ["Not(tenant)", "await invoices.findBy({ tenantId: Not(tenantId) });", ["missingTenantFilter"]],
    ["IsNull() on the tenant", "await invoices.findBy({ tenantId: IsNull() });", ["missingTenantFilter"]],
    ["In([...]) pins", "await invoices.countBy({ tenantId: In([tenantId]) });", []],
    ["Equal(x) pins", "await invoices.existsBy({ tenantId: Equal(tenantId) });", []],
    ["Like does not pin", "await invoices.findBy({ tenantId: Like(tenantId) });", ["missingTenantFilter"]],
    ["undefined drops the condition", "await invoices.findBy({ tenantId: undefined });", ["missingTenantFilter"]],
    ["a filter through the tenant relation's key", "await invoices.findBy({ tenant: { id: tenantId } });", []],
    [
      "a join-column-only tenant through its relation",
      "await dataSource.getRepository(Ticket).findBy({ tenant: { id: tenantId } });",
      [],
    ],
    [
      "a child through its owning relation",
      "await dataSource.getRepository(InvoiceLine).findBy({ invoice: { tenantId } });",
      [],
    ],
    [
      "a child by its parent's id",
      "await dataSource.getRepository(InvoiceLine).findBy({ invoice: { id } });",
      ["missingTenantFilter"],
    ],
    ["findOneBy the primary key alone", "await invoices.findOneBy({ id });", ["lookupById"]],
    [
      "findOneBy the key, then checked",
      "const row = await invoices.findOneBy({ id });\nif (!row || row.tenantId !== tenantId) throw new Error();",
      [],
    ],
    ["findOne by key and tenant", "await invoices.findOne({ where: { id, tenantId } });", []],
    ["the registry by its own id", "await dataSource.getRepository(Organization).findOneBy({ id: tenantId });", []],
    ["a global entity", "await dataSource.getRepository(Currency).find();", []],
    ["client input as the where", "await invoices.findBy(req.query);", ["missingTenantFilter"]],
    ["sum with a where", "await invoices.sum('amount', { tenantId });", []],
    ["count without options", "await invoices.count();", ["missingTenantFilter"]],
  ];
  it.each(cases)("%s", (_label, body, expected) => {
    expect(lint("require-tenant-filter", body).messages).toEqual(expected);
  });
});

describe("TypeORM writes", () => {
  const filterCases: [string, string, string[]][] = [
    ["update by criteria with the tenant", "await invoices.update({ id, tenantId }, { status: 'paid' });", []],
    ["update by a bare id", "await invoices.update(id, { status: 'paid' });", ["lookupById"]],
    ["delete by a bare id", "await invoices.delete(id);", ["lookupById"]],
    ["delete by ids", "await invoices.delete([id]);", ["lookupById"]],
    ["delete by criteria without the tenant", "await invoices.delete({ status: 'void' });", ["missingTenantFilter"]],
    ["softDelete scoped", "await invoices.softDelete({ id, tenantId });", []],
    [
      "increment without the tenant",
      "await invoices.increment({ status: 'x' }, 'amount', 1);",
      ["missingTenantFilter"],
    ],
    ["clear removes every tenant's rows", "await invoices.clear();", ["missingTenantFilter"]],
  ];
  it.each(filterCases)("%s", (_label, body, expected) => {
    expect(lint("require-tenant-filter", body).messages).toEqual(expected);
  });

  const writeCases: [string, string, string[]][] = [
    ["insert with the tenant", "await invoices.insert({ tenantId, number: '1' });", []],
    ["insert without it", "await invoices.insert({ number: '1' });", ["missingTenantOnInsert"]],
    [
      "insert rows, one without it",
      "await invoices.insert([{ tenantId, number: '1' }, { number: '2' }]);",
      ["missingTenantOnInsert"],
    ],
    ["save of a literal without it", "await invoices.save({ number: '1' });", ["missingTenantOnInsert"]],
    ["save with the tenant relation", "await invoices.save({ tenant: { id: tenantId }, number: '1' });", []],
    [
      "create without it",
      "const draft = invoices.create({ number: '1' });\nawait invoices.save(draft);",
      ["missingTenantOnInsert"],
    ],
    [
      "create, then the tenant set",
      "const draft = invoices.create({ number: '1' });\ndraft.tenantId = tenantId;\nawait invoices.save(draft);",
      [],
    ],
    [
      "save of a loaded entity",
      "const row = await invoices.findOneBy({ id, tenantId });\nawait invoices.save(row!);",
      [],
    ],
    ["update moving the tenant", "await invoices.update({ id, tenantId }, { tenantId: other });", ["tenantReassigned"]],
    ["update keeping it", "await invoices.update({ id, tenantId }, { tenantId });", []],
    ["update from the client's input", "await invoices.update({ id, tenantId }, req.body);", ["updateFromRequest"]],
    ["upsert without the tenant", "await invoices.upsert({ number: '1' }, ['number']);", ["upsertWithoutTenant"]],
  ];
  it.each(writeCases)("%s", (_label, body, expected) => {
    expect(lint("require-tenant-on-write", body).messages).toEqual(expected);
  });
});

describe("TypeORM receivers", () => {
  it("reads the entity manager's entity-first calls, also in a transaction", () => {
    const body =
      "await dataSource.manager.find(Invoice, { where: { status: 'x' } });\nawait dataSource.transaction(async (manager) => { await manager.delete(Invoice, { tenantId }); await manager.findOneBy(Invoice, { id }); });";
    expect(lint("require-tenant-filter", body).messages).toEqual(["missingTenantFilter", "lookupById"]);
    expect(
      lint("require-tenant-on-write", "await dataSource.manager.insert(Invoice, { number: '1' });").messages,
    ).toEqual(["missingTenantOnInsert"]);
  });

  it("knows injected and annotated repositories", () => {
    const sourceFile = parse(`${header}
class InvoiceService {
  constructor(@InjectRepository(Invoice) private readonly repo: Repository<Invoice>, private readonly tickets: Repository<Ticket>) {}
  all() { return this.repo.find(); }
  open() { return this.tickets.findBy({ subject: "x" }); }
}
const InjectRepository = (e: unknown) => () => e;
`);
    expect(
      runCheck("require-tenant-filter", sourceFile, { settings, dataSchema }).findings.map(
        (finding) => finding.messageId,
      ),
    ).toEqual(["missingTenantFilter", "missingTenantFilter"]);
  });

  it("leaves a repository of an entity it does not know unverified", () => {
    const result = lint("require-tenant-filter", "await dataSource.getRepository(Unknown).find();");
    expect(result).toMatchObject({ messages: [], checked: 1, unverified: 1 });
  });

  it("ignores look-alikes", () => {
    const body = `const list = [{ id }];
list.find((row) => row.id === id);
const seen = new Set<string>(); seen.delete(id);
const map = new Map<string, number>(); map.delete(id);
const params = new URLSearchParams(); params.delete("x");
const repo = makeThing(); await repo.find(id); await repo.delete({ status: "x" }); await repo.save({ number: "1" });
const crypto = { createHash: (a: string) => ({ update: (b: string) => b }) }; crypto.createHash("sha1").update(id);`;
    expect(lint("require-tenant-filter", body)).toMatchObject({ messages: [], checked: 0 });
    expect(lint("require-tenant-on-write", body)).toMatchObject({ messages: [], checked: 0 });
  });
});

describe("TypeORM entities through the schema loader", () => {
  it("finds the project's entity files, skipping node_modules, tests and files without entities", async () => {
    const { mkdtempSync, mkdirSync, writeFileSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const { join } = await import("node:path");
    const { loadDataSchema } = await import("../../src/data-layer/load-schema.js");
    const root = mkdtempSync(join(tmpdir(), "typeorm-schema-"));
    mkdirSync(join(root, "src", "entities"), { recursive: true });
    mkdirSync(join(root, "node_modules", "lib"), { recursive: true });
    writeFileSync(join(root, "package.json"), "{}");
    writeFileSync(
      join(root, "src", "entities", "note.entity.ts"),
      `import { Entity, Column, PrimaryColumn } from "typeorm";\n@Entity("notes")\nexport class Note { @PrimaryColumn() id!: string; @Column() tenantId!: string; }\n`,
    );
    writeFileSync(
      join(root, "src", "service.ts"),
      `import { Repository } from "typeorm";\nexport type Notes = Repository<unknown>;\n`,
    );
    writeFileSync(
      join(root, "node_modules", "lib", "x.ts"),
      `import { Entity } from "typeorm";\n@Entity() export class Vendor {}\n`,
    );
    // A test's sample entities are not the project's.
    mkdirSync(join(root, "test"));
    writeFileSync(
      join(root, "test", "sample.ts"),
      `import { Entity } from "typeorm";\n@Entity() export class Sample {}\n`,
    );
    const { schema, errors } = loadDataSchema(root);
    expect(errors).toEqual([]);
    expect(schema.sources).toEqual([join(root, "src", "entities", "note.entity.ts")]);
    expect(schema.models.get("notes")?.name).toBe("Note");
    expect(schema.models.has("Vendor")).toBe(false);
    expect(schema.models.has("Sample")).toBe(false);
  });
});

describe("TypeORM QueryBuilder SQL, read by the SQL reader", () => {
  const filter = (body: string) => lint("require-tenant-filter", body);

  it("scopes a where fragment pinning the tenant property or column to a bound parameter", () => {
    expect(
      filter("await invoices.createQueryBuilder('i').where('i.tenantId = :tenantId', { tenantId }).getMany();"),
    ).toMatchObject({ messages: [], checked: 1, unverified: 0 });
    expect(
      filter("await invoices.createQueryBuilder('i').where('i.tenant_id = :t', { t: tenantId }).getMany();"),
    ).toMatchObject({ messages: [], checked: 1, unverified: 0 });
    expect(
      filter("await invoices.createQueryBuilder('i').where('i.status = :s', { s: 'open' }).getMany();"),
    ).toMatchObject({ messages: ["missingTenantFilter"], checked: 1 });
    expect(filter("await invoices.createQueryBuilder('i').getMany();")).toMatchObject({
      messages: ["missingTenantFilter"],
    });
  });

  it("joins andWhere and orWhere as TypeORM does, with SQL's precedence", () => {
    expect(
      filter(
        "await invoices.createQueryBuilder('i').where('i.status = :s', { s: 'x' }).andWhere('i.tenantId = :tenantId', { tenantId }).getMany();",
      ),
    ).toMatchObject({ messages: [], unverified: 0 });
    // `a AND t OR b`: the orWhere branch is any tenant's.
    expect(
      filter(
        "await invoices.createQueryBuilder('i').where('i.tenantId = :tenantId', { tenantId }).orWhere('i.number = :n', { n: id }).getMany();",
      ).messages,
    ).toEqual(["partialOr"]);
    expect(
      filter(
        "await invoices.createQueryBuilder('i').where('i.tenantId = :tenantId AND i.status = :s', { tenantId, s: 'x' }).orWhere('i.tenantId = :tenantId AND i.number = :n', { n: id }).getMany();",
      ),
    ).toMatchObject({ messages: [], unverified: 0 });
  });

  it("reads Brackets as one bracketed condition", () => {
    const scoped = `await invoices.createQueryBuilder('i')
  .where('i.tenantId = :tenantId', { tenantId })
  .andWhere(new Brackets((qb) => { qb.where('i.status = :a', { a: 'x' }).orWhere('i.status = :b', { b: 'y' }); }))
  .getMany();`;
    expect(filter(scoped)).toMatchObject({ messages: [], unverified: 0 });
    const unscoped = `await invoices.createQueryBuilder('i')
  .where('i.status = :a', { a: 'x' })
  .orWhere(new Brackets((qb) => qb.where('i.tenantId = :tenantId', { tenantId }).andWhere('i.number = :n', { n: id })))
  .getMany();`;
    expect(filter(unscoped).messages).toEqual(["partialOr"]);
    // Brackets scoping both sides of the disjunction.
    const both = `await invoices.createQueryBuilder('i')
  .where(new Brackets((qb) => qb.where('i.tenantId = :tenantId', { tenantId }).andWhere('i.status = :a', { a: 'x' })))
  .orWhere(new Brackets((qb) => qb.where('i.tenantId = :tenantId').andWhere('i.number = :n', { n: id })))
  .getMany();`;
    expect(filter(both)).toMatchObject({ messages: [], unverified: 0 });
    const negated = `await invoices.createQueryBuilder('i').where(new NotBrackets((qb) => qb.where('i.tenantId = :tenantId', { tenantId }))).getMany();`;
    expect(filter(negated).messages).toEqual(["missingTenantFilter"]);
  });

  it("reads a builder held in a variable, with conditional clauses as either present or absent", () => {
    const scoped = `const qb = invoices.createQueryBuilder('i').where('i.tenantId = :tenantId', { tenantId });
if (req.query.status) qb.andWhere('i.status = :status', { status: req.query.status });
return qb.getMany();`;
    expect(filter(scoped)).toMatchObject({ messages: [], checked: 1, unverified: 0 });
    const unscoped = `const qb = invoices.createQueryBuilder('i');
qb.where('i.status = :s', { s: 'x' });
return qb.getMany();`;
    expect(filter(unscoped).messages).toEqual(["missingTenantFilter"]);
    // The tenant only in a branch: undecided, not a finding.
    const branch = `const qb = invoices.createQueryBuilder('i');
if (tenantId) qb.andWhere('i.tenantId = :tenantId', { tenantId });
return qb.getMany();`;
    expect(filter(branch)).toMatchObject({ messages: [], checked: 1, unverified: 1 });
  });

  it("takes the entity from the manager, from(), update() and delete().from()", () => {
    expect(
      filter(
        "await dataSource.manager.createQueryBuilder(Invoice, 'i').where('i.tenantId = :t', { t: tenantId }).getOne();",
      ),
    ).toMatchObject({ messages: [], unverified: 0 });
    expect(
      filter(
        "await dataSource.createQueryBuilder().select('i').from(Invoice, 'i').where('i.id = :id', { id }).getOne();",
      ).messages,
    ).toEqual(["missingTenantFilter"]);
    expect(
      filter(
        "await dataSource.createQueryBuilder().update(Invoice).set({ status: 'x' }).where('id = :id AND tenantId = :tenantId', { id, tenantId }).execute();",
      ),
    ).toMatchObject({ messages: [], unverified: 0 });
    expect(
      filter(
        "await invoices.createQueryBuilder().update(Invoice).set({ status: 'x' }).where('id = :id', { id }).execute();",
      ).messages,
    ).toEqual(["missingTenantFilter"]);
    expect(
      filter("await dataSource.createQueryBuilder().delete().from(Invoice).where('id = :id', { id }).execute();")
        .messages,
    ).toEqual(["missingTenantFilter"]);
    expect(
      filter(
        "await dataSource.createQueryBuilder().delete().from(Invoice).where('id = :id', { id }).andWhere('tenant_id = :tenantId', { tenantId }).execute();",
      ),
    ).toMatchObject({ messages: [], unverified: 0 });
    // A global entity is not examined.
    expect(filter("await dataSource.createQueryBuilder().select().from(Currency, 'c').getMany();")).toMatchObject({
      messages: [],
      checked: 0,
    });
  });

  it("reads a where object, joins, keyword aliases and IN lists", () => {
    expect(filter("await invoices.createQueryBuilder('i').where({ tenantId }).getMany();")).toMatchObject({
      messages: [],
      unverified: 0,
    });
    expect(filter("await invoices.createQueryBuilder('i').where({ status: 'x' }).getMany();").messages).toEqual([
      "missingTenantFilter",
    ]);
    expect(
      filter(
        "await invoices.createQueryBuilder('order').innerJoin('order.lines', 'line').where('order.tenantId = :tenantId', { tenantId }).getMany();",
      ),
    ).toMatchObject({ messages: [], unverified: 0 });
    // The joined alias's tenant is not the main alias's.
    expect(
      filter(
        "await invoices.createQueryBuilder('i').innerJoin('i.tenant', 'o').where('o.id = :tenantId', { tenantId }).getMany();",
      ).messages,
    ).toEqual(["missingTenantFilter"]);
    expect(
      filter("await invoices.createQueryBuilder('i').where('i.tenantId IN (:...ids)', { ids: [tenantId] }).getMany();"),
    ).toMatchObject({ messages: [], unverified: 0 });
  });

  it("leaves what the chain does not show unverified, with why", () => {
    const built = filter("await invoices.createQueryBuilder('i').where(`i.tenantId = '${tenantId}'`).getMany();");
    expect(built).toMatchObject({ messages: [], checked: 1, unverified: 1 });
    expect(built.reasons[0]).toMatch(/QueryBuilder/u);
    expect(
      filter("await invoices.createQueryBuilder('i').where('i.tenantId = :tenantId', params).getMany();"),
    ).toMatchObject({ messages: [], unverified: 1 });
    expect(filter("await invoices.createQueryBuilder('i').where(req.body.where).getMany();")).toMatchObject({
      messages: [],
      unverified: 1,
    });
    // Returned unfinished: its caller may add the tenant.
    expect(filter("return invoices.createQueryBuilder('i').where('i.status = :s', { s: 'x' });")).toMatchObject({
      messages: [],
      unverified: 1,
    });
  });

  it("reports an update that moves rows to another tenant", () => {
    expect(
      lint(
        "require-tenant-on-write",
        "await invoices.createQueryBuilder().update().set({ tenantId: other }).where('tenantId = :tenantId', { tenantId }).execute();",
      ).messages,
    ).toEqual(["tenantReassigned"]);
  });

  it("reads repository.query and manager.query as raw SQL with $1 parameters", () => {
    expect(filter("await invoices.query('SELECT * FROM invoices WHERE tenant_id = $1', [tenantId]);")).toMatchObject({
      messages: [],
      checked: 1,
      unverified: 0,
    });
    expect(filter("await dataSource.manager.query('SELECT * FROM invoices WHERE id = $1', [id]);").messages).toEqual([
      "missingTenantFilter",
    ]);
    expect(filter("await dataSource.query(sqlFromElsewhere, [id]);")).toMatchObject({ messages: [], unverified: 1 });
  });

  it("ignores look-alikes: where() on another builder, query() on another object", () => {
    const body = `const rows = [{ id }];
const builder = { where: (s: string, p: object) => builder, getMany: () => rows };
builder.where('i.status = :s', { s: 'x' }).getMany();
const http = { query: (s: string) => s }; http.query('SELECT * FROM invoices');
const db = makeThing(); db.createQueryBuilder('i').where('i.id = :id', { id }).getMany();`;
    expect(filter(body)).toMatchObject({ messages: [], checked: 0 });
  });
});
