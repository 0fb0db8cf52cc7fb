import { randomBytes } from 'node:crypto';
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
  const file = join(localDataDir(env), 'secrets.json');
  let secrets: Record<string, string> = {};
  try {
    secrets = JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
  } catch {
    /* first use: created below */
  }
  const existing = secrets[name];
  if (existing) return existing;
  const generated = randomBytes(32).toString('base64url');
  secrets[name] = generated;
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  // Two services may generate at the same moment: re-read so both end with the winner's value.
  const settled = JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
  return settled[name] ?? generated;
}
