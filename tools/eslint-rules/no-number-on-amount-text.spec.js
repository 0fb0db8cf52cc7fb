const { ruleTester, repoFile } = require('./rule-tester');
const rule = require('./no-number-on-amount-text');

const filename = repoFile('tools/eslint-rules/file.ts');
const error = { messageId: 'numberOnAmountText' };

ruleTester({ typed: true }).run('no-number-on-amount-text', rule, {
  valid: [
    // Already numbers: nothing to parse.
    { filename, code: `declare const row: { amount: number }; export const a = Number(row.amount);` },
    { filename, code: `declare const amountFen: number; export const a = +amountFen;` },
    // Text, but not an amount.
    {
      filename,
      code: `declare const row: { left_ms: string; count: string }; export const a = Number(row.left_ms) + Number(row.count);`,
    },
    { filename, code: `declare const headers: Record<string, string>; export const a = Number(headers['retry-after']);` },
    // The way it should be done.
    {
      filename,
      code: `declare function parseAmount(t: string): number; declare const row: { amount: string }; export const a = parseAmount(row.amount);`,
    },
    // Expressions that are not a read of a named value.
    { filename, code: `declare const a: string; declare const b: string; export const total = Number(a + b);` },
  ],
  invalid: [
    { filename, code: `declare const row: { amount: string }; export const a = Number(row.amount);`, errors: [error] },
    {
      filename,
      code: `declare const row: { entry_debits: string }; export const a = parseInt(row.entry_debits, 10);`,
      errors: [error],
    },
    { filename, code: `declare const balance: string; export const a = +balance;`, errors: [error] },
    {
      filename,
      code: `declare const rows: { balance: string }[]; export const a = rows.map((r) => Number.parseInt(r['balance']));`,
      errors: [error],
    },
    // The holder's name counts: a row of sums holds amounts whatever its columns are called.
    {
      filename,
      code: `declare const sums: { today: string } | undefined; export const a = Number(sums?.today ?? 0);`,
      errors: [error],
    },
    {
      filename,
      code: `declare const row: { consumed: string } | undefined; export const a = Number(row?.consumed ?? 0);`,
      errors: [error],
    },
    // Untyped (any) rows from a raw query are text as far as anyone knows.
    { filename, code: `declare const row: any; export const a = Number(row.amountFen);`, errors: [error] },
  ],
});

// Without type information the name alone decides.
ruleTester().run('no-number-on-amount-text (untyped)', rule, {
  valid: [{ filename, code: `export const a = Number(row.left_ms);` }],
  invalid: [{ filename, code: `export const a = Number(row.amount);`, errors: [error] }],
});
