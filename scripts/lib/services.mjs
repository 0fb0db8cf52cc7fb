/**
 * The platform's backend services, in start order (the gateway last: it calls the others).
 * `port` is the default HTTP port; `heapMb` caps the V8 heap so each process stays inside its
 * memory budget (V8 otherwise lets garbage pile up towards gigabytes on a large host before it
 * collects). `npm run new:service` adds a line here.
 */
export const SERVICES = [
  { name: 'ledger', port: 3102, heapMb: 160 },
  { name: 'volunteers', port: 3101, heapMb: 192 },
  { name: 'donations', port: 3103, heapMb: 192 },
  // A matching run holds every candidate pair of the city in memory while it solves (bench/matching).
  { name: 'matching', port: 3104, heapMb: 768 },
  // new-service: services (a generated service is added above this line)
  { name: 'gateway', port: 3000, heapMb: 256 },
];
