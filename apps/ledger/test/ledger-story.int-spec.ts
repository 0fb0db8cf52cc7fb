/**
 * A small story told through the ledger, printed as the tables a reviewer would want to read:
 * every transfer in chain order, every entry with its running balance, and every account's
 * balance and holds. The
 * expected text is committed below (Open Collective's ledger stories do the same with a
 * snapshot), so a change in what money moves where shows up as a readable diff.
 */
import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { ExpiryService } from '../src/expiry/expiry.service';
import { TransfersService } from '../src/transfers/transfers.service';
import { admin, asUser, dataSourceOf, ledgerTestConfig, startLedger } from './support/ledger-test-kit';
import { printLedger } from './support/print-ledger';

jest.setTimeout(120_000);

const config = ledgerTestConfig('story');

/** One step of the story: a request to the ledger's HTTP API, or a job the ledger runs. */
type Step =
  | { say: string; post: string; body: Record<string, unknown> }
  | { say: string; earnExpired: { transferId: string; user: string; amount: number } }
  | { say: string; expire: string };

const STORY: Step[] = [
  {
    say: 'Alice volunteers 95 minutes at 10 points an hour: floor(950 / 60) = 15 points.',
    post: '/internal/transfers',
    body: {
      transferId: 'earn:attendance:story-1',
      debitAccount: 'issuance:community-points',
      creditAccount: 'user:alice',
      asset: 'POINTS',
      amount: 15,
      code: 'earn',
    },
  },
  {
    say: 'Bob earned 40 points a year ago under a 12-month lifetime; they have lapsed since.',
    earnExpired: { transferId: 'earn:attendance:story-2', user: 'user:bob', amount: 40 },
  },
  {
    say: 'Alice reserves a cinema ticket: 10 points are held until the cinema hands it over …',
    post: '/internal/transfers',
    body: {
      transferId: 'redeem:story-ticket',
      debitAccount: 'user:alice',
      creditAccount: 'sink:redemption',
      asset: 'POINTS',
      amount: 10,
      code: 'redeem',
      pending: { timeoutSeconds: 86400 },
    },
  },
  {
    say: '… and it does: the hold is posted.',
    post: '/internal/transfers/redeem:story-ticket/post',
    body: { transferId: 'redeem:story-ticket:handed-over' },
  },
  {
    say: 'Alice holds 3 points for a bakery voucher, then cancels: the hold is voided.',
    post: '/internal/transfers',
    body: {
      transferId: 'redeem:story-bread',
      debitAccount: 'user:alice',
      creditAccount: 'sink:redemption',
      asset: 'POINTS',
      amount: 3,
      code: 'redeem',
      pending: { timeoutSeconds: 86400 },
    },
  },
  { say: '', post: '/internal/transfers/redeem:story-bread/void', body: { transferId: 'redeem:story-bread:cancelled' } },
  {
    say: 'Bob redeems 12 of his points before the expiry job runs.',
    post: '/internal/transfers',
    body: {
      transferId: 'redeem:story-bob',
      debitAccount: 'user:bob',
      creditAccount: 'sink:redemption',
      asset: 'POINTS',
      amount: 12,
      code: 'redeem',
    },
  },
  { say: 'The expiry job writes off the 28 lapsed points Bob has left.', expire: 'user:bob' },
  {
    say: 'An attendance verified by mistake pays Alice 8 points; the organizer reverses it.',
    post: '/internal/transfers',
    body: {
      transferId: 'earn:attendance:story-3',
      debitAccount: 'issuance:community-points',
      creditAccount: 'user:alice',
      asset: 'POINTS',
      amount: 8,
      code: 'earn',
    },
  },
  { say: '', post: '/internal/transfers/earn:attendance:story-3/reverse', body: { transferId: 'reverse:story-3' } },
  {
    say: 'A donor gives ¥1,000.00 to the community fund and ¥500.00 to Li’s donor-advised fund.',
    post: '/internal/transfers',
    body: {
      transferId: 'donate:story-1',
      debitAccount: 'external:payment-provider',
      creditAccount: 'fund:community',
      asset: 'CNY',
      amount: 100000,
      code: 'donate',
    },
  },
  {
    say: '',
    post: '/internal/transfers',
    body: {
      transferId: 'donate:story-2',
      debitAccount: 'external:payment-provider',
      creditAccount: 'fund:daf-li',
      asset: 'CNY',
      amount: 50000,
      code: 'donate',
    },
  },
  {
    say: 'A ¥580.00 grant tranche is paid from both funds at once, or not at all.',
    post: '/internal/transfers/linked',
    body: {
      transfers: [
        {
          transferId: 'grant:story-tranche-1:community',
          debitAccount: 'fund:community',
          creditAccount: 'org:riverside-team',
          asset: 'CNY',
          amount: 40000,
          code: 'grant',
        },
        {
          transferId: 'grant:story-tranche-1:daf-li',
          debitAccount: 'fund:daf-li',
          creditAccount: 'org:riverside-team',
          asset: 'CNY',
          amount: 18000,
          code: 'grant',
        },
      ],
    },
  },
];

const EXPECTED = `
transfers
  #   id                                op       status  code     asset   amount  from                       to
  1   earn:attendance:story-1           transfer posted  earn     POINTS      15  issuance:community-points  user:alice
  2   earn:attendance:story-2           transfer posted  earn     POINTS      40  issuance:community-points  user:bob
  3   redeem:story-ticket               pending  posted  redeem   POINTS      10  user:alice                 sink:redemption
  4   redeem:story-ticket:handed-over   post     posted  redeem   POINTS      10  user:alice                 sink:redemption
  5   redeem:story-bread                pending  voided  redeem   POINTS       3  user:alice                 sink:redemption
  6   redeem:story-bread:cancelled      void     voided  redeem   POINTS       3  user:alice                 sink:redemption
  7   redeem:story-bob                  transfer posted  redeem   POINTS      12  user:bob                   sink:redemption
  8   expire:bob:community-points:12    transfer posted  expire   POINTS      28  user:bob                   sink:expiry:community-points
  9   earn:attendance:story-3           transfer posted  earn     POINTS       8  issuance:community-points  user:alice
  10  reverse:story-3                   reverse  posted  reversal POINTS       8  user:alice                 issuance:community-points
  11  donate:story-1                    transfer posted  donate   CNY     100000  external:payment-provider  fund:community
  12  donate:story-2                    transfer posted  donate   CNY      50000  external:payment-provider  fund:daf-li
  13  grant:story-tranche-1:community   transfer posted  grant    CNY      40000  fund:community             org:riverside-team
  14  grant:story-tranche-1:daf-li      transfer posted  grant    CNY      18000  fund:daf-li                org:riverside-team

entries
  #   transfer                          account                         amount  balance after
  1   earn:attendance:story-1           issuance:community-points          -15            -15
  2   earn:attendance:story-1           user:alice                          15             15
  3   earn:attendance:story-2           issuance:community-points          -40            -55
  4   earn:attendance:story-2           user:bob                            40             40
  5   redeem:story-ticket:handed-over   user:alice                         -10              5
  6   redeem:story-ticket:handed-over   sink:redemption                     10             10
  7   redeem:story-bob                  user:bob                           -12             28
  8   redeem:story-bob                  sink:redemption                     12             22
  9   expire:bob:community-points:12    user:bob                           -28              0
  10  expire:bob:community-points:12    sink:expiry:community-points        28             28
  11  earn:attendance:story-3           issuance:community-points           -8            -63
  12  earn:attendance:story-3           user:alice                           8             13
  13  reverse:story-3                   user:alice                          -8              5
  14  reverse:story-3                   issuance:community-points            8            -55
  15  donate:story-1                    external:payment-provider      -100000        -100000
  16  donate:story-1                    fund:community                  100000         100000
  17  donate:story-2                    external:payment-provider       -50000        -150000
  18  donate:story-2                    fund:daf-li                      50000          50000
  19  grant:story-tranche-1:community   fund:community                  -40000          60000
  20  grant:story-tranche-1:community   org:riverside-team               40000          40000
  21  grant:story-tranche-1:daf-li      fund:daf-li                     -18000          32000
  22  grant:story-tranche-1:daf-li      org:riverside-team               18000          58000

balances
  account                       asset   kind             balance  held
  external:payment-provider     CNY     external         -150000     0
  fund:community                CNY     fund               60000     0
  fund:daf-li                   CNY     fund               32000     0
  org:riverside-team            CNY     organisation       58000     0
  issuance:community-points     POINTS  issuance             -55     0
  sink:expiry:community-points  POINTS  expiry_sink           28     0
  sink:redemption               POINTS  redemption_sink       22     0
  user:alice                    POINTS  user_wallet            5     0
  user:bob                      POINTS  user_wallet            0     0

trial balance
  CNY     accounts 4  debits 208000  credits 208000  sum 0  balanced
  POINTS  accounts 5  debits 121  credits 121  sum 0  balanced
`;

describe('ledger story: earn, redeem (held, posted, voided), expire, reverse, donate, grant', () => {
  let app: INestApplication;

  beforeAll(async () => {
    app = await startLedger(config);
  });

  afterAll(async () => {
    await app?.close();
  });

  it('moves exactly this money, and the books balance', async () => {
    const operator = admin();
    for (const step of STORY) {
      if ('post' in step) {
        await request(app.getHttpServer()).post(step.post).set(asUser(operator)).send(step.body).expect(201);
      } else if ('earnExpired' in step) {
        const { transferId, user, amount } = step.earnExpired;
        await app.get(TransfersService).transfer({
          transferId,
          debitAccount: 'issuance:community-points',
          creditAccount: user,
          asset: 'POINTS',
          amount,
          code: 'earn',
          expiresAt: new Date(Date.now() - 24 * 3600 * 1000).toISOString(),
        });
      } else {
        await app.get(ExpiryService).expireWallet(step.expire, new Date());
      }
    }
    const trial = await request(app.getHttpServer()).get('/internal/trial-balance').set(asUser(operator)).expect(200);
    const printed = await printLedger(
      dataSourceOf(app),
      [...(trial.body.assets as [])].sort((a: { asset: string }, b: { asset: string }) => a.asset.localeCompare(b.asset)),
    );
    console.log(printed); // the story is meant to be read
    expect(printed).toBe(EXPECTED);
    const chain = await request(app.getHttpServer()).get('/internal/chain/verify').set(asUser(operator)).expect(200);
    expect(chain.body).toMatchObject({ valid: true, length: 14 });
  });
});
