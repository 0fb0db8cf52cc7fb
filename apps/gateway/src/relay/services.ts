import type { GatewayConfig } from '../config/env';
import { ledgerRoutes } from './ledger.routes';
import type { RelayRoute } from './relay-route';
import { volunteersRoutes } from './volunteers.routes';
import { donationsRoutes } from './donations.routes';
import { matchingRoutes } from './matching.routes';
// new-service: imports (npm run new:service adds a service's route table above this line)

export interface RelayedService {
  /** Where its internal HTTP API is (a `<NAME>_URL` of the gateway's config). */
  url: (config: GatewayConfig) => string;
  /** The public routes relayed to it (`<service>.routes.ts`). */
  routes: readonly RelayRoute[];
}

/**
 * Every service the gateway reaches: the relay mounts their routes, the client calls them, and
 * `GET /health` asks each for its health. Adding a service is one line here (and its URL in the
 * config); `npm run new:service` writes both.
 */
export const RELAYED_SERVICES = {
  volunteers: { url: (config) => config.VOLUNTEERS_URL, routes: volunteersRoutes },
  ledger: { url: (config) => config.LEDGER_URL, routes: ledgerRoutes },
  'donations': { url: (config) => config.DONATIONS_URL, routes: donationsRoutes },
  'matching': { url: (config) => config.MATCHING_URL, routes: matchingRoutes },
  // new-service: registry (npm run new:service adds a service above this line)
} satisfies Record<string, RelayedService>;

export type ServiceName = keyof typeof RELAYED_SERVICES;

export const SERVICE_NAMES = Object.keys(RELAYED_SERVICES) as ServiceName[];
