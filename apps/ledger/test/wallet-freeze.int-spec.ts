/**
 * A wallet frozen by an admin (`gateway.wallet.freeze.changed.v1`): the ledger sets the flag on
 * the user's wallet accounts in the inbox transaction, and then refuses every transfer touching
 * them — spending and earning — with balances unchanged, until the unfreeze arrives.
 */
import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { Topics, type WalletFreezeChangedV1 } from '@goodloop/contracts';
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
});
