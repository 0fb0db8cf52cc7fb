import { FlowNetwork, minCostFlow } from './index';

/**
 * The shape grants will use for reviewer assignment, as in the library's README: every
 * application needs `perApplication` reviewers, a reviewer never sees an application they are
 * in conflict with (no arc), a better-suited reviewer is preferred (cost −affinity), and loads
 * are balanced by convex costs: a reviewer's k-th review costs 10·(2k − 1), so a load of L
 * costs 10·L², and one more review for the busiest reviewer always costs more than any
 * difference in affinity (0 to 5) can repay.
 */
function assignReviewers(
  affinity: number[][],
  conflicts: Array<[application: number, reviewer: number]>,
  perApplication: number,
): { reviewersOf: number[][]; loads: number[]; feasible: boolean } {
  const applications = affinity.length;
  const reviewers = affinity[0]!.length;
  const reviewerNode = (r: number) => applications + r;
  const sink = applications + reviewers;
  const net = new FlowNetwork(sink + 1);

  const pairArc: number[][] = affinity.map(() => []);
  for (let a = 0; a < applications; a++) {
    net.setSupply(a, perApplication);
    for (let r = 0; r < reviewers; r++) {
      if (conflicts.some(([ca, cr]) => ca === a && cr === r)) continue;
      // Capacity 1: a reviewer reviews an application once.
      pairArc[a]![r] = net.addArc(a, reviewerNode(r), 1, -affinity[a]![r]!);
    }
  }
  for (let r = 0; r < reviewers; r++) {
    for (let k = 1; k <= applications; k++) net.addArc(reviewerNode(r), sink, 1, 10 * (2 * k - 1));
  }
  net.setSupply(sink, -applications * perApplication);

  const result = minCostFlow(net);
  const reviewersOf = pairArc.map((arcs) => arcs.flatMap((arc, r) => (arc !== undefined && result.flow(arc) === 1 ? [r] : [])));
  const loads = Array.from({ length: reviewers }, (_, r) => reviewersOf.filter((list) => list.includes(r)).length);
  return { reviewersOf, loads, feasible: result.feasible };
}

describe('reviewer assignment with FlowNetwork and minCostFlow', () => {
  // 6 applications, 5 reviewers; affinity[a][r] from 0 (unsuited) to 5 (ideal).
  const affinity = [
    [5, 4, 1, 0, 2],
    [5, 5, 0, 1, 3],
    [4, 5, 2, 0, 5],
    [5, 3, 1, 2, 0],
    [3, 5, 0, 1, 4],
    [5, 4, 2, 0, 1],
  ];
  // Reviewer 4 wrote application 2; reviewer 0 works with the team of application 3.
  const conflicts: Array<[number, number]> = [
    [2, 4],
    [3, 0],
  ];

  it('gives each application 3 different reviewers, never a conflicted one, with loads within 1', () => {
    const { reviewersOf, loads, feasible } = assignReviewers(affinity, conflicts, 3);
    expect(feasible).toBe(true);
    for (const list of reviewersOf) {
      expect(list).toHaveLength(3);
      expect(new Set(list).size).toBe(3);
    }
    expect(reviewersOf[2]).not.toContain(4);
    expect(reviewersOf[3]).not.toContain(0);
    // 18 reviews over 5 reviewers: three of 4 and two of 3, although reviewers 0 and 1 suit
    // almost every application best.
    expect(loads.reduce((sum, l) => sum + l, 0)).toBe(18);
    expect(Math.max(...loads) - Math.min(...loads)).toBeLessThanOrEqual(1);
  });

  it('says infeasible when conflicts leave an application short of reviewers', () => {
    const manyConflicts: Array<[number, number]> = [
      [0, 0],
      [0, 1],
      [0, 2],
    ];
    expect(assignReviewers(affinity, manyConflicts, 3).feasible).toBe(false);
  });
});
