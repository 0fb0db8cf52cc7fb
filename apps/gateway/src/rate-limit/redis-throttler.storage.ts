import type { ThrottlerStorage } from '@nestjs/throttler';
import type Redis from 'ioredis';

type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

/**
 * Counts hits in a fixed window and blocks the key once the limit is passed, atomically in one
 * Lua script (so two gateways never both let the 11th request through).
 *
 * KEYS[1] hit counter, KEYS[2] block marker; ARGV[1] window ms, ARGV[2] limit, ARGV[3] block ms.
 * Returns { hits, window ms left, blocked 0/1, block ms left }.
 *
 * Worked example, limit 10 per 60 s: hits 1..10 pass (the counter expires 60 s after the first);
 * hit 11 sets the block marker for 60 s and is refused with Retry-After 60; while blocked, hits
 * are refused without counting; after the block the next hit opens a fresh window.
 */
const SCRIPT = `
local blockLeft = redis.call('PTTL', KEYS[2])
if blockLeft > 0 then
  local hits = tonumber(redis.call('GET', KEYS[1]) or '0')
  return { hits, math.max(redis.call('PTTL', KEYS[1]), 0), 1, blockLeft }
end
local hits = redis.call('INCR', KEYS[1])
local windowLeft = redis.call('PTTL', KEYS[1])
if windowLeft < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  windowLeft = tonumber(ARGV[1])
end
if hits > tonumber(ARGV[2]) then
  redis.call('SET', KEYS[2], '1', 'PX', ARGV[3])
  return { hits, windowLeft, 1, tonumber(ARGV[3]) }
end
return { hits, windowLeft, 0, 0 }
`;

type ScriptResult = [number, number, number, number];

export class RedisThrottlerStorage implements ThrottlerStorage {
  /** `prefix` keeps deployments and test runs sharing one Redis apart (e.g. `t1a2b3c4.goodloop:throttle:`). */
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  /** `ttl` and `blockDuration` in ms (throttler 6); answers times in whole seconds, rounded up. */
  async increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    throttlerName: string,
  ): Promise<ThrottlerStorageRecord> {
    const base = `${this.prefix}${throttlerName}:${key}`;
    const [hits, windowLeft, blocked, blockLeft] = (await this.redis.eval(
      SCRIPT,
      2,
      `${base}:hits`,
      `${base}:block`,
      String(ttl),
      String(limit),
      String(blockDuration),
    )) as ScriptResult;
    return {
      totalHits: hits,
      timeToExpire: Math.ceil(windowLeft / 1000),
      isBlocked: blocked === 1,
      timeToBlockExpire: Math.ceil(blockLeft / 1000),
    };
  }
}
