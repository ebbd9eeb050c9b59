/**
 * pino-http: Express/Node middleware that puts a pino child logger on every request as `req.log`
 * (the request id bound, not the tenant). Its options can add request fields to every line
 * (`customProps: (req) => ({ tenantId: req.user.tenantId })`); a later middleware can rebind it
 * (`req.log = req.log.child({ tenantId })`). Not a receiver adapter: the loggers it makes are
 * pino's, known through pino's adapter; this says where they live and what binds them.
 */
export const pinoHttp = {
  modules: ["pino-http"],
  /** The request property holding the request's logger. */
  requestProperty: "log",
  /** Options whose functions return fields added to every line of the request's logger. */
  fieldOptions: ["customProps", "customAttributeKeys"],
} as const;
