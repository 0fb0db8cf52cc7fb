import { ServiceStatusView } from '@goodloop/contracts';
import type { RelayRoute } from './relay-route';

/** __name__: the public routes the gateway relays to it (add each to docs/api.md too). */
// prettier-ignore -- one route per block, keys in the same order, reads as a table
export const __camel__Routes: readonly RelayRoute[] = [
  {
    method: 'GET',
    path: '__name__/status',
    access: 'public',
    response: ServiceStatusView,
    target: '/internal/status',
    tags: ['__name__'],
    summary: 'The __name__ service answers from its own database (anyone)',
  },
];
