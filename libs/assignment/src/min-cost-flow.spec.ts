import { FlowNetwork } from './flow-network';
import { minCostFlow, type MinCostFlowAlgorithm } from './min-cost-flow';

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

interface Arc {
  from: number;
  to: number;
  capacity: number;
  cost: number;
}

function network(nodeCount: number, arcs: Arc[], supplies: Record<number, number> = {}): FlowNetwork {
  const net = new FlowNetwork(nodeCount, arcs.length);
  for (const a of arcs) net.addArc(a.from, a.to, a.capacity, a.cost);
  for (const [node, supply] of Object.entries(supplies)) net.setSupply(Number(node), supply);
  return net;
}

/** Every arc within its capacity and every node sending exactly its supply. */
function expectValidFlow(nodeCount: number, arcs: Arc[], supplies: number[], flows: Int32Array): void {
  const net = new Array<number>(nodeCount).fill(0);
  const outOfBounds: number[] = [];
  arcs.forEach((a, i) => {
    if (flows[i]! < 0 || flows[i]! > a.capacity) outOfBounds.push(i);
    net[a.from]! += flows[i]!;
    net[a.to]! -= flows[i]!;
  });
  expect(outOfBounds).toEqual([]);
  expect(net).toEqual(supplies);
}

const algorithms: MinCostFlowAlgorithm[] = ['cost-scaling', 'successive-shortest-paths'];

describe.each(algorithms)('minCostFlow (%s)', (algorithm) => {
  it('splits a shipment over two routes when the cheap one is full', () => {
    // 0 → 1 → 3 costs 1 + 1 = 2 a unit but takes 3; 0 → 2 → 3 costs 2 + 3 = 5 a unit.
    // Sending 5: 3 the cheap way (6) and 2 the dear way (10), 16 in all.
    const arcs = [
      { from: 0, to: 1, capacity: 3, cost: 1 },
      { from: 1, to: 3, capacity: 4, cost: 1 },
      { from: 0, to: 2, capacity: 5, cost: 2 },
      { from: 2, to: 3, capacity: 5, cost: 3 },
    ];
    const result = minCostFlow(network(4, arcs, { 0: 5, 3: -5 }), { algorithm });
    expect(result.feasible).toBe(true);
    expect(result.cost).toBe(16);
    expect(Array.from(result.flows)).toEqual([3, 3, 2, 2]);
    expect(result.flow(2)).toBe(2);
  });

  it('runs a negative cycle as far as its capacity allows', () => {
    // No supplies: a circulation. The triangle costs −1 − 1 + 1 = −1 a unit, capacity 2 → −2;
    // the loop at node 3 costs −4 a unit, capacity 1 → −4; the dear arc stays empty.
    const arcs = [
      { from: 0, to: 1, capacity: 2, cost: -1 },
      { from: 1, to: 2, capacity: 5, cost: -1 },
      { from: 2, to: 0, capacity: 9, cost: 1 },
      { from: 3, to: 3, capacity: 1, cost: -4 },
      { from: 0, to: 3, capacity: 9, cost: 7 },
    ];
    const result = minCostFlow(network(4, arcs), { algorithm });
    expect(result.feasible).toBe(true);
    expect(result.cost).toBe(-6);
    expect(Array.from(result.flows)).toEqual([2, 2, 2, 1, 0]);
  });

  it('uses the cheaper of two parallel arcs first', () => {
    const arcs = [
      { from: 0, to: 1, capacity: 2, cost: 5 },
      { from: 0, to: 1, capacity: 2, cost: 3 },
      { from: 0, to: 1, capacity: 2, cost: 4 },
    ];
    const result = minCostFlow(network(2, arcs, { 0: 3, 1: -3 }), { algorithm });
    expect(Array.from(result.flows)).toEqual([0, 2, 1]);
    expect(result.cost).toBe(10);
  });

  it('says infeasible, with no flow, when the demands cannot be reached', () => {
    const arcs = [
      { from: 0, to: 1, capacity: 2, cost: 1 },
      { from: 1, to: 2, capacity: 9, cost: -3 },
    ];
    const tooMuch = minCostFlow(network(3, arcs, { 0: 3, 2: -3 }), { algorithm });
    expect(tooMuch.feasible).toBe(false);
    expect(Array.from(tooMuch.flows)).toEqual([0, 0]);
    expect(tooMuch.cost).toBe(0);

    const unbalanced = minCostFlow(network(3, arcs, { 0: 2, 2: -1 }), { algorithm });
    expect(unbalanced.feasible).toBe(false);

    const noArcs = minCostFlow(network(2, [], { 0: 1, 1: -1 }), { algorithm });
    expect(noArcs.feasible).toBe(false);
  });

  it('handles empty networks and zero capacities', () => {
    expect(minCostFlow(new FlowNetwork(0), { algorithm })).toMatchObject({ feasible: true, cost: 0 });
    const arcs = [{ from: 0, to: 1, capacity: 0, cost: -5 }];
    const result = minCostFlow(network(2, arcs), { algorithm });
    expect(result).toMatchObject({ feasible: true, cost: 0 });
    expect(Array.from(result.flows)).toEqual([0]);
  });

  it('gives the same flows for the same network, every time', () => {
    const build = () => randomNetwork(random(7), 40, 300);
    const a = build();
    const b = build();
    const first = minCostFlow(network(40, a.arcs, a.supplyMap), { algorithm });
    const again = minCostFlow(network(40, b.arcs, b.supplyMap), { algorithm });
    expect(first.feasible).toBe(true);
    expect(Array.from(again.flows)).toEqual(Array.from(first.flows));
  });
});

/**
 * A random network with negative costs, cycles and parallel arcs, whose supplies are made
 * feasible by construction: they are what a random flow within the capacities leaves behind.
 */
function randomNetwork(
  next: () => number,
  nodeCount: number,
  arcCount: number,
): { arcs: Arc[]; supplies: number[]; supplyMap: Record<number, number> } {
  const int = (low: number, high: number) => low + Math.floor(next() * (high - low + 1));
  const arcs: Arc[] = [];
  const supplies = new Array<number>(nodeCount).fill(0);
  for (let i = 0; i < arcCount; i++) {
    const arc = { from: int(0, nodeCount - 1), to: int(0, nodeCount - 1), capacity: int(0, 20), cost: int(-30, 60) };
    arcs.push(arc);
    const used = int(0, arc.capacity);
    supplies[arc.from]! += used;
    supplies[arc.to]! -= used;
  }
  const supplyMap: Record<number, number> = {};
  supplies.forEach((s, node) => {
    if (s !== 0) supplyMap[node] = s;
  });
  return { arcs, supplies, supplyMap };
}

describe('the two algorithms', () => {
  it('agree on the least cost of 200 random networks, and both flows are valid', () => {
    const next = random(20240601);
    let negativeCostsUsed = 0;
    for (let k = 0; k < 200; k++) {
      const nodeCount = 2 + Math.floor(next() * 30);
      const { arcs, supplies, supplyMap } = randomNetwork(next, nodeCount, Math.floor(next() * 6 * nodeCount));
      const scaled = minCostFlow(network(nodeCount, arcs, supplyMap));
      const paths = minCostFlow(network(nodeCount, arcs, supplyMap), { algorithm: 'successive-shortest-paths' });
      expect(scaled.algorithm).toBe('cost-scaling');
      expect(scaled.feasible).toBe(true);
      expect(paths.feasible).toBe(true);
      expect(scaled.cost).toBe(paths.cost);
      expectValidFlow(nodeCount, arcs, supplies, scaled.flows);
      expectValidFlow(nodeCount, arcs, supplies, paths.flows);
      if (arcs.some((a, i) => a.cost < 0 && scaled.flows[i]! > 0)) negativeCostsUsed++;
    }
    // The instances do exercise negative costs (and so cycles the solver has to find).
    expect(negativeCostsUsed).toBeGreaterThan(100);
  });

  it('agree when a random network cannot be satisfied', () => {
    const next = random(99);
    for (let k = 0; k < 50; k++) {
      const { arcs, supplyMap } = randomNetwork(next, 12, 30);
      // One more unit out of node 0 and into node 11 than the arcs were shown to carry.
      supplyMap[0] = (supplyMap[0] ?? 0) + 1000;
      supplyMap[11] = (supplyMap[11] ?? 0) - 1000;
      expect(minCostFlow(network(12, arcs, supplyMap)).feasible).toBe(false);
      expect(minCostFlow(network(12, arcs, supplyMap), { algorithm: 'successive-shortest-paths' }).feasible).toBe(false);
    }
  });

  it('hands over to successive shortest paths when costs are too large for cost scaling', () => {
    // 8·(n + 1)²·C must stay below 2^53: with 3 nodes, C = 2^47 is too large (8·16·2^47 = 2^54).
    // 0 → 2 → 1 costs (big + 1) + (3 − big) = 4 a unit and takes 2; the third unit goes direct.
    const big = 2 ** 47;
    const arcs = [
      { from: 0, to: 1, capacity: 2, cost: big },
      { from: 0, to: 2, capacity: 2, cost: big + 1 },
      { from: 2, to: 1, capacity: 2, cost: -big + 3 },
    ];
    const result = minCostFlow(network(3, arcs, { 0: 3, 1: -3 }));
    expect(result.algorithm).toBe('successive-shortest-paths');
    expect(Array.from(result.flows)).toEqual([1, 2, 2]);
    expect(result.cost).toBe(big + 8);
  });
});

describe('input checks', () => {
  it('refuses a bad node count', () => {
    expect(() => new FlowNetwork(-1)).toThrow(RangeError);
    expect(() => new FlowNetwork(2.5)).toThrow('nodeCount must be a non-negative integer');
  });

  it('refuses arcs with a bad end, capacity or cost, naming the arc', () => {
    const net = new FlowNetwork(3);
    net.addArc(0, 1, 1, 1);
    expect(() => net.addArc(0, 3, 1, 1)).toThrow(new RangeError('arc 1: to must be between 0 and 2, got 3'));
    expect(() => net.addArc(-1, 0, 1, 1)).toThrow(RangeError);
    expect(() => net.addArc(0.5, 0, 1, 1)).toThrow(TypeError);
    expect(() => net.addArc(0, 1, 1.5, 1)).toThrow(new TypeError('arc 1: capacity must be an integer, got 1.5'));
    expect(() => net.addArc(0, 1, -1, 1)).toThrow(new RangeError('arc 1: capacity must be between 0 and 2147483647, got -1'));
    expect(() => net.addArc(0, 1, 2 ** 31, 1)).toThrow(RangeError);
    expect(() => net.addArc(0, 1, 1, Number.NaN)).toThrow(new TypeError('arc 1: cost must be a finite number, got NaN'));
    expect(() => net.addArc(0, 1, 1, Infinity)).toThrow(TypeError);
    expect(() => net.addArc(0, 1, 1, 0.25)).toThrow(new TypeError('arc 1: cost must be an integer, got 0.25'));
    expect(() => net.addArc(0, 1, 1, 2 ** 60)).toThrow(RangeError);
    expect(() => net.addArc(0, 1, '1' as unknown as number, 1)).toThrow(TypeError);
    // Nothing refused was added.
    expect(net.arcCount).toBe(1);
  });

  it('refuses bad supplies', () => {
    const net = new FlowNetwork(2);
    expect(() => net.setSupply(2, 1)).toThrow(RangeError);
    expect(() => net.setSupply(0, 1.5)).toThrow(new TypeError('node 0: supply must be an integer, got 1.5'));
    expect(() => net.setSupply(0, Number.NaN)).toThrow(TypeError);
  });

  it('refuses networks whose totals could leave the exact range, and bad options', () => {
    const net = new FlowNetwork(2);
    net.addArc(0, 1, 2 ** 30, 2 ** 30);
    net.addArc(0, 1, 2 ** 30, 2 ** 30);
    expect(() => minCostFlow(net)).toThrow(/above 2\^53 − 1/);
    const small = new FlowNetwork(2);
    expect(() => minCostFlow(small, { scalingFactor: 1 })).toThrow(RangeError);
    expect(() => minCostFlow(small, { algorithm: 'simplex' as MinCostFlowAlgorithm })).toThrow(TypeError);
    expect(() => minCostFlow(small).flow(0)).toThrow(RangeError);
  });
});
