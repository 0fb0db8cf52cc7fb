import { costScaling, costScalingFits, DEFAULT_SCALING_FACTOR } from './cost-scaling';
import type { FlowNetwork } from './flow-network';
import type { SolverOutcome } from './solver';
import { successiveShortestPaths } from './successive-shortest-paths';

export type MinCostFlowAlgorithm = 'cost-scaling' | 'successive-shortest-paths';

export interface MinCostFlowOptions {
  /**
   * `cost-scaling` (the default) or `successive-shortest-paths`. Cost scaling hands over to
   * successive shortest paths by itself when the costs are too large for its exact
   * arithmetic (see cost-scaling.ts); the result says which one answered.
   */
  algorithm?: MinCostFlowAlgorithm;
  /** Cost scaling divides ε by this between phases: an integer ≥ 2, 16 unless told. */
  scalingFactor?: number;
}

export interface MinCostFlowResult {
  /**
   * Whether a flow meets every supply and demand exactly. When not (supplies that do not sum
   * to zero, or that cannot reach the demands within the capacities) every flow is 0 and the
   * cost 0.
   */
  feasible: boolean;
  /** Σ flow × cost over the arcs, the least any feasible flow costs. */
  cost: number;
  /** The flow on each arc, by arc index. */
  flows: Int32Array;
  /** The flow on one arc. */
  flow(arc: number): number;
  algorithm: MinCostFlowAlgorithm;
}

/**
 * A flow of least total cost that meets every node's supply (sends exactly that much more than
 * it receives; a demand is a negative supply) within the arcs' capacities.
 *
 * Nothing is optional in that statement: to let supply go unused, or demand unmet, give the
 * network a way to do so (an arc to a node that absorbs the rest at cost 0), as
 * `maximiseTransport` does.
 *
 * Exact: costs, flows and totals are integers, and the solver refuses (RangeError) a network
 * whose worst-case total Σ |cost| × capacity would not fit below 2^53.
 */
export function minCostFlow(net: FlowNetwork, options: MinCostFlowOptions = {}): MinCostFlowResult {
  const algorithm = options.algorithm ?? 'cost-scaling';
  if (algorithm !== 'cost-scaling' && algorithm !== 'successive-shortest-paths') {
    throw new TypeError(`algorithm must be 'cost-scaling' or 'successive-shortest-paths', got ${String(algorithm)}`);
  }
  const scalingFactor = options.scalingFactor ?? DEFAULT_SCALING_FACTOR;
  if (!Number.isInteger(scalingFactor) || scalingFactor < 2 || scalingFactor > 1024) {
    throw new RangeError(`scalingFactor must be an integer from 2 to 1024, got ${String(scalingFactor)}`);
  }

  const arrays = { nodeCount: net.nodeCount, ...net.arrays() };
  let maxAbsCost = 0;
  let worstTotal = 0;
  for (let i = 0; i < arrays.costs.length; i++) {
    const size = Math.abs(arrays.costs[i]!);
    if (size > maxAbsCost) maxAbsCost = size;
    worstTotal += size * arrays.capacities[i]!;
  }
  if (worstTotal > Number.MAX_SAFE_INTEGER) {
    throw new RangeError(`Σ |cost| × capacity over the arcs is ${worstTotal}, above 2^53 − 1: totals would not be exact`);
  }

  let outcome: SolverOutcome | null = null;
  let used: MinCostFlowAlgorithm = algorithm;
  if (algorithm === 'cost-scaling' && costScalingFits(net.nodeCount, maxAbsCost)) {
    outcome = costScaling(arrays, scalingFactor);
  }
  if (outcome === null) {
    used = 'successive-shortest-paths';
    outcome = successiveShortestPaths(arrays);
  }

  const { flows, feasible } = outcome;
  let cost = 0;
  for (let i = 0; i < flows.length; i++) cost += flows[i]! * arrays.costs[i]!;
  return {
    feasible,
    cost,
    flows,
    algorithm: used,
    flow: (arc: number) => {
      if (!Number.isInteger(arc) || arc < 0 || arc >= flows.length) {
        throw new RangeError(`arc must be between 0 and ${flows.length - 1}, got ${String(arc)}`);
      }
      return flows[arc]!;
    },
  };
}
