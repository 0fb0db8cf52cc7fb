/**
 * The default programme's caps (1796630100000-DefaultEarnRuleCaps): a 24-hour "attendance" at
 * the top rate of 1,000 points an hour would have paid 24,000 points; under the capped version
 * it pays the day's 8,000, and the month stops at 80,000 whatever is verified after that.
 */
import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { DEFAULT_PROGRAMME_ID, Topics, type HoursVerifiedV1 } from '@goodloop/contracts';
import type { DataSource } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { DEFAULT_DAILY_CAP, DEFAULT_MONTHLY_CAP } from '../src/database/migrations/1796630100000-DefaultEarnRuleCaps';
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

const config = ledgerTestConfig('default_caps');

jest.setTimeout(120_000);

function dayOfAttendance(userId: string, verifiedAt: string): HoursVerifiedV1 {
  return {
    attendanceId: uuidv7(),
    activityId: uuidv7(),
    orgId: uuidv7(),
    userId,
    category: 'community',
    minutes: 24 * 60,
    pointsPerHour: 1000,
    programmeId: DEFAULT_PROGRAMME_ID,
    activityTitle: '全天“补录”',
    verifiedBy: uuidv7(),
    verifiedAt,
  };
}

describe('ledger: the default earn rule is capped', () => {
  let app: INestApplication;
  let ds: DataSource;
  let kafka: KafkaTestClient;

  beforeAll(async () => {
    app = await startLedger(config);
    ds = dataSourceOf(app);
    kafka = new KafkaTestClient(config.KAFKA_TOPIC_PREFIX);
  });

  afterAll(async () => {
    await kafka?.close();
    await app?.close();
  });

  const earnId = (m: HoursVerifiedV1) => `earn:attendance:${m.attendanceId}`;

  async function earnInOrder(messages: HoursVerifiedV1[]): Promise<void> {
    for (const m of messages) await kafka.produce(Topics.HoursVerifiedV1, m.userId, m);
    const last = messages[messages.length - 1]!;
    await waitFor(
      () => countRows(ds, 'SELECT 1 FROM earn_log WHERE transfer_id = $1', [earnId(last)]),
      (n) => n === 1,
      { what: `the earn of attendance ${last.attendanceId}`, timeoutMs: 60_000 },
    );
  }

  it('appends version 2 of community-points with the caps, effective from the migration on', async () => {
    const rows = (await ds.query(
      `SELECT version, daily_cap, monthly_cap, created_by, effective_from <= now() AS in_force
         FROM earn_rules WHERE programme_id = $1 ORDER BY version`,
      [DEFAULT_PROGRAMME_ID],
    )) as { version: number; daily_cap: number | null; monthly_cap: number | null; created_by: string; in_force: boolean }[];
    expect(rows).toEqual([
      { version: 1, daily_cap: null, monthly_cap: null, created_by: 'migration', in_force: true },
      { version: 2, daily_cap: 8000, monthly_cap: 80000, created_by: 'migration:default-caps', in_force: true },
    ]);
    expect([DEFAULT_DAILY_CAP, DEFAULT_MONTHLY_CAP]).toEqual([8000, 80000]);
    // Announced through the outbox like any version, for volunteers' read model.
    expect(
      await countRows(ds, `SELECT 1 FROM outbox WHERE topic = $1 AND envelope->'payload'->>'version' = '2'`, [
        Topics.EarnRuleCreatedV1,
      ]),
    ).toBe(1);
  });

  it('credits a 24-hour attendance at 1,000 an hour the daily cap, and holds the monthly cap across days', async () => {
    const user = resident();
    // Noon in Shanghai on eleven days of one month (a month well after the migration), then the
    // first of the next month.
    const noon = (day: string) => `${day}T04:00:00.000Z`;
    const may = Array.from({ length: 11 }, (_, i) => dayOfAttendance(user.id, noon(`2031-05-${String(i + 1).padStart(2, '0')}`)));
    const sameDay = dayOfAttendance(user.id, '2031-05-01T10:00:00.000Z');
    const june = dayOfAttendance(user.id, noon('2031-06-01'));

    await earnInOrder([may[0]!]);
    expect(await balanceOf(ds, `user:${user.id}`)).toBe(8000);
    await earnInOrder([sameDay]);
    expect(await balanceOf(ds, `user:${user.id}`)).toBe(8000);

    await earnInOrder([...may.slice(1), june]);
    const log = (await ds.query(
      `SELECT to_char(local_day, 'YYYY-MM-DD') AS day, rule_version, points::int AS points, uncapped_points::int AS uncapped
         FROM earn_log WHERE user_id = $1 ORDER BY local_day, created_at`,
      [user.id],
    )) as { day: string; rule_version: number; points: number; uncapped: number }[];
    expect(log.every((l) => l.rule_version === 2 && l.uncapped === 24_000)).toBe(true);
    expect(log.map((l) => [l.day, l.points])).toEqual([
      ['2031-05-01', 8000],
      ['2031-05-01', 0],
      ...Array.from({ length: 9 }, (_, i) => [`2031-05-${String(i + 2).padStart(2, '0')}`, 8000]),
      ['2031-05-11', 0], // the month is full at 80,000
      ['2031-06-01', 8000],
    ]);
    expect(await balanceOf(ds, `user:${user.id}`)).toBe(88_000);
  });
});
