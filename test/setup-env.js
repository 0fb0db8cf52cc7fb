// Decorator metadata (class-validator, Nest) must be available before any class loads.
require('reflect-metadata');
// Every test sees UTC and quiet kafkajs partitioner warnings.
process.env.TZ = 'UTC';
process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1';
process.env.NODE_ENV = process.env.NODE_ENV === 'production' ? 'production' : 'test';
