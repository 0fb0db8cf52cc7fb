/**
 * An app never imports another app, and nobody reaches into a library's files by a relative
 * path: what two apps share lives in libs/ and is imported by its alias (@goodloop/…).
 */
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..', '..');

function areaOf(file) {
  const rel = path.relative(ROOT, file).split(path.sep);
  if ((rel[0] === 'apps' || rel[0] === 'libs') && rel[1]) return `${rel[0]}/${rel[1]}`;
  return undefined;
}

module.exports = {
  meta: {
    type: 'problem',
    docs: { description: 'forbid imports that cross from one app (or lib) into another by path' },
    messages: {
      crossApp: 'Import of "{{source}}" crosses from {{from}} into {{to}}. Share it through libs/ and import it as @goodloop/….',
      appInLib: 'Libraries must not import apps ("{{source}}").',
    },
    schema: [],
  },
  create(context) {
    const file = context.filename ?? context.getFilename();
    const from = areaOf(file);
    if (!from) return {};
    function check(node, source) {
      if (typeof source !== 'string') return;
      if (source.startsWith('@goodloop/')) return;
      if (!source.startsWith('.') && !source.startsWith('/') && !/(^|\/)apps\//.test(source)) return;
      const target = source.startsWith('.') ? path.resolve(path.dirname(file), source) : path.resolve(ROOT, source);
      const to = areaOf(target);
      if (!to || to === from) return;
      if (from.startsWith('libs/') && to.startsWith('apps/')) {
        context.report({ node, messageId: 'appInLib', data: { source } });
        return;
      }
      context.report({ node, messageId: 'crossApp', data: { source, from, to } });
    }
    return {
      ImportDeclaration: (node) => check(node, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source.value),
      ExportAllDeclaration: (node) => check(node, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node, node.source.value),
    };
  },
};
