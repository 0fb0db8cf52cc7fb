/**
 * The envelopes the posting engine writes in SQL are the envelopes TypeScript writes: the same
 * fields, type, version and producer from libs/contracts' `envelopeTemplate`, valid by the
 * consumers' own rules. One of each path: the bulk path (one batch outbox row), the
 * command-by-command path (a hold and its void), and a refusal of a Kafka command.
 */
import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { createEnvelope, EnvelopeDto, envelopeTemplate, Topics, type Envelope, type TopicName } from '@goodloop/contracts';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import {
  admin,
  asUser,
  dataSourceOf,
  KafkaTestClient,
  ledgerTestConfig,
  resident,
  startLedger,
  waitFor,
} from './support/ledger-test-kit';

const config = ledgerTestConfig('engine_envelope');

jest.setTimeout(120_000);

describe('ledger: envelopes written by the posting engine', () => {
  let app: INestApplication;
  let ds: DataSource;
  let kafka: KafkaTestClient;
  const operator = admin();
  const post = (path: string, body: object) => request(app.getHttpServer()).post(path).set(asUser(operator)).send(body);

  beforeAll(async () => {
    app = await startLedger(config);
    ds = dataSourceOf(app);
    kafka = new KafkaTestClient(config.KAFKA_TOPIC_PREFIX);
  });

  afterAll(async () => {
    await kafka?.close();
    await app?.close();
  });

  /** Every message in the outbox, batch rows expanded, in the order the relay publishes them. */
  async function outboxEnvelopes(): Promise<{ topic: string; envelope: Envelope }[]> {
    const rows = (await ds.query('SELECT topic, key, envelope FROM outbox ORDER BY id')) as {
      topic: string;
      key: string;
      envelope: Envelope | { key: string; envelope: Envelope }[];
    }[];
    return rows.flatMap((row) =>
      Array.isArray(row.envelope)
        ? row.envelope.map((m) => ({ topic: row.topic, envelope: m.envelope }))
        : [{ topic: row.topic, envelope: row.envelope }],
    );
  }

  it('writes posted, reserved, voided and rejected envelopes field for field as createEnvelope does', async () => {
    const user = resident();
    const wallet = `user:${user.id}`;
    await post('/internal/transfers', {
      transferId: `fund:${uuidv7()}`,
      debitAccount: 'issuance:envelopes',
      creditAccount: wallet,
      asset: 'POINTS',
      amount: 10,
      code: 'adjust',
    }).expect(201);
    const holdId = `hold:${uuidv7()}`;
    await post('/internal/transfers', {
      transferId: holdId,
      debitAccount: wallet,
      creditAccount: 'sink:redemption:envelopes',
      asset: 'POINTS',
      amount: 4,
      code: 'redeem',
      pending: { timeoutSeconds: 600 },
    }).expect(201);
    await post(`/internal/transfers/${encodeURIComponent(holdId)}/void`, { transferId: `void:${uuidv7()}` }).expect(201);
    const refused = `too-much:${uuidv7()}`;
    await kafka.produce(Topics.TransferRequestV1, wallet, {
      transferId: refused,
      debitAccount: wallet,
      creditAccount: 'sink:redemption:envelopes',
      asset: 'POINTS',
      amount: 1_000,
      code: 'redeem',
    });

    const written = await waitFor(outboxEnvelopes, (list) => list.some((m) => m.topic === Topics.TransferRejectedV1), {
      what: 'the refusal in the outbox',
      timeoutMs: 60_000,
    });
    const topics: TopicName[] = [
      Topics.TransferPostedV1,
      Topics.TransferReservedV1,
      Topics.TransferVoidedV1,
      Topics.TransferRejectedV1,
    ];
    // The migrations' own announcements (the default earn rule's versions) are not the engine's.
    const fromEngine = written.filter((m) => m.topic !== Topics.EarnRuleCreatedV1);
    expect(new Set(fromEngine.map((m) => m.topic))).toEqual(new Set(topics));

    for (const { topic, envelope } of written) {
      expect(envelope).toMatchObject(envelopeTemplate(topic as TopicName, 'ledger'));
      const reference = createEnvelope(topic as TopicName, envelope.payload as never, {
        id: envelope.id,
        producer: 'ledger',
        correlationId: envelope.correlationId,
        ...(envelope.causationId ? { causationId: envelope.causationId } : {}),
      });
      expect(Object.keys(envelope).sort()).toEqual(Object.keys(reference).sort());
      expect(validateSync(plainToInstance(EnvelopeDto, envelope), { forbidUnknownValues: false })).toEqual([]);
    }
    const rejection = written.find((m) => m.topic === Topics.TransferRejectedV1)!.envelope;
    expect(rejection.payload).toMatchObject({ transferId: refused, reasonCode: 'INSUFFICIENT_FUNDS' });
  });
});
