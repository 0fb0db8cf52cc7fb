export const KAFKA_CLIENT = Symbol('KAFKA_CLIENT');
export const TOPIC_NAMER = Symbol('TOPIC_NAMER');
