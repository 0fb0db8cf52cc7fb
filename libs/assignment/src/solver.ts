/** What a solver reads: a network's arrays (see `FlowNetwork.arrays`). */
export interface NetworkArrays {
  nodeCount: number;
  tails: Int32Array;
  heads: Int32Array;
  capacities: Int32Array;
  costs: Float64Array;
  supplies: Float64Array;
}

/** A solver's answer: the flow on every arc, or `feasible: false` and no flow. */
export interface SolverOutcome {
  flows: Int32Array;
  feasible: boolean;
}
