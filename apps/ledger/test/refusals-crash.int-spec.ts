/**
 * The crash the refusal record is for: the ledger *process* refuses a Kafka request (the
 * refusal and its `ledger.transfer.rejected.v1` outbox row commit together) and is SIGKILLed
 * before the consumer group's offset is committed (auto-commit runs every second; the kill
 * comes as soon as the refusal row is visible, and if the commit made it anyway the group's
 * offset is put back, which is the state such a crash leaves). While it is down the wallet is
 * topped up through the posting engine. Restarted, the ledger reads the request again: it stays
 * refused — no transfer, balance unchanged, no posted event, exactly one rejected event and one
 * refusal row.
 */
import 'reflect-metadata';
import { Topics, topicVersion, type TransferRequestV1 } from '@goodloop/contracts';
import { asUser, testKafkaConfig, waitFor } from '@goodloop/common/testing';
import type { ChildProcess } from 'node:child_process';
import { Kafka, logLevel, Partitioners, type Admin, type Producer } from 'kafkajs';
import { DataSource } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { engineAccounts, toEngineCommand, type LedgerCommand } from '../src/domain';
import { engineMessages } from '../src/transfers/ledger-engine';
import { admin, KafkaTestClient, ledgerTestConfig, payloadsOn, resident, freePort, spawnLedger } from './support/ledger-test-kit';

jest.setTimeout(300_000);

const config = ledgerTestConfig('refusals_crash');
const TOPIC = config.KAFKA_TOPIC_PREFIX + Topics.TransferRequestV1;
const GROUP = `${config.KAFKA_TOPIC_PREFIX}ledger`;

describe('ledger: a refusal survives a crash between its commit and the offset commit', () => {
  let port: number;
  let child: ChildProcess | undefined;
  let ds: DataSource | undefined;
  let producer: Producer;
  let kafkaAdmin: Admin;
  let tapClient: KafkaTestClient;
  const logs: string[] = [];

  const start = (): ChildProcess => spawnLedger(config, port, logs);

  async function healthy(): Promise<void> {
    await waitFor(
      async () => {
        const response = await fetch(`http://127.0.0.1:${port}/internal/health`).catch(() => undefined);
        const body = (await response?.json()) as { checks?: { kafkaConsumer?: { state?: string } } } | undefined;
        return body?.checks?.kafkaConsumer?.state;
      },
      (state) => state === 'running',
      {
        what: `the ledger process on ${port} to consume (logs: ${logs.slice(-5).join(' | ')})`,
        timeoutMs: 120_000,
        intervalMs: 250,
      },
    );
  }

  async function kill(proc: ChildProcess): Promise<void> {
    const exited = new Promise((resolve) => proc.once('exit', resolve));
    proc.kill('SIGKILL');
    await exited;
  }

  async function produce(payload: TransferRequestV1): Promise<void> {
    await producer.send({
      topic: TOPIC,
      acks: -1,
      messages: [
        {
          key: payload.debitAccount,
          value: JSON.stringify({
            id: uuidv7(),
            type: Topics.TransferRequestV1,
            version: topicVersion(Topics.TransferRequestV1),
            occurredAt: new Date().toISOString(),
            producer: 'refusals-crash-test',
            correlationId: uuidv7(),
            payload,
          }),
        },
      ],
    });
  }

  const balance = async (key: string) => {
    const [row] = (await ds!.query(`SELECT (credits_posted - debits_posted)::int AS b FROM accounts WHERE key = $1`, [key])) as {
      b: number;
    }[];
    return row?.b ?? 0;
  };
  const refusalRows = (id: string) =>
    ds!.query(`SELECT reason_code AS "reasonCode" FROM transfer_refusals WHERE transfer_id = $1`, [id]) as Promise<
      { reasonCode: string }[]
    >;

  beforeAll(async () => {
    port = await freePort();
    const kafka = new Kafka({
      clientId: 'refusals-crash-test',
      ...testKafkaConfig(),
      logLevel: logLevel.NOTHING,
    });
    producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    kafkaAdmin = kafka.admin();
    await kafkaAdmin.connect();
    tapClient = new KafkaTestClient(config.KAFKA_TOPIC_PREFIX);
  });

  afterAll(async () => {
    if (child && child.exitCode === null) await kill(child);
    await producer?.disconnect();
    await kafkaAdmin?.disconnect();
    await tapClient?.close();
    await ds?.destroy();
  });

  it('stays refused after the restart: no transfer, balance unchanged, one rejected event, one refusal row', async () => {
    child = start();
    await healthy();
    ds = new DataSource({ type: 'postgres', url: config.DATABASE_URL });
    await ds.initialize();
    const tap = await tapClient.tap([Topics.TransferRejectedV1, Topics.TransferPostedV1]);

    const wallet = `user:${resident().id}`;
    const fund = await fetch(`http://127.0.0.1:${port}/internal/transfers`, {
      method: 'POST',
      headers: { ...asUser(admin()), 'content-type': 'application/json' },
      body: JSON.stringify({
        transferId: `fund:${uuidv7()}`,
        debitAccount: 'issuance:crash',
        creditAccount: wallet,
        asset: 'POINTS',
        amount: 3,
        code: 'adjust',
      }),
    });
    expect(fund.status).toBe(201);

    const id = `redeem:${uuidv7()}`;
    await produce({
      transferId: id,
      debitAccount: wallet,
      creditAccount: 'sink:redemption',
      asset: 'POINTS',
      amount: 10,
      code: 'redeem',
    });
    // Killed the moment the refusal is committed.
    await waitFor(
      () => refusalRows(id),
      (rows) => rows.length === 1,
      { what: `the refusal of ${id}`, timeoutMs: 60_000, intervalMs: 5 },
    );
    await kill(child);

    // If the offset commit made it before the kill, put the offset back: the state a crash one
    // moment earlier leaves. The group must be empty first (its member's session expires).
    await waitFor(
      async () => (await kafkaAdmin.describeGroups([GROUP])).groups[0]?.state,
      (state) => state === 'Empty' || state === 'Dead',
      { what: 'the ledger group to be empty', timeoutMs: 60_000, intervalMs: 500 },
    );
    const [committed] = await kafkaAdmin.fetchOffsets({ groupId: GROUP, topics: [TOPIC] });
    const ends = await kafkaAdmin.fetchTopicOffsets(TOPIC);
    const caughtUp = (committed?.partitions ?? []).filter((p) => {
      const end = ends.find((e) => e.partition === p.partition);
      return end && Number(end.offset) > 0 && p.offset === end.offset;
    });
    console.log(
      `killed after the refusal commit; offset commit ${caughtUp.length > 0 ? 'had landed: put back' : 'had not landed'}`,
    );
    if (caughtUp.length > 0) await kafkaAdmin.resetOffsets({ groupId: GROUP, topic: TOPIC, earliest: true });

    // While it is down, the reason goes away: the wallet is topped up through the posting engine.
    const topUp: LedgerCommand = {
      op: 'transfer',
      transferId: `fund:${uuidv7()}`,
      debitAccount: 'issuance:crash',
      creditAccount: wallet,
      asset: 'POINTS',
      amount: 100,
      code: 'adjust',
    };
    await ds.query('SELECT ledger_apply($1::jsonb, $2::jsonb, $3::jsonb)', [
      JSON.stringify(engineAccounts([topUp])),
      JSON.stringify([toEngineCommand(topUp, { causedBy: 'job:test-top-up', correlationId: uuidv7() }, uuidv7())]),
      engineMessages('ledger'),
    ]);
    expect(await balance(wallet)).toBe(103);

    // Restarted, it reads the request again; a marker behind it on the wallet's partition says when.
    child = start();
    await healthy();
    const marker = `marker:${uuidv7()}`;
    await produce({
      transferId: marker,
      debitAccount: wallet,
      creditAccount: 'sink:redemption',
      asset: 'POINTS',
      amount: 1_000_000,
      code: 'redeem',
    });
    await waitFor(
      () => refusalRows(marker),
      (rows) => rows.length === 1,
      { what: `the marker ${marker} to be refused`, timeoutMs: 120_000 },
    );
    await waitFor(
      () => payloadsOn<{ transferId: string }>(tap.messages, Topics.TransferRejectedV1).filter((p) => p.transferId === marker),
      (found) => found.length === 1,
      { what: 'the marker rejection to be published', timeoutMs: 60_000 },
    );
    await tap.caughtUp();

    expect(await balance(wallet)).toBe(103);
    expect(await ds.query(`SELECT id FROM transfers WHERE id = $1`, [id])).toEqual([]);
    expect(await refusalRows(id)).toEqual([{ reasonCode: 'INSUFFICIENT_FUNDS' }]);
    // One rejected event: one envelope id (the outbox relay may publish a message twice if it
    // was killed between sending and marking it sent; consumers drop the copy by its id).
    const rejected = tap.messages
      .filter((m) => m.topic === Topics.TransferRejectedV1 && m.value)
      .map((m) => JSON.parse(m.value!) as { id: string; payload: { transferId: string; reasonCode: string } })
      .filter((e) => e.payload.transferId === id);
    expect(new Set(rejected.map((e) => e.id)).size).toBe(1);
    expect(rejected[0]!.payload.reasonCode).toBe('INSUFFICIENT_FUNDS');
    expect(payloadsOn<{ transferId: string }>(tap.messages, Topics.TransferPostedV1).filter((p) => p.transferId === id)).toEqual(
      [],
    );
  });
});
