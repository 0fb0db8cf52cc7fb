/**
 * A wallet frozen by an admin (`gateway.wallet.freeze.changed.v1`): the ledger sets the flag on
 * the user's wallet accounts in the inbox transaction, and then refuses every transfer touching
 * them — spending and earning — with balances unchanged, until the unfreeze arrives.
 */
import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import {
  deadLetterTopic,
  DEFAULT_PROGRAMME_ID,
  Headers,
  Topics,
  type HoursVerifiedV1,
  type WalletFreezeChangedV1,
} from '@goodloop/contracts';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import {
  admin,
  asUser,
  balanceOf,
  countRows,
  dataSourceOf,
  KafkaTestClient,
  ledgerTestConfig,
  resident,
  startLedger,
  waitFor,
  type TappedMessage,
} from './support/ledger-test-kit';

const config = ledgerTestConfig('freeze');
const ISSUANCE = 'issuance:community-points';
const SINK = 'sink:redemption';

// Kafka group joins and first deliveries take seconds on a small machine.
jest.setTimeout(120_000);

describe('ledger: frozen wallets', () => {
  let app: INestApplication;
  let ds: DataSource;
  let kafka: KafkaTestClient;
  let deadLetters: TappedMessage[];
  const operator = admin();

  const post = (body: object) => request(app.getHttpServer()).post('/internal/transfers').set(asUser(operator)).send(body);
  const frozenFlags = async (key: string) =>
    (await ds.query(`SELECT asset, frozen FROM accounts WHERE key = $1 ORDER BY asset`, [key])) as {
      asset: string;
      frozen: boolean;
    }[];
  const freeze = (userId: string, frozen: boolean) =>
    kafka.produce(Topics.WalletFreezeChangedV1, userId, {
      userId,
      frozen,
      changedBy: operator.id,
      changedAt: new Date().toISOString(),
    } satisfies WalletFreezeChangedV1);

  beforeAll(async () => {
    app = await startLedger(config);
    ds = dataSourceOf(app);
    kafka = new KafkaTestClient(config.KAFKA_TOPIC_PREFIX);
    deadLetters = (await kafka.tap([deadLetterTopic(Topics.HoursVerifiedV1)])).messages;
  });

  afterAll(async () => {
    await kafka?.close();
    await app?.close();
  });

  it('refuses spending and earning while frozen, with balances unchanged, and allows both after unfreezing', async () => {
    const user = resident();
    const wallet = `user:${user.id}`;
    const earn = () =>
      post({
        transferId: `earn:${uuidv7()}`,
        debitAccount: ISSUANCE,
        creditAccount: wallet,
        asset: 'POINTS',
        amount: 5,
        code: 'earn',
      });
    const spend = () =>
      post({
        transferId: `redeem:${uuidv7()}`,
        debitAccount: wallet,
        creditAccount: SINK,
        asset: 'POINTS',
        amount: 3,
        code: 'redeem',
      });
    await earn().expect(201);
    expect(await balanceOf(ds, wallet)).toBe(5);

    await freeze(user.id, true);
    await waitFor(
      () => frozenFlags(wallet),
      (flags) => flags.length === 2 && flags.every((f) => f.frozen),
      { what: 'the wallet to be frozen in every asset', timeoutMs: 45_000 },
    );
    const entriesBefore = await countRows(ds, `SELECT 1 FROM entries e JOIN accounts a ON a.id = e.account_id WHERE a.key = $1`, [
      wallet,
    ]);

    const refusedSpend = await spend();
    expect(refusedSpend.status).toBe(409);
    expect(refusedSpend.body.code).toBe('ACCOUNT_FROZEN');
    const refusedEarn = await earn();
    expect(refusedEarn.status).toBe(409);
    expect(refusedEarn.body.code).toBe('ACCOUNT_FROZEN');
    expect(await balanceOf(ds, wallet)).toBe(5);
    expect(await countRows(ds, `SELECT 1 FROM entries e JOIN accounts a ON a.id = e.account_id WHERE a.key = $1`, [wallet])).toBe(
      entriesBefore,
    );

    await freeze(user.id, false);
    await waitFor(
      () => frozenFlags(wallet),
      (flags) => flags.length === 2 && flags.every((f) => !f.frozen),
      { what: 'the wallet to be unfrozen', timeoutMs: 45_000 },
    );
    await spend().expect(201);
    await earn().expect(201);
    expect(await balanceOf(ds, wallet)).toBe(7);
  });

  it('does not credit hours verified while the wallet is frozen: the earn is dead-lettered with the reason', async () => {
    const user = resident();
    const wallet = `user:${user.id}`;
    await freeze(user.id, true);
    await waitFor(
      () => frozenFlags(wallet),
      (flags) => flags.length === 2 && flags.every((f) => f.frozen),
      { what: 'the wallet to be frozen', timeoutMs: 45_000 },
    );
    const hours: HoursVerifiedV1 = {
      attendanceId: uuidv7(),
      activityId: uuidv7(),
      orgId: uuidv7(),
      userId: user.id,
      category: 'elderly',
      minutes: 60,
      pointsPerHour: 10,
      programmeId: DEFAULT_PROGRAMME_ID,
      activityTitle: '冻结期间的服务',
      verifiedBy: uuidv7(),
      verifiedAt: new Date().toISOString(),
    };
    await kafka.produce(Topics.HoursVerifiedV1, user.id, hours);
    const [letter] = await waitFor(
      () => deadLetters.filter((m) => m.key === user.id),
      (list) => list.length === 1,
      { what: 'the earn dead-lettered', timeoutMs: 45_000 },
    );
    expect(letter?.headers[Headers.DeadLetterReason]).toMatch(/ACCOUNT_FROZEN|frozen/);
    expect(await balanceOf(ds, wallet)).toBe(0);
    expect(await countRows(ds, `SELECT 1 FROM transfers WHERE id = $1`, [`earn:attendance:${hours.attendanceId}`])).toBe(0);
  });
});
