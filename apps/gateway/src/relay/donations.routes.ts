import { ServiceStatusView } from '@goodloop/contracts';
import type { RelayRoute } from './relay-route';

/** donations: the public routes the gateway relays to it (add each to docs/api.md too). */
// prettier-ignore -- one route per block, keys in the same order, reads as a table
export const donationsRoutes: readonly RelayRoute[] = [
  {
    method: 'GET',
    path: 'donations/status',
    access: 'public',
    response: ServiceStatusView,
    target: '/internal/status',
    tags: ['donations'],
    summary: 'The donations service answers from its own database (anyone)',
  },
];
