/**
 * Expiring points. Each earn under a programme with a lifetime is a lot: `amount` points that
 * lapse at `expiresAt`. Spending draws on the lots that expire soonest first — the resident
 * never loses points to expiry while holding points that keep longer — so what is left of each
 * lot follows from one number, `consumed`: everything that ever left the wallet (spends, holds,
 * reversals of earns, earlier expiries), less what came back by a reversal of a spend.
 *
 * Worked example: lots of 10 (expiring 1 March) and 20 (1 June), 14 consumed. The March lot is
 * used up (10), 4 came from the June lot, so on 1 March nothing expires and on 1 June 16 do.
 */
export interface PointLot {
  expiresAt: Date;
  amount: number;
  programmeId: string;
}

export interface LotBalance extends PointLot {
  remaining: number;
}

/** What is left of each lot, soonest-expiring first. */
export function remainingOfLots(lots: readonly PointLot[], consumed: number): LotBalance[] {
  const sorted = [...lots].sort((a, b) => a.expiresAt.getTime() - b.expiresAt.getTime());
  let left = Math.max(0, consumed);
  return sorted.map((lot) => {
    const used = Math.min(lot.amount, left);
    left -= used;
    return { ...lot, remaining: lot.amount - used };
  });
}

/** Points due to expire at `now`, per programme (only programmes with something due). */
export function dueForExpiry(lots: readonly PointLot[], consumed: number, now: Date): Map<string, number> {
  const due = new Map<string, number>();
  for (const lot of remainingOfLots(lots, consumed)) {
    if (lot.expiresAt.getTime() > now.getTime() || lot.remaining === 0) continue;
    due.set(lot.programmeId, (due.get(lot.programmeId) ?? 0) + lot.remaining);
  }
  return due;
}

/** What will expire after `now`, soonest first, one line per moment. */
export function upcomingExpiries(
  lots: readonly PointLot[],
  consumed: number,
  now: Date,
  limit = 5,
): { expiresAt: string; amount: number }[] {
  const byMoment = new Map<number, number>();
  for (const lot of remainingOfLots(lots, consumed)) {
    if (lot.expiresAt.getTime() <= now.getTime() || lot.remaining === 0) continue;
    byMoment.set(lot.expiresAt.getTime(), (byMoment.get(lot.expiresAt.getTime()) ?? 0) + lot.remaining);
  }
  return [...byMoment.entries()]
    .sort(([a], [b]) => a - b)
    .slice(0, limit)
    .map(([at, amount]) => ({ expiresAt: new Date(at).toISOString(), amount }));
}
