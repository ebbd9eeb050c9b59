/** Repository-wide facts for the CLI: loggers other files export bound with the tenant. */
import ts from "../../typescript.cjs";
import { pinoHttp } from "../../adapters/pino-http.js";
import { unwrap } from "../../ast.js";
import { resolveBinding } from "../../bindings.js";
import { type FactCollector, registerFactCollector } from "../../project-facts.js";
import { carriesTenant } from "../../tenant-mentions.js";
import { requestParameterNames } from "./log-sites.js";
import { loggerBinding, returnedBinding } from "./logger-binding.js";

/**
 * Tenant-bound loggers a file offers to the others (`projectFacts.tenantLoggers`): module-level
 * loggers bound with the tenant, module-level functions returning a bound logger
 * (`tenantLogger(tenantId)`), and `request.log`/`req.log` when a hook rebinds it with the tenant.
 */
export const collectTenantLoggers: FactCollector = (sourceFile, context, facts) => {
  for (const statement of sourceFile.statements) {
    if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) {
        if (!ts.isIdentifier(declaration.name) || !declaration.initializer) continue;
        const value = unwrap(declaration.initializer);
        const bound =
          ts.isArrowFunction(value) || ts.isFunctionExpression(value)
            ? returnedBinding(value, context, 0)
            : loggerBinding(value, context, 0);
        if (bound === "yes") facts.tenantLoggers.add(declaration.name.text);
      }
    }
    if (
      ts.isFunctionDeclaration(statement) &&
      statement.name &&
      statement.body &&
      returnedBinding(statement, context, 0) === "yes"
    ) {
      facts.tenantLoggers.add(statement.name.text);
    }
  }
  const visit = (node: ts.Node): void => {
    // `app.use(pinoHttp({ customProps: (req) => ({ tenantId: req.user.tenantId }) }))`: every request's `req.log` carries it.
    if (
      ts.isCallExpression(node) &&
      isPinoHttpFactory(node) &&
      node.arguments.some((argument) => tenantFieldOptions(argument, context))
    ) {
      facts.tenantLoggers.add("req.log");
      facts.tenantLoggers.add("request.log");
    }
    if (
      ts.isBinaryExpression(node) &&
      node.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
      ts.isPropertyAccessExpression(node.left) &&
      node.left.name.text === "log" &&
      ts.isIdentifier(node.left.expression) &&
      requestParameterNames.has(node.left.expression.text) &&
      carriesTenant(node.right, context)
    ) {
      facts.tenantLoggers.add(`${node.left.expression.text}.log`);
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
};

registerFactCollector(collectTenantLoggers);

/** `pinoHttp(…)` / `pino-http`'s default export called. */
function isPinoHttpFactory(call: ts.CallExpression): boolean {
  const callee = unwrap(call.expression);
  if (!ts.isIdentifier(callee)) return false;
  const binding = resolveBinding(callee, undefined);
  return binding?.kind === "import" && (pinoHttp.modules as readonly string[]).includes(binding.module);
}

/** The options' field hooks (`customProps`) put the tenant on every line. */
function tenantFieldOptions(options: ts.Expression, context: Parameters<FactCollector>[1]): boolean {
  const node = unwrap(options);
  if (!ts.isObjectLiteralExpression(node)) return false;
  return node.properties.some(
    (property) =>
      (ts.isPropertyAssignment(property) || ts.isMethodDeclaration(property)) &&
      ts.isIdentifier(property.name) &&
      (pinoHttp.fieldOptions as readonly string[]).includes(property.name.text) &&
      carriesTenant(property, context, { intoFunctions: true }),
  );
}
