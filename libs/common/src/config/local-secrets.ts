import { randomBytes } from 'node:crypto';
import { generateGatewayKeyPair, gatewaySigningKey, gatewayVerifyKey } from '../auth/gateway-token';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { ConfigError } from './load-config';
import { secretProblem } from './secret-rules';

/** The checkout's root: the nearest folder above this file holding nest-cli.json. */
export function repoRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'nest-cli.json'))) {
    const parent = dirname(dir);
    if (parent === dir) return process.cwd();
    dir = parent;
  }
  return dir;
}

/** Where local, git-ignored state lives: secrets, the Kafka broker's data, logs. */
export function localDataDir(env: NodeJS.ProcessEnv = process.env): string {
  return resolve(env.GOODLOOP_DATA_DIR ?? join(repoRoot(), '.local'));
}

/**
 * A secret from the environment, or — outside production — one generated once and kept in
 * `.local/secrets.json`, so a fresh checkout runs without set-up and every service of the same
 * checkout agrees on it. In production a missing secret stops the app.
 */
export function secretFromEnv(name: string, env: NodeJS.ProcessEnv = process.env): string {
  const value = env[name];
  if (value) {
    const problem = secretProblem(value, env.NODE_ENV === 'production');
    if (problem) throw new ConfigError(`Invalid configuration:\n  ${name}: ${problem}`);
    return value;
  }
  if (env.NODE_ENV === 'production') {
    throw new ConfigError(`Invalid configuration:\n  ${name}: required when NODE_ENV=production`);
  }
  return localSecrets(env, [name], () => ({ [name]: randomBytes(32).toString('base64url') }))[name]!;
}

/**
 * The secrets `names` from `.local/secrets.json`, generating all of them together (`generate`)
 * when one is missing, so the halves of a key pair always match.
 */
function localSecrets(
  env: NodeJS.ProcessEnv,
  names: readonly string[],
  generate: () => Record<string, string>,
): Record<string, string> {
  const file = join(localDataDir(env), 'secrets.json');
  const read = (): Record<string, string> => {
    try {
      return JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
    } catch {
      return {}; // first use: created below
    }
  };
  const secrets = read();
  if (names.every((name) => secrets[name])) return secrets;
  Object.assign(secrets, generate());
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  // Two services may generate at the same moment: re-read so both end with the winner's values.
  const settled = read();
  return names.every((name) => settled[name]) ? settled : secrets;
}

/**
 * The gateway's Ed25519 key pair (base64 DER): `GATEWAY_SIGNING_KEY` signs the user context of
 * every internal call and only the gateway may hold it; `GATEWAY_VERIFY_KEY` is what services
 * check with. From the environment, or — outside production — generated once into
 * `.local/secrets.json`, like JWT_SECRET. In production a missing key stops the app.
 */
export function gatewaySigningKeyFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  return gatewayKeyFromEnv('GATEWAY_SIGNING_KEY', env, gatewaySigningKey);
}

export function gatewayVerifyKeyFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  return gatewayKeyFromEnv('GATEWAY_VERIFY_KEY', env, gatewayVerifyKey);
}

function gatewayKeyFromEnv(
  name: 'GATEWAY_SIGNING_KEY' | 'GATEWAY_VERIFY_KEY',
  env: NodeJS.ProcessEnv,
  parse: (text: string) => unknown,
): string {
  let value = env[name];
  if (!value) {
    if (env.NODE_ENV === 'production') {
      throw new ConfigError(`Invalid configuration:\n  ${name}: required when NODE_ENV=production`);
    }
    const pair = () => {
      const { signingKey, verifyKey } = generateGatewayKeyPair();
      return { GATEWAY_SIGNING_KEY: signingKey, GATEWAY_VERIFY_KEY: verifyKey };
    };
    value = localSecrets(env, ['GATEWAY_SIGNING_KEY', 'GATEWAY_VERIFY_KEY'], pair)[name]!;
  }
  try {
    parse(value);
  } catch (error) {
    throw new ConfigError(`Invalid configuration:\n  ${name}: not an Ed25519 key (${(error as Error).message.split('\n')[0]})`);
  }
  return value;
}
