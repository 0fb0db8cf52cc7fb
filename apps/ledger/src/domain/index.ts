export * from './ledger-rule.error';
export * from './account-keys';
export * from './earn-rule';
export * from './transfer-ids';
export * from './transfer-rules';
export * from './posting';
export * from './commands';
export * from './expiry';
