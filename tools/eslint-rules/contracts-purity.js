/**
 * libs/contracts is what services agree on over Kafka and HTTP: message classes, topic names,
 * validation rules. Anything may import it (the web app too, and a future service in another
 * stack reads it as a specification), so it imports no framework, ORM or client: no
 * `@nestjs/*`, `typeorm`, `pg`, `ioredis`, `kafkajs` or `bullmq`. class-validator and
 * class-transformer are allowed: the rules are part of the contract.
 */
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..', '..');
const CONTRACTS = path.join(ROOT, 'libs', 'contracts') + path.sep;
const FORBIDDEN = /^(@nestjs\/[^/]+|typeorm|pg|ioredis|kafkajs|bullmq)(\/|$)/;

module.exports = {
  meta: {
    type: 'problem',
    docs: { description: 'libs/contracts imports no framework, ORM or infrastructure client' },
    messages: {
      impure:
        'libs/contracts must not import "{{source}}": contracts are plain classes and constants that any service (or the web app) can load.',
    },
    schema: [],
  },
  create(context) {
    const file = path.resolve(context.filename ?? context.getFilename());
    if (!file.startsWith(CONTRACTS)) return {};
    function check(node, source) {
      if (typeof source === 'string' && FORBIDDEN.test(source)) {
        context.report({ node, messageId: 'impure', data: { source } });
      }
    }
    return {
      ImportDeclaration: (node) => check(node, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source.value),
      ExportAllDeclaration: (node) => check(node, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node, node.source.value),
      TSImportEqualsDeclaration: (node) =>
        node.moduleReference.type === 'TSExternalModuleReference' && check(node, node.moduleReference.expression.value),
      'CallExpression[callee.name="require"]': (node) =>
        node.arguments[0]?.type === 'Literal' && check(node, node.arguments[0].value),
    };
  },
};
