/**
 * A message the ledger cannot read goes to `<topic>.dlq` with the reason in a header, and the
 * consumer moves on: the next good message on the same partition is still applied.
 */
import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { deadLetterTopic, Headers, Topics, type HoursVerifiedV1 } from '@goodloop/contracts';
import { v7 as uuidv7 } from 'uuid';
import {
  balanceOf,
  dataSourceOf,
  KafkaTestClient,
  ledgerTestConfig,
  resident,
  startLedger,
  waitFor,
  type TappedMessage,
} from './support/ledger-test-kit';

jest.setTimeout(120_000);

const config = ledgerTestConfig('dlq');
const DLQ = deadLetterTopic(Topics.HoursVerifiedV1);

describe('ledger: malformed messages', () => {
  let app: INestApplication;
  const kafka = new KafkaTestClient(config.KAFKA_TOPIC_PREFIX);
  let deadLetters: TappedMessage[];

  beforeAll(async () => {
    app = await startLedger(config);
    deadLetters = (await kafka.tap([DLQ])).messages;
  });

  afterAll(async () => {
    await kafka.close();
    await app?.close();
  });

  it('dead-letters what it cannot parse, names the reason, and keeps consuming', async () => {
    const user = resident();
    const valid: HoursVerifiedV1 = {
      attendanceId: uuidv7(),
      activityId: uuidv7(),
      orgId: uuidv7(),
      userId: user.id,
      category: 'children',
      minutes: 90,
      pointsPerHour: 20,
      programmeId: 'community-points',
      activityTitle: '四点半课堂',
      verifiedBy: uuidv7(),
      verifiedAt: new Date().toISOString(),
    };
    // Same key as the valid message, so all three share a partition and arrive in this order.
    await kafka.produceRaw(Topics.HoursVerifiedV1, user.id, 'this is {not json');
    const badField = kafka.envelope(Topics.HoursVerifiedV1, { ...valid, attendanceId: uuidv7(), userId: 'not-a-uuid' });
    await kafka.produceRaw(Topics.HoursVerifiedV1, user.id, JSON.stringify(badField));
    await kafka.produce(Topics.HoursVerifiedV1, user.id, valid);

    // 90 min × 20 pph = 1800 point-minutes → 30 points.
    await waitFor(
      () => balanceOf(dataSourceOf(app), `user:${user.id}`),
      (b) => b === 30,
      { what: 'the valid credit', timeoutMs: 60_000 },
    );

    const letters = await waitFor(
      () => deadLetters.filter((m) => m.key === user.id),
      (list) => list.length === 2,
      { what: 'two dead letters', timeoutMs: 30_000 },
    );
    const [notJson, invalid] = letters;
    expect(notJson?.value).toBe('this is {not json');
    expect(notJson?.headers[Headers.DeadLetterReason]).toMatch(/not JSON/);
    expect(notJson?.headers[Headers.DeadLetterTopic]).toBe(Topics.HoursVerifiedV1);
    expect(invalid?.headers[Headers.DeadLetterReason]).toMatch(/userId/);
    expect(JSON.parse(invalid!.value!)).toMatchObject({ id: badField.id });
  });

  it('dead-letters at once an earn whose programme id the ledger would refuse, and the earn behind it is paid', async () => {
    const user = resident();
    const earn = (programmeId: string): HoursVerifiedV1 => ({
      attendanceId: uuidv7(),
      activityId: uuidv7(),
      orgId: uuidv7(),
      userId: user.id,
      category: 'children',
      minutes: 60,
      pointsPerHour: 10,
      programmeId,
      activityTitle: '四点半课堂',
      verifiedBy: uuidv7(),
      verifiedAt: new Date().toISOString(),
    });
    // Passed the contract before (a non-empty string of at most 64), yet `issuance:community points`
    // is no account key: the ledger refused it on every try and the partition stalled behind it.
    const bad = kafka.envelope(Topics.HoursVerifiedV1, earn('community points'));
    await kafka.produceRaw(Topics.HoursVerifiedV1, user.id, JSON.stringify(bad));
    await kafka.produce(Topics.HoursVerifiedV1, user.id, earn('community-points'));

    await waitFor(
      () => balanceOf(dataSourceOf(app), `user:${user.id}`),
      (b) => b === 10,
      { what: 'the earn behind the refused one', timeoutMs: 60_000 },
    );
    const [letter] = await waitFor(
      () => deadLetters.filter((m) => m.key === user.id),
      (list) => list.length === 1,
      { what: 'the refused earn dead-lettered', timeoutMs: 30_000 },
    );
    expect(letter?.headers[Headers.DeadLetterReason]).toMatch(/^invalid payload: programmeId/);
    expect(letter?.headers[Headers.DeadLetterAttempts]).toBe('1');
    expect(JSON.parse(letter!.value!)).toMatchObject({ id: bad.id });
  });
});
