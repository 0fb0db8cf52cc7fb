/**
 * A matching run: the candidate pairs (candidates.ts), then the quantities that give the greatest
 * total value, Σ score × quantity, without giving away more than an offer has or sending a need
 * more than it still needs. Quantities may be partial: 20 bags of rice can go 12 to one need and
 * 8 to another.
 *
 * This is a transportation problem — offers supply, needs demand, each candidate pair is an arc
 * worth its per-unit score — solved exactly by `maximiseTransport` from @goodloop/assignment.
 * Taking the best pair first and moving on is not enough: an offer that is the best choice for
 * one need may be the only choice for another, and the greedy order would leave that one unmet
 * (see the spec's "where the best pair first goes wrong").
 */
import { maximiseTransport, type TransportArc, type TransportInput } from '@goodloop/assignment';
import { type CandidatePairs, candidatePairs } from './candidates';
import type { EngineNeed, EngineOffer, EngineResult, EngineSettings, ProposedMatch } from './types';

/** The pairs as a transportation problem: supplies are the offers, demands the needs (both sorted by id). */
export function transportProblem(pairs: CandidatePairs): TransportInput {
  const arcs = new Array<TransportArc>(pairs.count);
  for (let i = 0; i < pairs.count; i++) {
    arcs[i] = { from: pairs.offer[i]!, to: pairs.need[i]!, value: pairs.score[i]!, capacity: pairs.capacity[i]! };
  }
  return {
    supplies: pairs.offers.map((offer) => offer.available),
    demands: pairs.needs.map((need) => need.remaining),
    arcs,
  };
}

/** The pairs given units by `flows` (one per pair), as proposals and their totals. */
export function proposals(pairs: CandidatePairs, flows: Int32Array): EngineResult {
  const matches: ProposedMatch[] = [];
  const served = new Float64Array(pairs.needs.length);
  let value = 0;
  let units = 0;
  for (let i = 0; i < pairs.count; i++) {
    const quantity = flows[i]!;
    if (quantity <= 0) continue;
    const need = pairs.needs[pairs.need[i]!]!;
    const score = pairs.score[i]!;
    matches.push({
      needId: need.id,
      offerId: pairs.offers[pairs.offer[i]!]!.id,
      kind: need.kind,
      quantity,
      score,
      value: score * quantity,
      parts: {
        urgency: pairs.parts.urgency[i]!,
        distance: pairs.parts.distance[i]!,
        expiry: pairs.parts.expiry[i]!,
        fairness: pairs.parts.fairness[i]!,
        skill: pairs.parts.skill[i]!,
      },
      distanceKm: pairs.distanceKm[i]!,
    });
    served[pairs.need[i]!]! += quantity;
    value += score * quantity;
    units += quantity;
  }
  let needsServed = 0;
  let needsFully = 0;
  pairs.needs.forEach((need, n) => {
    if (served[n]! > 0) needsServed++;
    if (served[n] === need.remaining) needsFully++;
  });
  return { matches, value, units, candidates: pairs.count, needsServed, needsFully };
}

/**
 * Proposes which offers go to which needs, and how many units: the assignment of greatest total
 * value. Matches come sorted by needId, then offerId; equal inputs, in any order, give equal
 * results (but for the measured `buildMs` and `solveMs`).
 */
export function runEngine(needs: readonly EngineNeed[], offers: readonly EngineOffer[], settings: EngineSettings): EngineResult {
  const started = performance.now();
  const pairs = candidatePairs(needs, offers, settings);
  const built = performance.now();
  const { flows } = maximiseTransport(transportProblem(pairs));
  const solved = performance.now();
  return { ...proposals(pairs, flows), buildMs: built - started, solveMs: solved - built };
}
