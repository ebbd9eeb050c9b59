// Agenda, pg-boss, Inngest and Trigger.dev producers declared here, imported by typed test cases.
import { Agenda } from "agenda";
import PgBoss from "pg-boss";
import { Inngest } from "inngest";
import { task } from "@trigger.dev/sdk";

declare const backend: ConstructorParameters<typeof Agenda>[0]["backend"];

export const agenda = new Agenda({ backend });
export const boss = new PgBoss("postgres://localhost/app");
export const inngest = new Inngest({ id: "app" });
export const exportTask = task({ id: "export", run: async (payload: { tenantId?: string; exportId: string }) => payload.exportId });
