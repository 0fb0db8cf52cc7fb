import { greedyTransport, maximiseTransport, type TransportArc, type TransportInput } from './transport';

/** mulberry32: a small seeded generator, so every random case here is reproducible. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The best value by brute force: every integer amount on every arc, within the arc's capacity
 * and what its supply and demand still have, arcs of any value included. It shares nothing with
 * the solver but the meaning of the input.
 */
function bruteForceBest({ supplies, demands, arcs }: TransportInput): number {
  const supplyLeft = [...supplies];
  const demandLeft = [...demands];
  let best = 0;
  const visit = (k: number, value: number): void => {
    if (k === arcs.length) {
      best = Math.max(best, value);
      return;
    }
    const { from, to, value: perUnit, capacity } = arcs[k]!;
    const most = Math.min(capacity ?? Infinity, supplyLeft[from]!, demandLeft[to]!);
    for (let amount = 0; amount <= most; amount++) {
      supplyLeft[from]! -= amount;
      demandLeft[to]! -= amount;
      visit(k + 1, value + amount * perUnit);
      supplyLeft[from]! += amount;
      demandLeft[to]! += amount;
    }
  };
  visit(0, 0);
  return best;
}

/** What is wrong with a plan, if anything: an empty list when it keeps within every limit. */
function planProblems({ supplies, demands, arcs }: TransportInput, flows: Int32Array): string[] {
  const problems: string[] = [];
  const sent = supplies.map(() => 0);
  const taken = demands.map(() => 0);
  arcs.forEach((arc, k) => {
    const f = flows[k]!;
    if (f < 0) problems.push(`arc ${k} carries ${f}`);
    if (arc.capacity !== undefined && f > arc.capacity) problems.push(`arc ${k} over its capacity`);
    if (arc.value <= 0 && f > 0) problems.push(`arc ${k} is worth ${arc.value} but carries ${f}`);
    sent[arc.from]! += f;
    taken[arc.to]! += f;
  });
  sent.forEach((s, i) => s > supplies[i]! && problems.push(`supply ${i} sends ${s} of ${supplies[i]}`));
  taken.forEach((t, j) => t > demands[j]! && problems.push(`demand ${j} takes ${t} of ${demands[j]}`));
  return problems;
}

const valueOf = ({ arcs }: TransportInput, flows: Int32Array) => arcs.reduce((sum, arc, k) => sum + arc.value * flows[k]!, 0);

function randomInstance(next: () => number, maxSide: number, arcChance: number, maxAmount: number): TransportInput {
  const int = (low: number, high: number) => low + Math.floor(next() * (high - low + 1));
  // Now and then a side with nothing to give or take.
  const amount = () => (next() < 0.1 ? 0 : int(1, maxAmount));
  const supplies = Array.from({ length: int(1, maxSide) }, amount);
  const demands = Array.from({ length: int(1, maxSide) }, amount);
  const arc = (from: number, to: number): TransportArc => {
    const made: TransportArc = { from, to, value: next() < 0.15 ? int(-3, 0) : int(4, 9) };
    if (next() < 0.5) made.capacity = int(0, maxAmount);
    return made;
  };
  // Each pair has an arc by chance; a few get a second, parallel one.
  const arcs: TransportArc[] = [];
  supplies.forEach((_, i) =>
    demands.forEach((_, j) => {
      if (next() < arcChance) arcs.push(arc(i, j));
    }),
  );
  if (next() < 0.3) arcs.push(arc(int(0, supplies.length - 1), int(0, demands.length - 1)));
  return { supplies, demands, arcs };
}

describe('maximiseTransport', () => {
  it('gives up a first choice when that lets two units go where they are worth more', () => {
    // Offer 0 is worth 10 to need 0 and 9 to need 1; offer 1 is worth 8 to need 0 only.
    // Greedy takes the 10 and strands offer 1: 10. The best sends 0 → 1 and 1 → 0: 17.
    const input = {
      supplies: [1, 1],
      demands: [1, 1],
      arcs: [
        { from: 0, to: 0, value: 10 },
        { from: 0, to: 1, value: 9 },
        { from: 1, to: 0, value: 8 },
      ],
    };
    const best = maximiseTransport(input);
    expect(Array.from(best.flows)).toEqual([0, 1, 1]);
    expect(best).toMatchObject({ value: 17, units: 2 });
    const greedy = greedyTransport(input);
    expect(Array.from(greedy.flows)).toEqual([1, 0, 0]);
    expect(greedy).toMatchObject({ value: 10, units: 1 });
  });

  it('sends only what adds value, and only as much as both ends and the arc allow', () => {
    const input = {
      supplies: [5, 4, 2],
      demands: [3, 6],
      arcs: [
        { from: 0, to: 0, value: 4 },
        { from: 0, to: 1, value: 3, capacity: 1 },
        { from: 1, to: 1, value: 0 },
        { from: 2, to: 1, value: -2 },
        { from: 1, to: 0, value: 1 },
      ],
    };
    const best = maximiseTransport(input);
    // Need 0 takes 3 from offer 0 (worth 4 each); offer 0 sends 1 more to need 1 (its arc's
    // capacity); offer 1 has nothing worth more than 0 left, offer 2 nothing worth sending.
    expect(Array.from(best.flows)).toEqual([3, 1, 0, 0, 0]);
    expect(best).toMatchObject({ value: 15, units: 4 });
  });

  it('handles no arcs, no supply and no demand', () => {
    expect(maximiseTransport({ supplies: [], demands: [], arcs: [] })).toMatchObject({ value: 0, units: 0 });
    const nothing = maximiseTransport({ supplies: [0, 3], demands: [2, 0], arcs: [{ from: 0, to: 0, value: 5 }] });
    expect(Array.from(nothing.flows)).toEqual([0]);
  });

  it('refuses bad input, naming it', () => {
    const ok = { supplies: [1], demands: [1], arcs: [{ from: 0, to: 0, value: 1 }] };
    expect(() => maximiseTransport({ ...ok, supplies: [-1] })).toThrow(
      new RangeError('supplies[0] must be between 0 and 2147483647, got -1'),
    );
    expect(() => maximiseTransport({ ...ok, demands: [1.5] })).toThrow(new TypeError('demands[0] must be an integer, got 1.5'));
    expect(() => maximiseTransport({ ...ok, arcs: [{ from: 1, to: 0, value: 1 }] })).toThrow(
      new RangeError('arcs[0].from must be between 0 and 0, got 1'),
    );
    expect(() => maximiseTransport({ ...ok, arcs: [{ from: 0, to: -1, value: 1 }] })).toThrow(RangeError);
    expect(() => maximiseTransport({ ...ok, arcs: [{ from: 0, to: 0, value: Number.NaN }] })).toThrow(
      new TypeError('arcs[0].value must be an integer, got NaN'),
    );
    expect(() => maximiseTransport({ ...ok, arcs: [{ from: 0, to: 0, value: 1, capacity: -2 }] })).toThrow(RangeError);
    expect(() => greedyTransport({ ...ok, arcs: [{ from: 0, to: 0, value: 2.5 }] })).toThrow(TypeError);
  });

  it('matches a brute-force search on 500 random small instances, greedy never beating it', () => {
    const next = random(1905);
    let greedyBehind = 0;
    let somethingToSend = 0;
    for (let k = 0; k < 500; k++) {
      const input = randomInstance(next, 3, 0.75, 3);
      const expected = bruteForceBest(input);
      const best = maximiseTransport(input);
      const byPaths = maximiseTransport(input, { algorithm: 'successive-shortest-paths' });
      const greedy = greedyTransport(input);
      const context = `instance ${k}: ${JSON.stringify(input)}`;

      expect({ context, value: best.value }).toEqual({ context, value: expected });
      expect({ context, value: byPaths.value }).toEqual({ context, value: expected });
      expect({ context, problems: planProblems(input, best.flows) }).toEqual({ context, problems: [] });
      expect({ context, problems: planProblems(input, greedy.flows) }).toEqual({ context, problems: [] });
      expect(valueOf(input, best.flows)).toBe(best.value);
      expect(best.units).toBe(best.flows.reduce((sum, f) => sum + f, 0));
      expect(valueOf(input, greedy.flows)).toBe(greedy.value);
      expect(greedy.value).toBeLessThanOrEqual(best.value);

      if (greedy.value < best.value) greedyBehind++;
      if (expected > 0) somethingToSend++;
    }
    // The comparison compares: most instances have value to find (407 of the 500), and on some
    // (14) the greedy baseline falls short of the optimum the solver and the search agree on,
    // so a solver that answered greedily would fail here.
    expect(somethingToSend).toBeGreaterThan(350);
    expect(greedyBehind).toBeGreaterThanOrEqual(10);
  });

  it('gives the same flows for the same input, and both algorithms the same value, on larger instances', () => {
    const next = random(77);
    let greedyBehind = 0;
    for (let k = 0; k < 20; k++) {
      const input = randomInstance(next, 40, 0.25, 30);
      const first = maximiseTransport(input);
      const again = maximiseTransport(structuredClone(input));
      expect(Array.from(again.flows)).toEqual(Array.from(first.flows));
      expect(maximiseTransport(input, { algorithm: 'successive-shortest-paths' }).value).toBe(first.value);
      expect(planProblems(input, first.flows)).toEqual([]);
      const greedy = greedyTransport(input).value;
      expect(greedy).toBeLessThanOrEqual(first.value);
      if (greedy < first.value) greedyBehind++;
    }
    expect(greedyBehind).toBeGreaterThan(15);
  });
});
