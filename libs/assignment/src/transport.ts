import { FlowNetwork, MAX_CAPACITY } from './flow-network';
import { minCostFlow, type MinCostFlowOptions } from './min-cost-flow';

/** A way to send units from one supply to one demand, worth `value` per unit. */
export interface TransportArc {
  /** Index into `supplies`. */
  from: number;
  /** Index into `demands`. */
  to: number;
  /** Integer value of one unit sent along this arc; an arc worth 0 or less is never used. */
  value: number;
  /** At most this many units; the smaller of the supply and the demand unless told. */
  capacity?: number;
}

export interface TransportInput {
  /** Units each supply can send (non-negative integers). */
  supplies: readonly number[];
  /** Units each demand can take (non-negative integers). */
  demands: readonly number[];
  arcs: readonly TransportArc[];
}

export interface TransportResult {
  /** Units sent along each arc, by its index in `arcs`. */
  flows: Int32Array;
  /** Σ flow × value. */
  value: number;
  /** Σ flow: units sent in all. */
  units: number;
}

/**
 * The plan of greatest total value: how many units to send along each arc so that no supply
 * sends more than it has, no demand takes more than it asked for, no arc carries more than its
 * capacity, and Σ flow × value is as large as it can be. Nothing has to be sent: a unit moves
 * only where it adds value, so the plan may leave supply and demand unmet.
 *
 * It is solved as a minimum-cost flow (cost = −value) on this network:
 *
 *   supply i ──(capacity, −value)──▶ demand j ──(demand j, 0)──▶ sink
 *   supply i ─────────────────(supply i, 0)──────────────────────▶ sink
 *
 * with supply i's supply at node i and the sink taking Σ supplies. The direct arc to the sink
 * lets a unit go unsent at no cost, so every plan is one of these flows and back: a plan x gives
 * the flow that sends what x sends and the rest of each supply straight to the sink, with cost
 * −value(x); a flow gives the plan of its flows on the supply→demand arcs, worth −cost. The
 * minimum-cost flow is therefore the plan of maximum value. Arcs worth 0 or less are left out
 * of the network: setting such an arc's flow to 0 in any plan keeps the plan within every limit
 * and does not lower its value, so the best plan need not use them.
 *
 * Deterministic: the same input in the same order gives the same flows.
 */
export function maximiseTransport(input: TransportInput, options: MinCostFlowOptions = {}): TransportResult {
  const { supplies, demands, arcs } = input;
  const capacities = checkTransportInput(input);
  const sink = supplies.length + demands.length;
  const net = new FlowNetwork(sink + 1, arcs.length + supplies.length + demands.length);
  const netArc = new Int32Array(arcs.length).fill(-1);
  for (let k = 0; k < arcs.length; k++) {
    const arc = arcs[k]!;
    if (arc.value > 0 && capacities[k]! > 0) {
      netArc[k] = net.addArc(arc.from, supplies.length + arc.to, capacities[k]!, -arc.value);
    }
  }
  let total = 0;
  supplies.forEach((supply, i) => {
    if (supply === 0) return;
    net.setSupply(i, supply);
    net.addArc(i, sink, supply, 0);
    total += supply;
  });
  demands.forEach((demand, j) => {
    if (demand > 0) net.addArc(supplies.length + j, sink, demand, 0);
  });
  net.setSupply(sink, -total);

  const solved = minCostFlow(net, options);
  if (!solved.feasible) throw new Error('maximiseTransport: the network was infeasible, which cannot happen');
  const flows = new Int32Array(arcs.length);
  for (let k = 0; k < arcs.length; k++) {
    if (netArc[k]! >= 0) flows[k] = solved.flows[netArc[k]!]!;
  }
  return summarise(arcs, flows);
}

/**
 * A baseline for {@link maximiseTransport}: take the arcs from the highest value per unit down
 * (equal values in arc order) and send as much as each can, as a first-come matcher would. It
 * respects the same limits and never beats the optimum.
 */
export function greedyTransport(input: TransportInput): TransportResult {
  const { supplies, demands, arcs } = input;
  const capacities = checkTransportInput(input);
  const supplyLeft = Float64Array.from(supplies);
  const demandLeft = Float64Array.from(demands);
  const order: number[] = [];
  arcs.forEach((arc, k) => {
    if (arc.value > 0) order.push(k);
  });
  order.sort((a, b) => arcs[b]!.value - arcs[a]!.value || a - b);
  const flows = new Int32Array(arcs.length);
  for (const k of order) {
    const { from, to } = arcs[k]!;
    const amount = Math.min(capacities[k]!, supplyLeft[from]!, demandLeft[to]!);
    if (amount <= 0) continue;
    flows[k] = amount;
    supplyLeft[from] = supplyLeft[from]! - amount;
    demandLeft[to] = demandLeft[to]! - amount;
  }
  return summarise(arcs, flows);
}

function summarise(arcs: readonly TransportArc[], flows: Int32Array): TransportResult {
  let value = 0;
  let units = 0;
  for (let k = 0; k < arcs.length; k++) {
    value += flows[k]! * arcs[k]!.value;
    units += flows[k]!;
  }
  return { flows, value, units };
}

/** Checks the input and returns each arc's capacity (its own, or the smaller end's). */
function checkTransportInput({ supplies, demands, arcs }: TransportInput): Int32Array {
  for (let i = 0; i < supplies.length; i++) checkAmount(supplies[i]!, 'supplies', i);
  for (let j = 0; j < demands.length; j++) checkAmount(demands[j]!, 'demands', j);
  const capacities = new Int32Array(arcs.length);
  for (let k = 0; k < arcs.length; k++) {
    const arc = arcs[k]!;
    checkIndex(arc.from, supplies.length, k, 'from');
    checkIndex(arc.to, demands.length, k, 'to');
    if (!Number.isSafeInteger(arc.value)) {
      if (typeof arc.value !== 'number' || !Number.isInteger(arc.value)) {
        throw new TypeError(`arcs[${k}].value must be an integer, got ${String(arc.value)}`);
      }
      throw new RangeError(`arcs[${k}].value must be a safe integer, got ${arc.value}`);
    }
    const ends = Math.min(supplies[arc.from]!, demands[arc.to]!);
    if (arc.capacity === undefined) {
      capacities[k] = ends;
    } else {
      checkAmount(arc.capacity, 'arcs', k, '.capacity');
      capacities[k] = Math.min(arc.capacity, ends);
    }
  }
  return capacities;
}

/** Messages are built only on failure: these run once per arc. */
function checkAmount(value: number, list: string, index: number, field = ''): void {
  if (Number.isInteger(value) && value >= 0 && value <= MAX_CAPACITY) return;
  const what = `${list}[${index}]${field}`;
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw new TypeError(`${what} must be an integer, got ${String(value)}`);
  }
  throw new RangeError(`${what} must be between 0 and ${MAX_CAPACITY}, got ${value}`);
}

function checkIndex(value: number, length: number, arc: number, end: 'from' | 'to'): void {
  if (Number.isInteger(value) && value >= 0 && value < length) return;
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw new TypeError(`arcs[${arc}].${end} must be an integer index, got ${String(value)}`);
  }
  throw new RangeError(`arcs[${arc}].${end} must be between 0 and ${length - 1}, got ${value}`);
}
