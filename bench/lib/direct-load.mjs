/**
 * Load generator for the ledger's direct door, run as its own Node process (forked by
 * bench/ledger.mjs) so that its CPU is not the ledger's. `CONCURRENCY` callers each keep one
 * `POST /internal/transfers` in flight over keep-alive connections: a random 1-point transfer
 * between two of the funded wallets, every request with its own transferId.
 *
 * Receives its settings as the first IPC message and answers with one result message:
 * `{ok, non2xx, failures, byStatus, topErrors, windowSeconds, tps, p50, p90, p99, max}` where
 * only requests started after the warm-up and finished before the end count.
 */
import { Agent, request } from 'node:http';
import { randomInt } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { setInterval } from 'node:timers';
import { gatewayHeaders } from './gateway-token.mjs';

process.once('message', (settings) => {
  run(settings).then(
    (result) => process.send({ type: 'result', result }, () => process.exit(0)),
    (error) => process.send({ type: 'error', message: String(error?.stack ?? error) }, () => process.exit(1)),
  );
});

async function run({ baseUrl, signingKey, user, wallets, concurrency, warmupSeconds, durationSeconds, idPrefix, code }) {
  const url = new URL('/internal/transfers', baseUrl);
  // The gateway's call token lives 60 s: sign a fresh one every 20 s, as the gateway signs per call.
  let headers = gatewayHeaders(signingKey, 'ledger', user);
  const refresh = setInterval(() => (headers = gatewayHeaders(signingKey, 'ledger', user)), 20_000);
  refresh.unref();
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency, maxFreeSockets: concurrency });
  const started = performance.now();
  const windowStart = started + warmupSeconds * 1000;
  const windowEnd = windowStart + durationSeconds * 1000;
  const latencies = [];
  const byStatus = {};
  const errors = {};
  let ok = 0;
  let non2xx = 0;
  let failures = 0;
  let sequence = 0;

  async function caller(index) {
    while (performance.now() < windowEnd) {
      const from = randomInt(wallets.length);
      let to = randomInt(wallets.length - 1);
      if (to >= from) to += 1;
      const body = JSON.stringify({
        transferId: `${idPrefix}-${index}-${sequence++}`,
        debitAccount: `user:${wallets[from]}`,
        creditAccount: `user:${wallets[to]}`,
        asset: 'POINTS',
        amount: 1,
        code,
        references: { description: 'ledger bench' },
      });
      const t0 = performance.now();
      let outcome;
      try {
        outcome = await post(url, agent, headers, body);
      } catch (error) {
        failures += 1;
        const key = `network: ${error.code ?? error.message}`;
        errors[key] = (errors[key] ?? 0) + 1;
        await new Promise((r) => setTimeout(r, 50));
        continue;
      }
      const t1 = performance.now();
      if (t0 < windowStart || t1 > windowEnd) continue;
      byStatus[outcome.status] = (byStatus[outcome.status] ?? 0) + 1;
      if (outcome.status >= 200 && outcome.status < 300) {
        ok += 1;
        latencies.push(t1 - t0);
      } else {
        non2xx += 1;
        let key = String(outcome.status);
        try {
          const parsed = JSON.parse(outcome.body);
          key = `${outcome.status} ${parsed.error ?? ''}: ${String(parsed.message ?? '').slice(0, 160)}`;
        } catch {
          /* not JSON: keep the status */
        }
        errors[key] = (errors[key] ?? 0) + 1;
      }
    }
  }

  await Promise.all(Array.from({ length: concurrency }, (_, i) => caller(i)));
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const pct = (p) =>
    latencies.length ? latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] : null;
  const topErrors = Object.entries(errors)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 5)
    .map(([message, count]) => ({ message, count }));
  return {
    ok,
    non2xx,
    failures,
    byStatus,
    topErrors,
    windowSeconds: durationSeconds,
    tps: ok / durationSeconds,
    p50: pct(50),
    p90: pct(90),
    p99: pct(99),
    max: latencies.length ? latencies[latencies.length - 1] : null,
  };
}

function post(url, agent, headers, body) {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        agent,
        headers: { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.setTimeout(30_000, () => req.destroy(new Error('timeout after 30 s')));
    req.on('error', reject);
    req.end(body);
  });
}
