export * from './amount';
export * from './allocate';
export * from './bigint.transformer';
export * from './format';
