// Decorators of the contracts (class-transformer's @Type) need the metadata API before anything loads.
import 'reflect-metadata';
/**
 * What the volunteers integration suites share beyond the platform's test kit
 * (`@goodloop/common/testing`): the service on a database and topic prefix of its own, users as
 * the gateway passes them, activity bodies, and Kafka produce and read helpers.
 */
import type { UserContext } from '@goodloop/common';
import {
  KafkaTestClient,
  startService,
  testAdmin,
  testMemberOf,
  testResident,
  waitFor,
  type Tap,
  type TestService,
} from '@goodloop/common/testing';
import type { Envelope, PayloadOf, TopicName } from '@goodloop/contracts';
import type { DataSource } from 'typeorm';
import { createVolunteersApp } from '../../src/app';
import { loadVolunteersConfig, type VolunteersConfig } from '../../src/config/env';

export type { Tap as TopicReader };

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;

export function resident(displayName = 'Resident'): UserContext {
  return testResident({ displayName });
}

/**
 * The organisations the suite's organizers belong to. On the platform the gateway announces an
 * organisation (`gateway.org.created.v1`) before anyone can organize for it, and volunteers
 * names activities from that read model (the user context carries no names); the harness puts
 * these into the read model as it starts and before each `publish`.
 */
const knownOrgs = new Map<string, string>();

export function organizerOf(orgId: string, orgName = '阳光社区'): UserContext {
  knownOrgs.set(orgId, orgName);
  return testMemberOf(orgId, { displayName: 'Organizer' });
}

export function admin(): UserContext {
  return testAdmin();
}

export interface ActivityBody {
  orgId: string;
  title: string;
  description?: string;
  category: string;
  place: { name: string; address?: string; lat?: number; lng?: number };
  startsAt: string;
  endsAt: string;
  capacity: number;
  pointsPerHour: number;
}

/** An activity body starting `startInMs` from now and lasting `durationMs`. */
export function activityBody(
  orgId: string,
  overrides: Partial<ActivityBody> = {},
  startInMs = 2 * HOUR,
  durationMs = 2 * HOUR,
): ActivityBody {
  const startsAt = new Date(Date.now() + startInMs);
  return {
    orgId,
    title: '陪伴长者读报',
    category: 'elderly',
    place: { name: '阳光社区活动中心', address: '上海市 阳光路 1 号', lat: 31.23, lng: 121.47 },
    startsAt: startsAt.toISOString(),
    endsAt: new Date(startsAt.getTime() + durationMs).toISOString(),
    capacity: 10,
    pointsPerHour: 10,
    ...overrides,
  };
}

export class VolunteersHarness {
  private service!: TestService<VolunteersConfig>;
  private kafka!: KafkaTestClient;

  constructor(readonly suite: string) {}

  get config(): VolunteersConfig {
    return this.service.config;
  }

  get dataSource(): DataSource {
    return this.service.dataSource;
  }

  async start(): Promise<this> {
    this.service = await startService({
      service: 'volunteers',
      suite: this.suite,
      load: loadVolunteersConfig,
      create: createVolunteersApp,
    });
    this.kafka = new KafkaTestClient(this.config.KAFKA_TOPIC_PREFIX, 'gateway');
    await this.knowOrgs();
    return this;
  }

  /** Puts the organisations of `organizerOf` into the orgs read model, as the gateway's events would. */
  async knowOrgs(): Promise<void> {
    for (const [id, name] of knownOrgs) {
      await this.dataSource.query(
        `INSERT INTO orgs (id, name, kind, created_at, updated_at) VALUES ($1, $2, 'community', now(), now())
         ON CONFLICT (id) DO NOTHING`,
        [id, name],
      );
    }
  }

  async stop(): Promise<void> {
    await this.kafka?.close();
    await this.service?.stop();
  }

  /** Calls the internal API as `user` (or anonymously), with the gateway's token. */
  as(user?: UserContext) {
    return this.service.as(user);
  }

  /** Publishes an activity as `organizer` and returns its answer (with the check-in code). */
  async publish(
    organizer: UserContext,
    body: ActivityBody,
  ): Promise<{ id: string; checkInCode: string } & Record<string, unknown>> {
    await this.knowOrgs();
    const res = await this.as(organizer).post('/internal/activities', body);
    if (res.status !== 201) throw new Error(`publish: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as { id: string; checkInCode: string };
  }

  /** A message as another service would publish it: a full envelope on the prefixed topic. */
  envelope<T extends TopicName>(topic: T, payload: PayloadOf<T>): Envelope<PayloadOf<T>> {
    return this.kafka.envelope(topic, payload);
  }

  async produce(topic: TopicName, key: string, value: string | object): Promise<void> {
    await this.kafka.produceRaw(topic, key, typeof value === 'string' ? value : JSON.stringify(value));
  }

  /** Starts reading a (prefixed) topic from the beginning in a consumer group of the test's own. */
  read(topic: string): Promise<Tap> {
    return this.kafka.tap([topic]);
  }

  /** Waits until the relay has published every outbox row written so far. */
  async outboxDrained(): Promise<void> {
    await waitFor(
      async () =>
        Number(
          (
            (await this.dataSource.query('SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL')) as { n: number }[]
          )[0]!.n,
        ),
      (n) => n === 0,
      { what: 'the outbox to drain' },
    );
  }
}
