import { kafkaAclBindings, type KafkaAclBinding } from '@goodloop/contracts';
import {
  AclOperationTypes,
  AclPermissionTypes,
  AclResourceTypes,
  Kafka,
  logLevel,
  ResourcePatternTypes,
  type AclEntry,
  type KafkaConfig,
} from 'kafkajs';
import { kafkaSecurityOptions } from '../messaging/kafka-client';
import type { KafkaSecurity } from '../config/service-config';

/**
 * Test runs against an authenticated broker: the environment the global setup (or `npm test`)
 * set up holds the admin's login (KAFKA_SASL_MECHANISM, KAFKA_USERNAME, KAFKA_PASSWORD) and each
 * service's password (KAFKA_PASSWORD_<SERVICE>). Against an external PLAINTEXT cluster none is set.
 */
export function testKafkaIsAuthenticated(env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(env.KAFKA_SASL_MECHANISM && env.KAFKA_USERNAME && env.KAFKA_PASSWORD);
}

/** The environment's key for service `name`'s Kafka password (as scripts/lib/kafka-secrets.mjs names it). */
export function kafkaPasswordVariable(name: string): string {
  return `KAFKA_PASSWORD_${name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
}

/**
 * Service `name`'s own Kafka login when the run is authenticated and knows its password, else {}
 * (the environment's login, the admin, stays). A principal is a service's name as in
 * scripts/lib/services.mjs (kebab-case); a database-style name (`demo_check`) is not one.
 */
export function serviceKafkaLogin(
  name: string,
  env: NodeJS.ProcessEnv = process.env,
): { KAFKA_SASL_MECHANISM?: KafkaSecurity['KAFKA_SASL_MECHANISM']; KAFKA_USERNAME?: string; KAFKA_PASSWORD?: string } {
  const password = env[kafkaPasswordVariable(name)];
  if (!testKafkaIsAuthenticated(env) || !password || !/^[a-z0-9-]+$/.test(name)) return {};
  return {
    KAFKA_SASL_MECHANISM: env.KAFKA_SASL_MECHANISM as KafkaSecurity['KAFKA_SASL_MECHANISM'],
    KAFKA_USERNAME: name,
    KAFKA_PASSWORD: password,
  };
}

/** kafkajs connection options of the environment's login (the admin, in a test run), or of `login`. */
export function testKafkaConfig(login?: Partial<KafkaSecurity>): Pick<KafkaConfig, 'brokers' | 'sasl' | 'ssl'> {
  const env = process.env;
  return {
    brokers: (env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','),
    ...kafkaSecurityOptions(
      login ?? {
        KAFKA_SASL_MECHANISM: env.KAFKA_SASL_MECHANISM as KafkaSecurity['KAFKA_SASL_MECHANISM'],
        KAFKA_USERNAME: env.KAFKA_USERNAME,
        KAFKA_PASSWORD: env.KAFKA_PASSWORD,
        KAFKA_SSL: ['true', '1', 'yes', 'on'].includes(env.KAFKA_SSL ?? ''),
      },
    ),
  };
}

function toEntry(binding: KafkaAclBinding): AclEntry {
  const operations = {
    read: AclOperationTypes.READ,
    write: AclOperationTypes.WRITE,
    create: AclOperationTypes.CREATE,
    describe: AclOperationTypes.DESCRIBE,
  } as const;
  return {
    resourceType: binding.resourceType === 'group' ? AclResourceTypes.GROUP : AclResourceTypes.TOPIC,
    resourceName: binding.name,
    resourcePatternType: ResourcePatternTypes.LITERAL,
    principal: binding.principal,
    host: '*',
    operation: operations[binding.operation],
    permissionType: AclPermissionTypes.ALLOW,
  };
}

const applied = new Set<string>();

/**
 * Grants `service` its ACLs of libs/contracts/src/topic-access.ts under the suite's topic
 * `prefix`, as the admin (once per prefix and service in this process). What `npm start` does
 * for the unprefixed names with scripts/lib/kafka-acls.mjs.
 */
export async function ensureTestKafkaAcls(prefix: string, service: string): Promise<void> {
  const key = `${prefix}\u0000${service}`;
  if (applied.has(key) || !testKafkaIsAuthenticated()) return;
  const admin = new Kafka({ clientId: 'test-acls', ...testKafkaConfig(), logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    const bindings = kafkaAclBindings(prefix, [service]);
    await admin.createAcls({ acl: bindings.map(toEntry) });
    await untilVisible(admin, prefix, `User:${service}`, bindings.length);
  } finally {
    await admin.disconnect();
  }
  applied.add(key);
}

/**
 * Waits until the broker lists the principal's bindings under the prefix. CreateAcls answers once
 * the change is in the metadata log; the authorizer applies it a moment later, and on a busy
 * machine (every suite granting hundreds of bindings at once) a produce in that moment would be
 * refused as if the table said no.
 */
async function untilVisible(
  admin: ReturnType<Kafka['admin']>,
  prefix: string,
  principal: string,
  expected: number,
): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const described = await admin.describeAcls({
      resourceType: AclResourceTypes.ANY,
      resourcePatternType: ResourcePatternTypes.LITERAL,
      principal,
      host: '*',
      operation: AclOperationTypes.ANY,
      permissionType: AclPermissionTypes.ALLOW,
    });
    const visible = described.resources
      .filter((resource) => resource.resourceName.startsWith(prefix))
      .reduce((sum, resource) => sum + resource.acls.length, 0);
    if (visible >= expected) return;
    if (Date.now() > deadline)
      throw new Error(`${principal}: ${visible} of ${expected} ACLs under "${prefix}" visible after 30 s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
