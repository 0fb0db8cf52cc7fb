/**
 * A thousand transfer requests from one account, each with a long description in Chinese, go
 * through the ledger in a few large batches: one outbox row holds hundreds of posted events, more
 * than the broker takes in one record batch for one partition. The relay sends
 * them in chunks, and every one of them arrives, in order, once. (Sent in one piece, the broker
 * refuses them: "a message larger than the max message size the server will accept".)
 */
import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { Topics, topicVersion, type TransferPostedV1, type TransferRequestV1 } from '@goodloop/contracts';
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import { v7 as uuidv7 } from 'uuid';
import { testKafkaConfig } from '@goodloop/common/testing';
import {
  countRows,
  dataSourceOf,
  KafkaTestClient,
  ledgerTestConfig,
  payloadsOn,
  startLedger,
  waitFor,
  type TappedMessage,
} from './support/ledger-test-kit';

jest.setTimeout(180_000);

const config = ledgerTestConfig('large_batches');
const COUNT = 1_000;

describe('ledger: a batch whose events outgrow one Kafka record batch', () => {
  let app: INestApplication;
  let kafka: KafkaTestClient;
  let emitted: TappedMessage[];

  beforeAll(async () => {
    app = await startLedger(config);
    kafka = new KafkaTestClient(config.KAFKA_TOPIC_PREFIX);
    emitted = (await kafka.tap([Topics.TransferPostedV1])).messages;
  });

  afterAll(async () => {
    await kafka?.close();
    await app?.close();
  });

  it('publishes every posted event of the batch, in order, once', async () => {
    const description = '为社区长者提供陪伴、读报与健康咨询服务，'.repeat(20).slice(0, 480);
    const requests: TransferRequestV1[] = Array.from({ length: COUNT }, (_, i) => ({
      transferId: `large:${uuidv7()}:${i}`,
      debitAccount: 'issuance:large',
      creditAccount: `user:00000000-0000-7000-8000-${String(i % 50).padStart(12, '0')}`,
      asset: 'POINTS',
      amount: 1,
      code: 'earn',
      references: { description },
    }));
    // All at once, before the consumer's next fetch, so they arrive as one batch.
    const producer = new Kafka({
      clientId: 'large-batches-test',
      ...testKafkaConfig(),
      logLevel: logLevel.NOTHING,
    }).producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    // Produced while no ledger runs, so that its first fetch brings as many as fit (1 MB per
    // partition, all of them on one key); in sends of 200, as the broker takes about 1 MB per
    // partition per request.
    await app.close();
    for (let at = 0; at < COUNT; at += 200) {
      await producer.send({
        topic: config.KAFKA_TOPIC_PREFIX + Topics.TransferRequestV1,
        acks: -1,
        messages: requests.slice(at, at + 200).map((payload) => ({
          key: payload.debitAccount,
          value: JSON.stringify({
            id: uuidv7(),
            type: Topics.TransferRequestV1,
            version: topicVersion(Topics.TransferRequestV1),
            occurredAt: new Date().toISOString(),
            producer: 'large-batches-test',
            correlationId: uuidv7(),
            payload,
          }),
        })),
      });
    }
    await producer.disconnect();
    app = await startLedger(config);

    const ds = dataSourceOf(app);
    await waitFor(
      () => countRows(ds, `SELECT 1 FROM transfers WHERE id LIKE 'large:%'`),
      (n) => n === COUNT,
      {
        what: `${COUNT} transfers`,
        timeoutMs: 60_000,
      },
    );
    // At least one outbox row carried hundreds of events, more than one send may carry.
    const [biggest] = (await ds.query(
      `SELECT max(jsonb_array_length(envelope))::int AS n, max(octet_length(envelope::text))::int AS bytes
         FROM outbox WHERE key = '' AND topic = $1`,
      [Topics.TransferPostedV1],
    )) as { n: number; bytes: number }[];
    expect(biggest!.n).toBeGreaterThan(100);
    expect(biggest!.bytes).toBeGreaterThan(512 * 1024);

    const posted = await waitFor(
      () => payloadsOn<TransferPostedV1>(emitted, Topics.TransferPostedV1).filter((p) => p.transferId.startsWith('large:')),
      (list) => list.length >= COUNT,
      { what: `${COUNT} posted events`, timeoutMs: 60_000 },
    );
    expect(posted).toHaveLength(COUNT);
    expect(new Set(posted.map((p) => p.transferId)).size).toBe(COUNT);
    // One key, one partition: the events come in the order the transfers were applied.
    const order = (await ds.query(
      `SELECT t.id FROM chain_links l JOIN transfers t ON t.id = l.transfer_id WHERE t.id LIKE 'large:%' ORDER BY l.seq`,
    )) as { id: string }[];
    expect(posted.map((p) => p.transferId)).toEqual(order.map((r) => r.id));
    expect(posted[0]!.references?.description).toBe(description);
  });
});
