/**
 * A feature folder (apps/<app>/src/<feature>/) keeps its tables to itself: code in one feature
 * does not import another feature's `entities/`. Features talk through each other's services
 * (what the other feature's module exports), so the rules about a table — who locks it, which
 * rows count, which columns change together — live in one place.
 *
 * Allowed, on purpose:
 * - `import type`: a type cannot reach the table; it is how a service's answer is named.
 * - An entity of one feature naming an entity of another (a TypeORM relation, in a file under
 *   `<feature>/entities/`). The relation mirrors a foreign key the schema keeps (a signup of an
 *   activity that does not exist is refused by PostgreSQL), and the entities must match the
 *   migrations exactly; dropping the relation would drop the constraint or make the schema drift.
 *   A relation lets a query join the two tables, but it gives no repository of the other table.
 * - The app's `database/` folder (the data source lists every entity), and other folders named in
 *   the `shared` option.
 */
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..', '..');

/** `{ app, feature, rest }` for apps/<app>/src/<feature>/<rest…>, else undefined. */
function locate(file) {
  const parts = path.relative(ROOT, file).split(path.sep);
  if (parts[0] !== 'apps' || parts[2] !== 'src' || parts.length < 5) return undefined;
  return { app: parts[1], feature: parts[3], rest: parts.slice(4) };
}

function isTypeOnly(node) {
  if (node.importKind === 'type' || node.exportKind === 'type') return true;
  const specifiers = node.specifiers ?? [];
  return (
    specifiers.length > 0 &&
    specifiers.every((s) => s.type === 'ImportSpecifier' && s.importKind === 'type') &&
    node.type === 'ImportDeclaration'
  );
}

module.exports = {
  meta: {
    type: 'problem',
    docs: { description: "a feature does not import another feature's entities; it goes through that feature's service" },
    messages: {
      crossFeature:
        '{{feature}} imports {{other}}\'s entity ("{{source}}"). Go through {{other}}\'s service (or what its module exports); its table is its own.',
    },
    schema: [
      {
        type: 'object',
        properties: { shared: { type: 'array', items: { type: 'string' } } },
        additionalProperties: false,
      },
    ],
  },
  create(context) {
    const file = path.resolve(context.filename ?? context.getFilename());
    const here = locate(file);
    if (!here) return {};
    const shared = new Set(context.options[0]?.shared ?? ['database']);
    if (shared.has(here.feature)) return {};
    const inOwnEntities = here.rest[0] === 'entities';

    function check(node, source) {
      if (typeof source !== 'string' || !source.startsWith('.')) return;
      const there = locate(path.resolve(path.dirname(file), source));
      if (!there || there.app !== here.app || there.feature === here.feature) return;
      if (!there.rest.slice(0, -1).includes('entities') && there.rest[0] !== 'entities') return;
      if (isTypeOnly(node) || inOwnEntities) return;
      context.report({ node, messageId: 'crossFeature', data: { feature: here.feature, other: there.feature, source } });
    }
    return {
      ImportDeclaration: (node) => check(node, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source.value),
      ExportAllDeclaration: (node) => check(node, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node, node.source.value),
    };
  },
};
