import { buildResidualGraph, flowsOf } from './residual-graph';
import type { NetworkArrays, SolverOutcome } from './solver';

/**
 * Minimum-cost flow by cost scaling: Goldberg and Tarjan's push–relabel method with ε-scaling,
 * in the partial augment–relabel form with global price updates and price refinement, as in
 * Goldberg's CS2 and LEMON's `CostScaling` (Kovács, "Minimum-cost flow algorithms: an
 * experimental evaluation", 2015).
 *
 * Each node has a price p, and an arc's reduced cost is c + p(from) − p(to). A flow is
 * ε-optimal when every residual arc (one with room left) has reduced cost ≥ −ε. Costs are
 * multiplied by n + 1 on entry, so ε = 1 in those units is ε = 1/(n + 1) in the original ones,
 * and that is optimal for integer costs: a residual cycle has at most n arcs, so it costs more
 * than −n/(n + 1) > −1, that is at least 0, and a flow without a negative residual cycle is a
 * minimum-cost flow.
 *
 * The solver starts with ε near the largest scaled cost and divides it by α (the scaling
 * factor) until it is 1. Each phase ("refine") saturates every arc with negative reduced cost,
 * which leaves nodes with too much flow (excess) and too little (deficit), then moves the
 * excess towards the deficits along admissible arcs (reduced cost < 0), lowering a node's
 * price ("relabel") when no admissible arc leaves it.
 *
 * - Partial augment–relabel: from an active node, walk up to PATH_LENGTH admissible arcs (or
 *   to a deficit) and push along the whole walk at once.
 * - Global price update: every UPDATE_PER_NODE · n relabels, and at the start of each phase,
 *   prices are set from a backward search from the deficits in buckets of ε (Dial's
 *   algorithm), which spares many small relabels.
 * - Price refinement, aimed at the end: before each phase after the first, look for prices under
 *   which the current (feasible) flow is already 1-optimal, that is optimal, and stop when they
 *   exist. CS2 and LEMON refine towards the next phase's ε instead; on the matching bench
 *   refinement only ever succeeded once the flow was optimal, and going straight for ε = 1
 *   proves it in one refinement instead of one per remaining phase, with failures that are
 *   about as cheap (about 0.6 s of refinement instead of 1 s on the bench's 10,000 × 10,000).
 * - Active nodes are taken first in, first out and arcs are scanned in input order, so equal
 *   inputs give equal flows.
 *
 * Arithmetic: costs and prices are Float64, exact for integers below 2^53. Over a run prices
 * fall by at most a few times (n + 1)²·C (C the largest |cost|); `costScalingFits` checks that
 * 8·(n + 1)²·C ≤ 2^53, and prices are watched as well: the solver returns null when one falls
 * below −2^52 and the caller then uses successive shortest paths instead.
 *
 * Supplies that cannot all be met show as a node with excess from which no deficit can be
 * reached: the global update looks for one when its search leaves excess behind, and a node
 * with excess and no residual arc at all is caught when it is relabelled.
 */
const PATH_LENGTH = 8;
const UPDATE_PER_NODE = 2;
const REFINEMENT_ROUNDS = 40;
const PRICE_FLOOR = -(2 ** 52);

export const DEFAULT_SCALING_FACTOR = 16;

export function costScalingFits(nodeCount: number, maxAbsCost: number): boolean {
  const n1 = nodeCount + 1;
  return maxAbsCost * n1 * n1 * 8 <= Number.MAX_SAFE_INTEGER;
}

export function costScaling(net: NetworkArrays, scalingFactor: number): SolverOutcome | null {
  const n = net.nodeCount;
  const m = net.tails.length;
  const alpha = scalingFactor;
  const graph = buildResidualGraph(net);
  const { firstOut, target, reverse, resCap, cost } = graph;
  const residualCount = 2 * m;

  // An arc's capacity at both of its residual arcs: the room on an arc's partner is
  // pairCap − resCap, read without touching the partner's distant slot.
  const pairCap = new Int32Array(residualCount);
  const costScale = n + 1;
  let maxCost = 0;
  for (let a = 0; a < residualCount; a++) {
    const c = cost[a]! * costScale;
    cost[a] = c;
    const cap = resCap[a]! + resCap[reverse[a]!]!;
    pairCap[a] = cap;
    if (cap > 0 && c > maxCost) maxCost = c;
  }

  const excess = Float64Array.from(net.supplies);
  const pi = new Float64Array(n);
  const nextOut = new Int32Array(n);
  // Active nodes, first in first out: a ring of n + 1 slots, each node in it at most once.
  const ring = new Int32Array(n + 1);
  const inRing = new Uint8Array(n);
  let ringHead = 0;
  let ringTail = 0;
  const pathArcs = new Int32Array(PATH_LENGTH + 1);
  const onPath = new Uint8Array(residualCount);

  // Buckets of nodes by rank (a distance in units of ε), shared by the global update and the
  // price refinement.
  const maxRank = Math.min(alpha * n, 0x3fffffff);
  const rank = new Int32Array(n);
  const bucketEnd = n;
  const bucketNext = new Int32Array(n + 1);
  const bucketPrev = new Int32Array(n + 1);
  let buckets = new Int32Array(Math.min(maxRank + 1, 1 << 16));
  const updateEvery = Math.max(16, UPDATE_PER_NODE * n);

  function ensureBuckets(size: number): void {
    if (size <= buckets.length) return;
    const grown = new Int32Array(Math.min(maxRank + 1, Math.max(buckets.length * 2, size)));
    grown.set(buckets);
    buckets = grown;
  }

  function unlinkFromBucket(v: number, r: number): void {
    if (buckets[r] === v) {
      buckets[r] = bucketNext[v]!;
    } else {
      const pv = bucketPrev[v]!;
      const nv = bucketNext[v]!;
      bucketNext[pv] = nv;
      bucketPrev[nv] = pv;
    }
  }

  function linkIntoBucket(v: number, r: number): void {
    const first = buckets[r]!;
    bucketNext[v] = first;
    bucketPrev[first] = v;
    buckets[r] = v;
  }

  /** Whether every node with excess reaches a deficit through residual arcs (backward search). */
  function everyExcessReachesADeficit(): boolean {
    const seen = new Uint8Array(n);
    const queue = new Int32Array(n);
    let head = 0;
    let tail = 0;
    for (let u = 0; u < n; u++) {
      if (excess[u]! < 0) {
        seen[u] = 1;
        queue[tail++] = u;
      }
    }
    while (head < tail) {
      const u = queue[head++]!;
      for (let a = firstOut[u]!, end = firstOut[u + 1]!; a < end; a++) {
        const v = target[a]!;
        if (seen[v] === 0 && resCap[a] !== pairCap[a]) {
          seen[v] = 1;
          queue[tail++] = v;
        }
      }
    }
    for (let u = 0; u < n; u++) if (excess[u]! > 0 && seen[u] === 0) return false;
    return true;
  }

  /**
   * Global price update: ranks every node by its distance to the nearest deficit, counted in
   * whole ε along residual arcs, and lowers each price by rank·ε. Afterwards every ranked node
   * has an admissible path to a deficit. Returns 'infeasible' when some excess cannot reach any
   * deficit, 'overflow' when a price would leave the exact range.
   */
  function globalUpdate(eps: number): 'ok' | 'infeasible' | 'overflow' {
    let totalExcess = 0;
    let b0 = bucketEnd;
    for (let u = 0; u < n; u++) {
      if (excess[u]! < 0) {
        rank[u] = 0;
        bucketNext[u] = b0;
        bucketPrev[b0] = u;
        b0 = u;
      } else {
        totalExcess += excess[u]!;
        rank[u] = maxRank;
      }
    }
    if (totalExcess === 0) return 'ok';
    buckets[0] = b0;
    let usedBuckets = 1;
    let r = 0;
    for (; r < usedBuckets; r++) {
      while (buckets[r] !== bucketEnd) {
        const u = buckets[r]!;
        buckets[r] = bucketNext[u]!;
        const piU = pi[u]!;
        for (let a = firstOut[u]!, end = firstOut[u + 1]!; a < end; a++) {
          // The arc v→u is a's partner; it has room when a is not at full room.
          if (resCap[a] === pairCap[a]) continue;
          const v = target[a]!;
          const oldRank = rank[v]!;
          if (r >= oldRank) continue;
          // v→u's reduced cost in whole ε, rounded down: at least −1 in an ε-optimal flow.
          // Lowering v's price by (r + 1 + steps)·ε and u's by r·ε leaves it in [−ε, 0).
          const steps = Math.floor((pi[v]! - cost[a]! - piU) / eps);
          if (steps >= maxRank - r - 1) continue;
          const newRank = r + 1 + steps;
          if (newRank >= oldRank) continue;
          rank[v] = newRank;
          if (oldRank < maxRank) unlinkFromBucket(v, oldRank);
          if (newRank >= usedBuckets) {
            ensureBuckets(newRank + 1);
            buckets.fill(bucketEnd, usedBuckets, newRank + 1);
            usedBuckets = newRank + 1;
          }
          linkIntoBucket(v, newRank);
        }
        if (excess[u]! > 0) {
          totalExcess -= excess[u]!;
          if (totalExcess <= 0) break;
        }
      }
      if (totalExcess <= 0) break;
    }
    // Excess left unranked cannot reach a deficit at all, or only farther than every rank
    // used; in the second case lowering it by r·ε (less than its distance) is still valid.
    if (totalExcess > 0 && !everyExcessReachesADeficit()) return 'infeasible';
    for (let u = 0; u < n; u++) {
      const k = rank[u]! < r ? rank[u]! : r;
      if (k > 0) {
        const price = pi[u]! - eps * k;
        if (price < PRICE_FLOOR) return 'overflow';
        pi[u] = price;
        nextOut[u] = firstOut[u]!;
      }
    }
    return 'ok';
  }

  const order = new Int32Array(n);
  const dfsStack = new Int32Array(n);
  const visit = new Uint8Array(n);

  /**
   * Price refinement: looks for prices under which the current flow is already ε-optimal,
   * without moving any flow. It orders the admissible graph topologically (a cycle in it means
   * there are none: give up), ranks each node by how far the longest admissible path into it
   * falls below −ε, in whole ε, and lowers prices by rank·ε from the highest rank down,
   * carrying the change along residual arcs. Lowering prices can make new arcs admissible, so
   * this repeats until no rank is left or a cycle appears, at most REFINEMENT_ROUNDS times
   * (the bench's instances need 10 to 20).
   */
  function priceRefinement(eps: number): boolean {
    for (let round = 0; round < REFINEMENT_ROUNDS; round++) {
      visit.fill(0);
      let placed = n;
      for (let root = 0; root < n; root++) {
        if (visit[root] !== 0) continue;
        let top = 0;
        dfsStack[0] = root;
        visit[root] = 1;
        nextOut[root] = firstOut[root]!;
        while (top >= 0) {
          const u = dfsStack[top]!;
          const piU = pi[u]!;
          const end = firstOut[u + 1]!;
          let a = nextOut[u]!;
          for (; a < end; a++) {
            if (resCap[a]! > 0 && cost[a]! + piU - pi[target[a]!]! < 0) {
              const state = visit[target[a]!];
              if (state === 1) return false;
              if (state === 0) break;
            }
          }
          if (a < end) {
            nextOut[u] = a + 1;
            const v = target[a]!;
            visit[v] = 1;
            nextOut[v] = firstOut[v]!;
            dfsStack[++top] = v;
          } else {
            visit[u] = 2;
            order[--placed] = u;
            top--;
          }
        }
      }

      rank.fill(0);
      let topRank = 0;
      for (let k = 0; k < n; k++) {
        const u = order[k]!;
        const rankU = rank[u]!;
        const piU = pi[u]!;
        for (let a = firstOut[u]!, end = firstOut[u + 1]!; a < end; a++) {
          if (resCap[a]! > 0) {
            const v = target[a]!;
            const rc = cost[a]! + piU - pi[v]!;
            if (rc < -eps) {
              const below = Math.ceil(-rc / eps) - 1;
              if (rankU + below > rank[v]!) rank[v] = rankU + below;
            }
          }
        }
        if (rankU > topRank) topRank = rankU;
      }
      if (topRank === 0) return true;
      if (topRank >= maxRank) return false;

      ensureBuckets(topRank + 1);
      buckets.fill(bucketEnd, 0, topRank + 1);
      for (let u = 0; u < n; u++) if (rank[u]! > 0) linkIntoBucket(u, rank[u]!);
      for (let r = topRank; r > 0; r--) {
        while (buckets[r] !== bucketEnd) {
          const u = buckets[r]!;
          buckets[r] = bucketNext[u]!;
          const piU = pi[u]!;
          for (let a = firstOut[u]!, end = firstOut[u + 1]!; a < end; a++) {
            if (resCap[a]! <= 0) continue;
            const v = target[a]!;
            const oldRank = rank[v]!;
            if (oldRank >= r) continue;
            const rc = cost[a]! + piU - pi[v]!;
            const newRank = rc < 0 ? r : r - 1 - Math.floor(rc / eps);
            if (newRank <= oldRank) continue;
            rank[v] = newRank;
            if (oldRank > 0) unlinkFromBucket(v, oldRank);
            linkIntoBucket(v, newRank);
          }
          const price = piU - r * eps;
          if (price < PRICE_FLOOR) return false;
          pi[u] = price;
        }
      }
    }
    return false;
  }

  let supplyTotal = 0;
  for (let u = 0; u < n; u++) supplyTotal += excess[u]!;
  if (supplyTotal !== 0) return { flows: new Int32Array(m), feasible: false };
  const infeasible: SolverOutcome = { flows: new Int32Array(m), feasible: false };

  let eps = Math.max(1, Math.floor(maxCost / alpha));
  for (let phase = 1; ; phase++) {
    // From the second phase on the flow meets every supply; when there are prices under which
    // it is 1-optimal it is optimal already, and the remaining phases are skipped.
    if (phase > 1 && priceRefinement(1)) break;

    // Saturate every residual arc with negative reduced cost.
    for (let u = 0; u < n; u++) {
      const piU = pi[u]!;
      for (let a = firstOut[u]!, end = firstOut[u + 1]!; a < end; a++) {
        const delta = resCap[a]!;
        if (delta > 0) {
          const v = target[a]!;
          if (cost[a]! + piU - pi[v]! < 0) {
            excess[u] = excess[u]! - delta;
            excess[v] = excess[v]! + delta;
            resCap[a] = 0;
            resCap[reverse[a]!]! += delta;
          }
        }
      }
    }
    ringHead = 0;
    ringTail = 0;
    for (let u = 0; u < n; u++) {
      nextOut[u] = firstOut[u]!;
      inRing[u] = 0;
      if (excess[u]! > 0) {
        ring[ringTail++] = u;
        inRing[u] = 1;
      }
    }
    let updated = globalUpdate(eps);
    if (updated === 'infeasible') return infeasible;
    if (updated === 'overflow') return null;
    let relabels = 0;

    for (;;) {
      while (ringHead !== ringTail && excess[ring[ringHead]!]! <= 0) {
        inRing[ring[ringHead]!] = 0;
        ringHead = ringHead === n ? 0 : ringHead + 1;
      }
      if (ringHead === ringTail) break;
      const start = ring[ringHead]!;

      // Walk admissible arcs from `start`, relabelling where the walk gets stuck; stop at a
      // deficit or after PATH_LENGTH arcs.
      let tip = start;
      let pathLength = 0;
      while (pathLength < PATH_LENGTH && excess[tip]! >= 0) {
        const piTip = pi[tip]!;
        const end = firstOut[tip + 1]!;
        let minRc = Infinity;
        let found = -1;
        for (let a = nextOut[tip]!; a < end; a++) {
          if (resCap[a]! > 0) {
            const rc = cost[a]! + piTip - pi[target[a]!]!;
            if (rc < 0) {
              found = a;
              break;
            }
            if (rc < minRc) minRc = rc;
          }
        }
        if (found >= 0) {
          nextOut[tip] = found;
          pathArcs[pathLength++] = found;
          if (onPath[found] === 1) break;
          onPath[found] = 1;
          tip = target[found]!;
          continue;
        }
        if (pathLength > 0) {
          // The arc back along the walk will have room once the walk is pushed.
          const back = reverse[pathArcs[pathLength - 1]!]!;
          const rc = cost[back]! + piTip - pi[target[back]!]!;
          if (rc < minRc) minRc = rc;
        }
        for (let a = firstOut[tip]!, stop = nextOut[tip]!; a < stop; a++) {
          if (resCap[a]! > 0) {
            const rc = cost[a]! + piTip - pi[target[a]!]!;
            if (rc < minRc) minRc = rc;
          }
        }
        // Excess at a node with no residual arc at all: it can never leave.
        if (minRc === Infinity) return infeasible;
        const price = piTip - (minRc + eps);
        if (price < PRICE_FLOOR) return null;
        pi[tip] = price;
        nextOut[tip] = firstOut[tip]!;
        relabels++;
        if (pathLength > 0) {
          const back = pathArcs[--pathLength]!;
          onPath[back] = 0;
          tip = target[reverse[back]!]!;
        }
        // Time for a global update, which is also what notices excess that can never reach a
        // deficit (without it, a walk could bounce between two such nodes for ever).
        if (relabels >= updateEvery) break;
      }

      // Push along the walk, as much as each node holds and each arc takes.
      let v = start;
      for (let i = 0; i < pathLength; i++) {
        const a = pathArcs[i]!;
        const u = v;
        v = target[a]!;
        onPath[a] = 0;
        const room = resCap[a]!;
        const held = excess[u]!;
        const delta = room < held ? room : held;
        resCap[a] = room - delta;
        resCap[reverse[a]!]! += delta;
        excess[u] = held - delta;
        const after = excess[v]! + delta;
        excess[v] = after;
        if (after > 0 && inRing[v] === 0) {
          inRing[v] = 1;
          ring[ringTail] = v;
          ringTail = ringTail === n ? 0 : ringTail + 1;
        }
      }

      if (relabels >= updateEvery) {
        relabels = 0;
        updated = globalUpdate(eps);
        if (updated === 'infeasible') return infeasible;
        if (updated === 'overflow') return null;
      }
    }
    if (eps === 1) break;
    eps = eps < alpha ? 1 : Math.floor(eps / alpha);
  }

  return { flows: flowsOf(graph, m), feasible: true };
}
