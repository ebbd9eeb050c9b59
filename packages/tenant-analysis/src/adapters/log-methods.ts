/** The log methods the loggers share: the levels pino, bunyan and winston have in common, and winston's `log(level, msg)`. */
export const logMethods: readonly string[] = ["trace", "debug", "info", "warn", "error", "fatal", "log"];
