/**
 * A small story told through the ledger, printed as the tables a reviewer would want to read:
 * every transfer, every entry with its running balance, and every account's balance. The
 * expected text is committed below (Open Collective's ledger stories do the same with a
 * snapshot), so a change in what money moves where shows up as a readable diff.
 */
import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { admin, asUser, dataSourceOf, ledgerTestConfig, startLedger } from './support/ledger-test-kit';

jest.setTimeout(120_000);

const config = ledgerTestConfig('story');

const STORY = [
  // Alice volunteers 95 minutes at 10 points an hour: floor(950 / 60) = 15 points.
  {
    transferId: 'earn:attendance:story-1',
    debitAccount: 'issuance:community-points',
    creditAccount: 'user:alice',
    asset: 'POINTS',
    amount: 15,
    code: 'earn',
  },
  // Bob volunteers four hours at 10 points an hour: 40 points.
  {
    transferId: 'earn:attendance:story-2',
    debitAccount: 'issuance:community-points',
    creditAccount: 'user:bob',
    asset: 'POINTS',
    amount: 40,
    code: 'earn',
  },
  // Alice redeems a cinema ticket for 10 points.
  {
    transferId: 'redeem:story-ticket',
    debitAccount: 'user:alice',
    creditAccount: 'sink:redemption',
    asset: 'POINTS',
    amount: 10,
    code: 'redeem',
  },
  // 5 of Bob's points expire.
  {
    transferId: 'expire:story-bob',
    debitAccount: 'user:bob',
    creditAccount: 'sink:expiry:community-points',
    asset: 'POINTS',
    amount: 5,
    code: 'expire',
  },
  // A donor gives ¥1,000.00 to the community fund through the payment provider.
  {
    transferId: 'donate:story-1',
    debitAccount: 'external:payment-provider',
    creditAccount: 'fund:community',
    asset: 'CNY',
    amount: 100000,
    code: 'donate',
  },
  // The fund pays a ¥580.00 tranche of a micro-grant to a volunteer team.
  {
    transferId: 'grant:story-tranche-1',
    debitAccount: 'fund:community',
    creditAccount: 'org:riverside-team',
    asset: 'CNY',
    amount: 58000,
    code: 'grant',
  },
] as const;

const EXPECTED = `
transfers
  id                      code    asset   amount  from                       to
  earn:attendance:story-1 earn    POINTS      15  issuance:community-points  user:alice
  earn:attendance:story-2 earn    POINTS      40  issuance:community-points  user:bob
  redeem:story-ticket     redeem  POINTS      10  user:alice                 sink:redemption
  expire:story-bob        expire  POINTS       5  user:bob                   sink:expiry:community-points
  donate:story-1          donate  CNY     100000  external:payment-provider  fund:community
  grant:story-tranche-1   grant   CNY      58000  fund:community             org:riverside-team

entries
  #   transfer                account                       amount  balance after
  1   earn:attendance:story-1 issuance:community-points        -15            -15
  2   earn:attendance:story-1 user:alice                        15             15
  3   earn:attendance:story-2 issuance:community-points        -40            -55
  4   earn:attendance:story-2 user:bob                          40             40
  5   redeem:story-ticket     user:alice                       -10              5
  6   redeem:story-ticket     sink:redemption                   10             10
  7   expire:story-bob        user:bob                          -5             35
  8   expire:story-bob        sink:expiry:community-points       5              5
  9   donate:story-1          external:payment-provider    -100000        -100000
  10  donate:story-1          fund:community                100000         100000
  11  grant:story-tranche-1   fund:community                -58000          42000
  12  grant:story-tranche-1   org:riverside-team             58000          58000

balances
  account                       asset   kind             balance
  external:payment-provider     CNY     external         -100000
  fund:community                CNY     fund               42000
  org:riverside-team            CNY     organisation       58000
  issuance:community-points     POINTS  issuance             -55
  sink:expiry:community-points  POINTS  expiry_sink            5
  sink:redemption               POINTS  redemption_sink       10
  user:alice                    POINTS  user_wallet            5
  user:bob                      POINTS  user_wallet           35

trial balance
  CNY     accounts 3  debits 158000  credits 158000  sum 0  balanced
  POINTS  accounts 5  debits 70  credits 70  sum 0  balanced
`;

async function printLedger(
  ds: DataSource,
  trial: { asset: string; accounts: number; debits: number; credits: number; sum: number; balanced: boolean }[],
): Promise<string> {
  const transfers = (await ds.query(
    `SELECT t.id, t.code, t.asset, t.amount::text AS amount, d.key AS debit, c.key AS credit
       FROM transfers t JOIN accounts d ON d.id = t.debit_account_id JOIN accounts c ON c.id = t.credit_account_id
      ORDER BY t.created_at, (SELECT MIN(id) FROM entries e WHERE e.transfer_id = t.id)`,
  )) as Record<string, string>[];
  const entries = (await ds.query(
    `SELECT e.transfer_id, a.key, e.amount::text AS amount, e.balance_after::text AS balance_after
       FROM entries e JOIN accounts a ON a.id = e.account_id ORDER BY e.id`,
  )) as Record<string, string>[];
  const accounts = (await ds.query(
    `SELECT key, asset, kind, (credits_posted - debits_posted)::text AS balance FROM accounts ORDER BY asset, key`,
  )) as Record<string, string>[];
  const lines = [
    '',
    'transfers',
    `  ${'id'.padEnd(24)}${'code'.padEnd(8)}${'asset'.padEnd(8)}${'amount'.padStart(6)}  ${'from'.padEnd(27)}to`,
    ...transfers.map(
      (t) =>
        `  ${t.id!.padEnd(24)}${t.code!.padEnd(8)}${t.asset!.padEnd(8)}${t.amount!.padStart(6)}  ${t.debit!.padEnd(27)}${t.credit}`,
    ),
    '',
    'entries',
    `  ${'#'.padEnd(4)}${'transfer'.padEnd(24)}${'account'.padEnd(28)}${'amount'.padStart(8)}  ${'balance after'.padStart(13)}`,
    ...entries.map(
      (e, i) =>
        `  ${String(i + 1).padEnd(4)}${e.transfer_id!.padEnd(24)}${e.key!.padEnd(28)}${e.amount!.padStart(8)}  ${e.balance_after!.padStart(13)}`,
    ),
    '',
    'balances',
    `  ${'account'.padEnd(30)}${'asset'.padEnd(8)}${'kind'.padEnd(16)}${'balance'.padStart(8)}`,
    ...accounts.map((a) => `  ${a.key!.padEnd(30)}${a.asset!.padEnd(8)}${a.kind!.padEnd(16)}${a.balance!.padStart(8)}`),
    '',
    'trial balance',
    ...trial.map(
      (t) =>
        `  ${t.asset.padEnd(8)}accounts ${t.accounts}  debits ${t.debits}  credits ${t.credits}  sum ${t.sum}  ${t.balanced ? 'balanced' : 'NOT BALANCED'}`,
    ),
    '',
  ];
  return lines.map((line) => line.trimEnd()).join('\n');
}

describe('ledger story: earn, redeem, expire, donate, grant', () => {
  let app: INestApplication;

  beforeAll(async () => {
    app = await startLedger(config);
  });

  afterAll(async () => {
    await app?.close();
  });

  it('moves exactly this money, and the books balance', async () => {
    const operator = admin();
    for (const transfer of STORY) {
      await request(app.getHttpServer()).post('/internal/transfers').set(asUser(operator)).send(transfer).expect(201);
    }
    const trial = await request(app.getHttpServer()).get('/internal/trial-balance').set(asUser(operator)).expect(200);
    const printed = await printLedger(
      dataSourceOf(app),
      [...(trial.body.assets as [])].sort((a: { asset: string }, b: { asset: string }) => a.asset.localeCompare(b.asset)),
    );
    console.log(printed); // the story is meant to be read
    expect(printed).toBe(EXPECTED);
  });
});
