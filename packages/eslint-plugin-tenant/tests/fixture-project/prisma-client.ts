// A generated Prisma client as a project imports it from its own output path, reduced to what
// the typed cases use; `db` is the project's singleton.
type Delegate = {
  findMany(args?: any): Promise<any[]>;
  findFirst(args?: any): Promise<any>;
  findUnique(args: any): Promise<any>;
  count(args?: any): Promise<number>;
  create(args: any): Promise<any>;
  update(args: any): Promise<any>;
  updateMany(args: any): Promise<{ count: number }>;
  delete(args: any): Promise<any>;
  deleteMany(args?: any): Promise<{ count: number }>;
};

export declare class PrismaClient {
  constructor(options?: unknown);
  organization: Delegate;
  campaign: Delegate;
  lead: Delegate;
  plan: Delegate;
  $transaction<T>(fn: (tx: PrismaClient) => Promise<T>): Promise<T>;
  $extends(extension: unknown): PrismaClient;
}

export const db = new PrismaClient();

/** A tenant-enforcing client: its query extension adds the tenant to every `where`. */
export function tenantDb(tenantId: string) {
  return db.$extends({
    query: {
      $allModels: {
        async $allOperations({ args, query }: { args: any; query: (args: any) => Promise<unknown> }) {
          args.where = { ...args.where, tenantId };
          return query(args);
        },
      },
    },
  });
}
