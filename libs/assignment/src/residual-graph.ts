import type { NetworkArrays } from './solver';

/**
 * A network's residual graph in forward-star form: node u's residual arcs sit at positions
 * `firstOut[u]` … `firstOut[u + 1] − 1`. Input arc i becomes two residual arcs, its forward
 * arc at its tail (room = capacity − flow, cost c) and its reverse arc at its head (room =
 * flow, cost −c); `reverse` links the two and `origin` tells which input arc a position holds
 * (i at the forward arc, ~i at the reverse). A stable counting sort keeps each node's arcs in
 * input order, which is what makes the solvers deterministic.
 */
export interface ResidualGraph {
  nodeCount: number;
  firstOut: Int32Array;
  target: Int32Array;
  reverse: Int32Array;
  /** Room left on each residual arc; starts at the capacity forward and 0 in reverse. */
  resCap: Int32Array;
  cost: Float64Array;
  origin: Int32Array;
}

export function buildResidualGraph(net: NetworkArrays): ResidualGraph {
  const { nodeCount: n, tails, heads, capacities, costs } = net;
  const m = tails.length;
  const firstOut = new Int32Array(n + 1);
  for (let i = 0; i < m; i++) {
    firstOut[tails[i]! + 1]!++;
    firstOut[heads[i]! + 1]!++;
  }
  for (let u = 0; u < n; u++) firstOut[u + 1]! += firstOut[u]!;
  const fill = firstOut.slice(0, n);
  const target = new Int32Array(2 * m);
  const reverse = new Int32Array(2 * m);
  const resCap = new Int32Array(2 * m);
  const cost = new Float64Array(2 * m);
  const origin = new Int32Array(2 * m);
  for (let i = 0; i < m; i++) {
    const u = tails[i]!;
    const v = heads[i]!;
    const a = fill[u]!++;
    const b = fill[v]!++;
    target[a] = v;
    target[b] = u;
    reverse[a] = b;
    reverse[b] = a;
    resCap[a] = capacities[i]!;
    cost[a] = costs[i]!;
    cost[b] = -costs[i]!;
    origin[a] = i;
    origin[b] = ~i;
  }
  return { nodeCount: n, firstOut, target, reverse, resCap, cost, origin };
}

/** The flow on every input arc, read off the reverse arcs' room. */
export function flowsOf(graph: ResidualGraph, arcCount: number): Int32Array {
  const flows = new Int32Array(arcCount);
  const { origin, resCap } = graph;
  for (let a = 0; a < origin.length; a++) {
    const i = origin[a]!;
    if (i < 0) flows[~i] = resCap[a]!;
  }
  return flows;
}
