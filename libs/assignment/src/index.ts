export * from './flow-network';
export * from './min-cost-flow';
export * from './transport';
