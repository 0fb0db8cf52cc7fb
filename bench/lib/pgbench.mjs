import { existsSync } from 'node:fs';

export const PGBENCH_DB = 'goodloop_bench_pgbench';

/**
 * P: what PostgreSQL itself manages on this machine — pgbench TPC-B (`-c 8 -j 2 -M prepared`)
 * for `seconds` on a scratch database of scale `scale`, made and dropped here. The benchmarks
 * state their figures as ratios to it, measured in the same run.
 *
 * `exec(cmd, args, options)` runs a command and resolves `{ stdout }` (the caller's, so its
 * clean-up can stop it); `onAdmin(fn)` runs `fn(client)` on the `postgres` database; the scratch
 * database's name is in `databases` while it exists, for the caller's clean-up to drop.
 */
export async function measurePgbench({ pg, scale, seconds, exec, onAdmin, databases, log, fmt }) {
  log(`P: pgbench TPC-B, scale ${scale}, 8 clients, ${seconds} s…`);
  const drop = () => onAdmin((c) => c.query(`DROP DATABASE IF EXISTS "${PGBENCH_DB}" WITH (FORCE)`));
  databases.add(PGBENCH_DB);
  await drop();
  await onAdmin((c) => c.query(`CREATE DATABASE "${PGBENCH_DB}"`));
  const env = { ...process.env, PGHOST: pg.host, PGPORT: String(pg.port), PGUSER: pg.user };
  if (pg.password) env.PGPASSWORD = pg.password;
  const pgbench = process.env.PGBENCH ?? (existsSync('/usr/bin/pgbench') ? '/usr/bin/pgbench' : 'pgbench');
  await exec(pgbench, ['-i', '-q', '-s', String(scale), PGBENCH_DB], { env });
  const { stdout } = await exec(pgbench, ['-c', '8', '-j', '2', '-M', 'prepared', '-T', String(seconds), PGBENCH_DB], { env });
  const match = /tps = ([\d.]+) \(without initial connection time\)/.exec(stdout) ?? /tps = ([\d.]+)/.exec(stdout);
  if (!match) throw new Error(`could not read tps from pgbench's output:\n${stdout}`);
  const latency = /latency average = ([\d.]+) ms/.exec(stdout);
  await drop();
  databases.delete(PGBENCH_DB);
  const tps = Number(match[1]);
  log(`P = ${fmt(tps)} tps (latency average ${latency?.[1] ?? '?'} ms)`);
  return tps;
}
