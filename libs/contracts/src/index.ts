// Message classes carry class-validator decorators, which need the metadata polyfill first.
import 'reflect-metadata';

export * from './topics';
export * from './envelope';
export * from './enums';
export * from './validators';
export * from './registry';
export * from './topic-access';
export * from './gateway/identity-events.v1';
export * from './volunteers/activity-events.v1';
export * from './ledger/transfer-messages.v1';
export * from './ledger/earn-rule-events.v1';
export * from './fast-checks';
export * from './http/page.v1';
export * from './http/service-status.v1';
export * from './email';
export * from './http/shape';
export * from './gateway/http.v1';
export * from './volunteers/http.v1';
export * from './ledger/http.v1';
export * from './error-messages';
export * from './donations/http.v1';
export * from './donations/events.v1';
export * from './matching/http.v1';
export * from './matching/events.v1';
export * from './volunteers/profile.v1';
