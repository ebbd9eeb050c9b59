// A data source and a repository made in another file: typed linting follows them here.
import { DataSource } from "typeorm";
import { Ticket } from "./typeorm-entities.js";

export const dataSource = new DataSource({ type: "postgres" });
export const tickets = dataSource.getRepository(Ticket);
