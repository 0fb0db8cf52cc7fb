/**
 * PostgreSQL hands `bigint` and `numeric` back as text (node-postgres keeps them exact). Turning
 * such text into a number with `Number()`, `parseInt()` or a unary `+` accepts what an amount
 * must never be: `Number('1e3')` is 1000, `Number('')` is 0, `parseInt('12.5')` is 12, and
 * `Number('9007199254740993')` is silently off by one. An amount read as text goes through
 * `parseAmount` from @goodloop/money (digits only, a safe integer or an error), or the column is
 * read through `bigintTransformer`.
 *
 * What counts as an amount read as text, so that the rule stays quiet elsewhere:
 * - the value is a variable or a property (`row.amount`, `sums?.today ?? 0`, `amountFen`), and
 *   either its own name or the name of the object it is read from has a word from the amount
 *   vocabulary (amount, fen, points, balance, total, sum, debits, credits, price, …; words are
 *   split on camelCase and snake_case, so `entry_debits` and `amountFen` count, `count` does not);
 * - and, when type information is available, its type can be a string (or is `any`): a number
 *   already typed as a number is not text. Without type information the name alone decides.
 */
const AMOUNT_WORDS = new Set([
  'amount',
  'amounts',
  'fen',
  'yuan',
  'cny',
  'points',
  'point',
  'balance',
  'balances',
  'total',
  'totals',
  'sum',
  'sums',
  'debit',
  'debits',
  'credit',
  'credits',
  'price',
  'prices',
  'cost',
  'costs',
  'budget',
  'budgets',
  'fee',
  'fees',
  'consumed',
  'held',
  'payout',
  'tranche',
  'tranches',
]);

function words(name) {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[\s_\-$]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
}

function looksLikeAmount(name) {
  return typeof name === 'string' && words(name).some((w) => AMOUNT_WORDS.has(w));
}

/** `x ?? 0`, `x || '0'`, `x!`, `x as string`, `(x)`, `a?.b` → the value that is read. */
function unwrap(node) {
  for (;;) {
    if (node.type === 'LogicalExpression' && (node.operator === '??' || node.operator === '||')) node = node.left;
    else if (node.type === 'TSNonNullExpression' || node.type === 'TSAsExpression' || node.type === 'TSSatisfiesExpression')
      node = node.expression;
    else if (node.type === 'ChainExpression') node = node.expression;
    else return node;
  }
}

function propertyName(member) {
  if (!member.computed && member.property.type === 'Identifier') return member.property.name;
  if (member.computed && member.property.type === 'Literal' && typeof member.property.value === 'string') {
    return member.property.value;
  }
  return undefined;
}

function objectName(member) {
  const object = unwrap(member.object);
  if (object.type === 'Identifier') return object.name;
  if (object.type === 'MemberExpression') return propertyName(object);
  return undefined;
}

/** The name that makes `node` an amount, or undefined. */
function amountName(node) {
  if (node.type === 'Identifier') return looksLikeAmount(node.name) ? node.name : undefined;
  if (node.type === 'MemberExpression') {
    const own = propertyName(node);
    if (looksLikeAmount(own)) return own;
    const holder = objectName(node);
    if (own !== undefined && looksLikeAmount(holder)) return `${holder}.${own}`;
  }
  return undefined;
}

module.exports = {
  meta: {
    type: 'problem',
    docs: { description: 'amounts read as text are parsed with parseAmount (or bigintTransformer), never Number/parseInt/+' },
    messages: {
      numberOnAmountText:
        '{{how}} on the amount "{{name}}" read as text: use parseAmount from @goodloop/money (or read the column through bigintTransformer).',
    },
    schema: [],
  },
  create(context) {
    const services = context.sourceCode?.parserServices ?? context.parserServices;
    const typed = Boolean(services?.program && services.esTreeNodeToTSNodeMap);
    const checker = typed ? services.program.getTypeChecker() : undefined;

    function mayBeText(node) {
      if (!typed) return true;
      const type = checker.getTypeAtLocation(services.esTreeNodeToTSNodeMap.get(node));
      const parts = type.isUnion() ? type.types : [type];
      // 1 any, 2 unknown, 4 string, 128 string literal, 134217728 template literal
      return parts.some((t) => (t.flags & (1 | 2 | 4 | 128 | 134217728)) !== 0);
    }

    function check(report, argument, how) {
      if (!argument || argument.type === 'SpreadElement') return;
      const value = unwrap(argument);
      const name = amountName(value);
      if (name && mayBeText(value)) context.report({ node: report, messageId: 'numberOnAmountText', data: { how, name } });
    }

    return {
      CallExpression(node) {
        const callee = node.callee;
        if (callee.type === 'Identifier' && (callee.name === 'Number' || callee.name === 'parseInt')) {
          check(node, node.arguments[0], `${callee.name}()`);
        } else if (
          callee.type === 'MemberExpression' &&
          callee.object.type === 'Identifier' &&
          callee.object.name === 'Number' &&
          propertyName(callee) === 'parseInt'
        ) {
          check(node, node.arguments[0], 'Number.parseInt()');
        }
      },
      'UnaryExpression[operator="+"]'(node) {
        check(node, node.argument, 'unary +');
      },
    };
  },
};
