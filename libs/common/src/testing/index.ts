export * from './wait-for';
export * from './test-env';
export * from './kafka';
export * from './kafka-test-client';
export * from './seeded-random';
export * from './users';
export * from './service-harness';
export * from './schema-suite';
