/**
 * The ledger is down while residents' hours are verified: the messages wait in Kafka, and a
 * new instance on the same database and topics credits every one of them exactly once — also
 * the redelivered and repeated ones.
 */
import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { Topics, type HoursVerifiedV1 } from '@goodloop/contracts';
import { v7 as uuidv7 } from 'uuid';
import {
  balanceOf,
  countRows,
  dataSourceOf,
  KafkaTestClient,
  ledgerTestConfig,
  resident,
  startLedger,
  waitFor,
} from './support/ledger-test-kit';

// Two app starts, each joining the consumer group.
jest.setTimeout(180_000);

const config = ledgerTestConfig('restart');

function verified(userId: string, minutes: number): HoursVerifiedV1 {
  return {
    attendanceId: uuidv7(),
    activityId: uuidv7(),
    orgId: uuidv7(),
    userId,
    category: 'community',
    minutes,
    pointsPerHour: 60, // one point a minute keeps the arithmetic obvious
    programmeId: 'community-points',
    activityTitle: '垃圾分类宣传',
    verifiedBy: uuidv7(),
    verifiedAt: new Date().toISOString(),
  };
}

describe('ledger: restart while messages arrive', () => {
  let app: INestApplication | undefined;
  const kafka = new KafkaTestClient(config.KAFKA_TOPIC_PREFIX);

  afterAll(async () => {
    await kafka.close();
    await app?.close();
  });

  it('credits what arrived while it was down, once each', async () => {
    const alice = resident();
    const bob = resident();

    app = await startLedger(config);
    const warmUp = verified(alice.id, 10);
    const warmUpEnvelope = await kafka.produce(Topics.HoursVerifiedV1, alice.id, warmUp);
    await waitFor(
      () => balanceOf(dataSourceOf(app!), `user:${alice.id}`),
      (b) => b === 10,
      { what: 'the first credit', timeoutMs: 60_000 },
    );
    await app.close();
    app = undefined;

    // While the ledger is down: new verifications for two residents, a redelivery of a message
    // already applied, and a second message about an attendance that is also in this batch.
    const whileDown = [verified(alice.id, 1), verified(bob.id, 2), verified(alice.id, 4), verified(bob.id, 8)];
    for (const message of whileDown) await kafka.produce(Topics.HoursVerifiedV1, message.userId, message);
    await kafka.produce(Topics.HoursVerifiedV1, alice.id, warmUp, warmUpEnvelope.id);
    await kafka.produce(Topics.HoursVerifiedV1, bob.id, whileDown[1]!);

    app = await startLedger(config);
    const ds = dataSourceOf(app);
    await waitFor(
      async () => [await balanceOf(ds, `user:${alice.id}`), await balanceOf(ds, `user:${bob.id}`)],
      ([a, b]) => a === 10 + 1 + 4 && b === 2 + 8,
      { what: 'the credits made while down', timeoutMs: 60_000 },
    );
    // Markers behind everything else on both residents' partitions: once they are in, nothing
    // produced earlier can still be on its way.
    const markers = [verified(alice.id, 100), verified(bob.id, 100)];
    for (const marker of markers) await kafka.produce(Topics.HoursVerifiedV1, marker.userId, marker);
    await waitFor(
      () =>
        countRows(ds, `SELECT 1 FROM transfers WHERE id = ANY($1::text[])`, [
          markers.map((m) => `earn:attendance:${m.attendanceId}`),
        ]),
      (n) => n === 2,
      { what: 'the markers', timeoutMs: 60_000 },
    );

    expect(await balanceOf(ds, `user:${alice.id}`)).toBe(10 + 1 + 4 + 100);
    expect(await balanceOf(ds, `user:${bob.id}`)).toBe(2 + 8 + 100);
    for (const message of [warmUp, ...whileDown]) {
      expect(
        await countRows(ds, `SELECT 1 FROM entries WHERE transfer_id = $1`, [`earn:attendance:${message.attendanceId}`]),
      ).toBe(2);
    }
  });
});
