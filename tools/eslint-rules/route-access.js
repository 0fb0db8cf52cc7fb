/**
 * Every HTTP route says who may call it. A controller method decorated with @Get, @Post, @Put,
 * @Patch, @Delete or @All (from @nestjs/common) must carry, on itself or on its class, one of
 * the access policies: `Public`, `SignedIn`, `Access` (services and gateway) or `Roles`
 * (gateway). The global guards refuse a route without one at run time; this rule refuses it
 * at review time.
 *
 * `SkipInternalAuth` lets a caller without the gateway's internal token through, so a route it
 * covers must also be `Public` (health probes): it is not a policy of its own.
 *
 * Kafka handlers (@EventPattern, @MessagePattern) are not routes and are not checked.
 */
const ROUTE_DECORATORS = new Set(['Get', 'Post', 'Put', 'Patch', 'Delete', 'All']);
const POLICY_DECORATORS = new Set(['Public', 'SignedIn', 'Access', 'Roles']);

/** The name a decorator is called by, `Get` in `@Get()` and `@Get`. */
function calleeName(decorator) {
  const expression = decorator.expression.type === 'CallExpression' ? decorator.expression.callee : decorator.expression;
  return expression.type === 'Identifier' ? expression.name : undefined;
}

module.exports = {
  meta: {
    type: 'problem',
    docs: { description: 'every controller route declares an access policy (Public, SignedIn, Access or Roles)' },
    messages: {
      unguarded:
        'Route {{className}}.{{method}} declares no access policy: add @Public(), @SignedIn(), @Access(rule, refusal) or @Roles(...) to the method or its controller.',
      skipWithoutPublic:
        '{{className}}.{{method}} skips the internal token (@SkipInternalAuth) but is not @Public(): a route open to callers without the token must say so.',
    },
    schema: [],
  },
  create(context) {
    /** local name → imported name, for decorators imported from @nestjs/common. */
    const nestImports = new Map();
    /** local name → imported name, for everything else (the policy decorators come from several places). */
    const otherImports = new Map();

    function canonical(local) {
      return otherImports.get(local) ?? local;
    }
    function policiesOf(decorators) {
      const names = new Set();
      for (const decorator of decorators ?? []) {
        const name = calleeName(decorator);
        if (!name || nestImports.has(name)) continue;
        const original = canonical(name);
        if (POLICY_DECORATORS.has(original) || original === 'SkipInternalAuth') names.add(original);
      }
      return names;
    }
    function isRoute(method) {
      return (method.decorators ?? []).some((decorator) => {
        const name = calleeName(decorator);
        return name !== undefined && ROUTE_DECORATORS.has(nestImports.get(name) ?? '');
      });
    }

    return {
      ImportDeclaration(node) {
        const target = node.source.value === '@nestjs/common' ? nestImports : otherImports;
        for (const specifier of node.specifiers) {
          if (specifier.type !== 'ImportSpecifier') continue;
          const imported = specifier.imported.type === 'Identifier' ? specifier.imported.name : specifier.imported.value;
          target.set(specifier.local.name, imported);
        }
      },
      'ClassDeclaration, ClassExpression'(node) {
        const onClass = policiesOf(node.decorators);
        const className = node.id ? node.id.name : '(anonymous class)';
        for (const member of node.body.body) {
          if (member.type !== 'MethodDefinition' || !isRoute(member)) continue;
          const onMethod = policiesOf(member.decorators);
          const all = new Set([...onClass, ...onMethod]);
          const method = member.key.type === 'Identifier' ? member.key.name : '(computed)';
          const hasPolicy = [...all].some((name) => POLICY_DECORATORS.has(name));
          if (!hasPolicy) {
            context.report({ node: member.key, messageId: 'unguarded', data: { className, method } });
          } else if (all.has('SkipInternalAuth') && !all.has('Public')) {
            context.report({ node: member.key, messageId: 'skipWithoutPublic', data: { className, method } });
          }
        }
      },
    };
  },
};
