/**
 * The matching engine: plain data in, proposals out. No Nest, no database, no clock of its own.
 */
export type {
  EngineNeed,
  EngineOffer,
  EngineResult,
  EngineSettings,
  MatchKind,
  ProposedMatch,
  ScoreParts,
  WeeklySlot,
  Weights,
} from './types';
export { MATCH_KINDS } from './types';
export { runEngine, transportProblem, proposals } from './run-engine';
export { candidatePairs, candidateAt, listCandidates, type CandidatePair, type CandidatePairs } from './candidates';
export { DEFAULT_WEIGHTS, EXPIRY_HORIZON_DAYS } from './score';
export { haversineKm, EARTH_RADIUS_KM, type LatLng } from './geo';
