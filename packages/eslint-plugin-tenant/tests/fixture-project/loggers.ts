// Loggers declared here, imported by typed test cases (a child bound with the tenant included).
import { pino } from "pino";
import winston from "winston";

export const logger = pino();
export const winstonLogger = winston.createLogger({ transports: [new winston.transports.Console()] });

export function tenantLogger(tenantId: string) {
  return logger.child({ tenantId });
}

// Named like a logger, but not one: with types the name says nothing.
export const auditLogger = { info(message: string): string { return message; } };
