/**
 * The attack the broker's authentication and ACLs close: a compromised pod producing a valid
 * `ledger.transfer.request.v1` (or a forged `ledger.transfer.posted.v1`) to credit a wallet.
 * Against the authenticated broker (`npm test`, `.ci/run`: the local one from deploy/kafka), with
 * the real ledger logged in as User:ledger under its ACLs (libs/contracts/src/topic-access.ts):
 *
 * (a) a client without credentials, or with a wrong password, is refused at login;
 * (b) the gateway's principal producing a transfer request, and the volunteers' principal
 *     producing a posted event, are refused with TOPIC_AUTHORIZATION_FAILED; nothing lands on the
 *     topics and the wallet's balance does not move;
 * (c) the legitimate producers still work: the ledger writes its posted events, the volunteers
 *     theirs, and a request from the operator (the admin) is applied by the ledger, which shows
 *     the ledger was listening when the forged one was refused; reading is per topic as well.
 *
 * Skipped only against an external PLAINTEXT cluster (KAFKA_BROKERS without KAFKA_SASL_MECHANISM),
 * where there is no login to test.
 */
import { Topics, type TransferRequestV1 } from '@goodloop/contracts';
import {
  ensureTestKafkaAcls,
  kafkaPasswordVariable,
  KafkaTestClient,
  startService,
  testKafkaConfig,
  testDatabaseUrl,
  testKafkaIsAuthenticated,
  testResident,
  waitFor,
  type Tap,
  type TestService,
} from '@goodloop/common/testing';
import type { KafkaSecurity } from '@goodloop/common';
import { Kafka, logLevel } from 'kafkajs';
import { v7 as uuidv7 } from 'uuid';
import { createLedgerApp } from '../../apps/ledger/src/app';
import { loadLedgerConfig, type LedgerConfig } from '../../apps/ledger/src/config/env';
import { runtimeUrl } from '../../apps/ledger/test/support/ledger-test-kit';

const authenticated = testKafkaIsAuthenticated();
if (!authenticated) {
  console.warn(
    'kafka-acl.e2e-spec: SKIPPED — KAFKA_BROKERS names an external PLAINTEXT cluster (no KAFKA_SASL_MECHANISM): ' +
      'there is no login or ACL to attack. Run `npm test` without KAFKA_BROKERS to test the authenticated local broker.',
  );
}
const describeAuthenticated = authenticated ? describe : describe.skip;

const ISSUANCE = 'issuance:community-points';

/** Service `name`'s own login, as `npm start` gives it. */
function loginOf(name: string, password = process.env[kafkaPasswordVariable(name)]): Partial<KafkaSecurity> {
  return { KAFKA_SASL_MECHANISM: 'scram-sha-512', KAFKA_USERNAME: name, KAFKA_PASSWORD: password };
}

/** The broker's error code under kafkajs's wrappers (KafkaJSNonRetriableError …), or the error's name. */
function errorType(error: unknown): string {
  const e = error as { type?: string; name?: string; cause?: unknown; originalError?: unknown };
  if (e.type) return e.type;
  for (const inner of [e.originalError, e.cause]) {
    if (inner) {
      const type = errorType(inner);
      if (/^[A-Z_]+$/.test(type)) return type;
    }
  }
  return e.name ?? String(error);
}

/** What the broker answers a client: `ok`, or the error code (or name) of the refusal. */
async function outcome(work: () => Promise<unknown>): Promise<string> {
  try {
    await work();
    return 'ok';
  } catch (error) {
    return errorType(error);
  }
}

describeAuthenticated('Kafka authentication and ACLs (the forged transfer attack)', () => {
  let ledger: TestService<LedgerConfig>;
  let prefix: string;
  let operator: KafkaTestClient;
  let requests: Tap;
  const clients: KafkaTestClient[] = [];

  /** A producer client logged in as `login`, sending to this suite's topics without retries. */
  function clientAs(login: Partial<KafkaSecurity>, producer: string): KafkaTestClient {
    const client = new KafkaTestClient(prefix, producer, login);
    clients.push(client);
    return client;
  }

  const balance = async (wallet: string): Promise<number> => {
    const [row] = (await ledger.dataSource.query(
      `SELECT (credits_posted - debits_posted)::text AS b FROM accounts WHERE key = $1 AND asset = 'POINTS'`,
      [wallet],
    )) as { b: string }[];
    return Number(row?.b ?? 0);
  };

  const credit = (wallet: string, amount: number): TransferRequestV1 => ({
    transferId: `adjust:${uuidv7()}`,
    debitAccount: ISSUANCE,
    creditAccount: wallet,
    asset: 'POINTS',
    amount,
    code: 'adjust',
  });

  beforeAll(async () => {
    // As in production: migrations as the owner, the service as its restricted runtime role.
    const owner = testDatabaseUrl('ledger', 'kafka_acl');
    ledger = await startService({
      service: 'ledger',
      suite: 'kafka-acl',
      load: loadLedgerConfig,
      create: createLedgerApp,
      env: { LEDGER_MIGRATION_DATABASE_URL: owner, DATABASE_URL: runtimeUrl(owner) },
    });
    expect(ledger.config.KAFKA_USERNAME).toBe('ledger'); // the ledger runs under its own principal
    prefix = ledger.config.KAFKA_TOPIC_PREFIX;
    // Every service's grants under this prefix, as `npm start` applies them: a refusal below is
    // the table's answer, not a principal without any ACL.
    for (const service of ['gateway', 'volunteers']) await ensureTestKafkaAcls(prefix, service);
    operator = new KafkaTestClient(prefix, 'operator'); // the admin: the harness's own login
    requests = await operator.tap([Topics.TransferRequestV1, Topics.TransferPostedV1, Topics.ActivityPublishedV1]);
  });

  afterAll(async () => {
    for (const client of clients) await client.close();
    await operator?.close();
    await ledger?.stop();
  });

  it('(a) refuses a client without credentials and one with a wrong password', async () => {
    const { brokers } = testKafkaConfig();
    const anonymous = new Kafka({ clientId: 'anonymous', brokers, logLevel: logLevel.NOTHING, retry: { retries: 0 } }).admin();
    const anonymousOutcome = await outcome(() => anonymous.connect().then(() => anonymous.listTopics()));
    await anonymous.disconnect().catch(() => undefined);
    // A SASL listener closes a connection that speaks Kafka without logging in first.
    expect(anonymousOutcome).not.toBe('ok');

    const impostor = new Kafka({
      clientId: 'impostor',
      ...testKafkaConfig(loginOf('ledger', 'not-the-ledger-password')),
      logLevel: logLevel.NOTHING,
      retry: { retries: 0 },
    }).admin();
    expect(await outcome(() => impostor.connect())).toMatch(/SASL_AUTHENTICATION_FAILED|KafkaJSSASLAuthenticationError/);
    await impostor.disconnect().catch(() => undefined);
  });

  it('(b) refuses the gateway writing a transfer request and the volunteers a posted event: the wallet does not move', async () => {
    const wallet = `user:${testResident().id}`;
    const forgedRequest = credit(wallet, 1_000_000);
    const gateway = clientAs(loginOf('gateway'), 'gateway');
    expect(await outcome(() => gateway.produce(Topics.TransferRequestV1, wallet, forgedRequest))).toBe(
      'TOPIC_AUTHORIZATION_FAILED',
    );

    const volunteers = clientAs(loginOf('volunteers'), 'volunteers');
    const forgedPosted = {
      transferId: `adjust:${uuidv7()}`,
      debitAccount: ISSUANCE,
      creditAccount: wallet,
      asset: 'POINTS',
      amount: 1_000_000,
      code: 'adjust',
      postedAt: new Date().toISOString(),
    };
    expect(
      await outcome(() =>
        volunteers.produceRaw(
          Topics.TransferPostedV1,
          wallet,
          JSON.stringify(volunteers.envelope(Topics.TransferPostedV1, forgedPosted as never)),
        ),
      ),
    ).toBe('TOPIC_AUTHORIZATION_FAILED');

    // The operator's request for the same wallet travels on the same partition (same key), after
    // where the forged one would have been: once it is applied, the forged one never was.
    const legitimate = credit(wallet, 7);
    await operator.produce(Topics.TransferRequestV1, wallet, legitimate);
    await requests.waitFor<{ transferId: string }>(
      Topics.TransferPostedV1,
      (p) => p.transferId === legitimate.transferId,
      60_000,
    );
    expect(await balance(wallet)).toBe(7);
    await requests.caughtUp();
    const onRequests = requests.payloads<TransferRequestV1>(Topics.TransferRequestV1).map((p) => p.transferId);
    expect(onRequests).toContain(legitimate.transferId);
    expect(onRequests).not.toContain(forgedRequest.transferId);
    const posted = requests.payloads<{ transferId: string }>(Topics.TransferPostedV1).map((p) => p.transferId);
    expect(posted).not.toContain(forgedPosted.transferId);
    expect(posted).not.toContain(forgedRequest.transferId);
    const forgedRows = (await ledger.dataSource.query('SELECT 1 FROM transfers WHERE id = $1', [
      forgedRequest.transferId,
    ])) as unknown[];
    expect(forgedRows).toHaveLength(0);
  });

  it('(c) lets the owners write their own topics', async () => {
    const wallet = `user:${testResident().id}`;
    const ledgerClient = clientAs(loginOf('ledger'), 'ledger');
    expect(
      await outcome(() =>
        ledgerClient.produceRaw(Topics.TransferPostedV1, wallet, JSON.stringify({ note: 'the ledger may write its events' })),
      ),
    ).toBe('ok');
    const volunteers = clientAs(loginOf('volunteers'), 'volunteers');
    // A topic nobody consumes yet, so that no service has to make sense of these bytes.
    expect(
      await outcome(() =>
        volunteers.produceRaw(Topics.ActivityPublishedV1, wallet, JSON.stringify({ note: 'and the volunteers theirs' })),
      ),
    ).toBe('ok');
    await waitFor(
      () => requests.on(Topics.ActivityPublishedV1).filter((m) => m.key === wallet).length,
      (count) => count === 1,
      { what: 'the volunteers’ message on its topic', timeoutMs: 30_000 },
    );

    // Reading is granted per topic too: the gateway, in its own consumer group, may not read the
    // ledger's commands.
    const consumer = new Kafka({
      clientId: 'gateway-reader',
      ...testKafkaConfig(loginOf('gateway')),
      logLevel: logLevel.NOTHING,
    }).consumer({ groupId: `${prefix}gateway`, retry: { retries: 0 } });
    const crashed = new Promise<string>((resolve) => {
      consumer.on(consumer.events.CRASH, ({ payload }) => resolve(errorType(payload.error)));
    });
    const refusal = await outcome(async () => {
      await consumer.connect();
      await consumer.subscribe({ topics: [prefix + Topics.TransferRequestV1], fromBeginning: true });
      await consumer.run({ eachMessage: () => Promise.resolve() });
      throw Object.assign(new Error('crash'), { type: await crashed });
    });
    await consumer.disconnect().catch(() => undefined);
    expect(refusal).toBe('TOPIC_AUTHORIZATION_FAILED');
  });
});
