// Decorator metadata (class-validator, Nest) must be available before any class loads.
require('reflect-metadata');
// Every test sees UTC and quiet kafkajs partitioner warnings.
process.env.TZ = 'UTC';
process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1';
process.env.NODE_ENV = process.env.NODE_ENV === 'production' ? 'production' : 'test';
// The gateway's call-token key pair for this test process (see libs/common/src/auth/gateway-token.ts):
// services under test check with the public half, the test kits sign with the private half, and
// nothing is written to .local/secrets.json.
if (!process.env.GATEWAY_SIGNING_KEY || !process.env.GATEWAY_VERIFY_KEY) {
  const { generateKeyPairSync } = require('node:crypto');
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  process.env.GATEWAY_SIGNING_KEY = privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64');
  process.env.GATEWAY_VERIFY_KEY = publicKey.export({ format: 'der', type: 'spki' }).toString('base64');
}
