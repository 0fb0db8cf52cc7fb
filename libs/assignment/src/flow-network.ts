/** The largest capacity an arc may have: flows are returned in an Int32Array. */
export const MAX_CAPACITY = 0x7fffffff;

/**
 * A directed network for {@link minCostFlow}: nodes `0 … nodeCount − 1`, arcs with an integer
 * capacity and an integer cost per unit, and a supply per node (positive: the node sends that
 * many units, negative: it must receive them).
 *
 * Arcs are kept in the order they were added, in typed arrays that grow by doubling; `arcHint`
 * sizes them up front. The solver's result is deterministic for a given network: the same arcs
 * in the same order give the same flow on every arc, not only the same cost.
 *
 * Every value is checked when it comes in, so a mistake is reported where it was made, naming
 * the arc or node, rather than as a wrong answer later.
 */
export class FlowNetwork {
  readonly nodeCount: number;
  private count = 0;
  private tails: Int32Array;
  private heads: Int32Array;
  private caps: Int32Array;
  private unitCosts: Float64Array;
  private readonly nodeSupplies: Float64Array;

  constructor(nodeCount: number, arcHint = 16) {
    if (!Number.isInteger(nodeCount) || nodeCount < 0 || nodeCount > MAX_CAPACITY) {
      throw new RangeError(`nodeCount must be a non-negative integer, got ${String(nodeCount)}`);
    }
    if (!Number.isInteger(arcHint) || arcHint < 0) {
      throw new RangeError(`arcHint must be a non-negative integer, got ${String(arcHint)}`);
    }
    this.nodeCount = nodeCount;
    const size = Math.max(arcHint, 4);
    this.tails = new Int32Array(size);
    this.heads = new Int32Array(size);
    this.caps = new Int32Array(size);
    this.unitCosts = new Float64Array(size);
    this.nodeSupplies = new Float64Array(nodeCount);
  }

  /** How many arcs have been added; arc indices run from 0 to `arcCount − 1`. */
  get arcCount(): number {
    return this.count;
  }

  /**
   * Adds an arc from `from` to `to` that carries at most `capacity` units at `cost` each, and
   * returns its index (0 for the first arc, then 1, 2, …). Costs may be negative; parallel arcs
   * and loops are allowed.
   */
  addArc(from: number, to: number, capacity: number, cost: number): number {
    const arc = this.count;
    this.checkNode(from, `arc ${arc}: from`);
    this.checkNode(to, `arc ${arc}: to`);
    if (typeof capacity !== 'number' || !Number.isInteger(capacity)) {
      throw new TypeError(`arc ${arc}: capacity must be an integer, got ${String(capacity)}`);
    }
    if (capacity < 0 || capacity > MAX_CAPACITY) {
      throw new RangeError(`arc ${arc}: capacity must be between 0 and ${MAX_CAPACITY}, got ${capacity}`);
    }
    if (typeof cost !== 'number' || !Number.isFinite(cost)) {
      throw new TypeError(`arc ${arc}: cost must be a finite number, got ${String(cost)}`);
    }
    if (!Number.isInteger(cost)) {
      throw new TypeError(`arc ${arc}: cost must be an integer, got ${cost}`);
    }
    if (!Number.isSafeInteger(cost)) {
      throw new RangeError(`arc ${arc}: cost must be a safe integer, got ${cost}`);
    }
    if (arc === this.tails.length) this.grow();
    this.tails[arc] = from;
    this.heads[arc] = to;
    this.caps[arc] = capacity;
    this.unitCosts[arc] = cost;
    this.count = arc + 1;
    return arc;
  }

  /** Sets what `node` sends (positive) or must receive (negative). Supplies start at 0. */
  setSupply(node: number, supply: number): void {
    this.checkNode(node, 'setSupply: node');
    if (typeof supply !== 'number' || !Number.isInteger(supply)) {
      throw new TypeError(`node ${node}: supply must be an integer, got ${String(supply)}`);
    }
    if (!Number.isSafeInteger(supply)) {
      throw new RangeError(`node ${node}: supply must be a safe integer, got ${supply}`);
    }
    this.nodeSupplies[node] = supply;
  }

  supply(node: number): number {
    this.checkNode(node, 'supply: node');
    return this.nodeSupplies[node]!;
  }

  arcFrom(arc: number): number {
    return this.tails[this.checkArc(arc)]!;
  }

  arcTo(arc: number): number {
    return this.heads[this.checkArc(arc)]!;
  }

  arcCapacity(arc: number): number {
    return this.caps[this.checkArc(arc)]!;
  }

  arcCost(arc: number): number {
    return this.unitCosts[this.checkArc(arc)]!;
  }

  /**
   * The arrays the solver reads, trimmed to the arcs added so far. They are views of the
   * network's own storage: read them, do not write to them.
   */
  arrays(): {
    tails: Int32Array;
    heads: Int32Array;
    capacities: Int32Array;
    costs: Float64Array;
    supplies: Float64Array;
  } {
    const n = this.count;
    return {
      tails: this.tails.subarray(0, n),
      heads: this.heads.subarray(0, n),
      capacities: this.caps.subarray(0, n),
      costs: this.unitCosts.subarray(0, n),
      supplies: this.nodeSupplies,
    };
  }

  private grow(): void {
    const size = this.tails.length * 2;
    const tails = new Int32Array(size);
    const heads = new Int32Array(size);
    const caps = new Int32Array(size);
    const costs = new Float64Array(size);
    tails.set(this.tails);
    heads.set(this.heads);
    caps.set(this.caps);
    costs.set(this.unitCosts);
    this.tails = tails;
    this.heads = heads;
    this.caps = caps;
    this.unitCosts = costs;
  }

  private checkNode(node: number, what: string): void {
    if (typeof node !== 'number' || !Number.isInteger(node)) {
      throw new TypeError(`${what} must be an integer node index, got ${String(node)}`);
    }
    if (node < 0 || node >= this.nodeCount) {
      throw new RangeError(`${what} must be between 0 and ${this.nodeCount - 1}, got ${node}`);
    }
  }

  private checkArc(arc: number): number {
    if (!Number.isInteger(arc) || arc < 0 || arc >= this.count) {
      throw new RangeError(`arc must be between 0 and ${this.count - 1}, got ${String(arc)}`);
    }
    return arc;
  }
}
