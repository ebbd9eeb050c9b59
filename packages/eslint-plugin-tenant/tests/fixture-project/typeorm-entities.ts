// TypeORM entities of the RuleTester cases and docs examples: Ticket is tenant-owned, Country global.
import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from "typeorm";

@Entity("tickets")
export class Ticket {
  @PrimaryGeneratedColumn("uuid") id!: string;
  @Column({ name: "tenant_id" }) tenantId!: string;
  @Column() subject!: string;
}

@Entity("countries")
export class Country {
  @PrimaryColumn() code!: string;
}
