import 'reflect-metadata';
import { ConfigError } from '@goodloop/common';
import { loadLedgerConfig } from './env';

// test/setup-env.js generated the gateway's key pair of this test process.
const key = process.env.GATEWAY_VERIFY_KEY!;

describe('loadLedgerConfig', () => {
  it('listens on 3102 and uses goodloop_ledger by default', () => {
    const config = loadLedgerConfig({ GATEWAY_VERIFY_KEY: key });
    expect(config.PORT).toBe(3102);
    expect(config.GATEWAY_VERIFY_KEY).toBe(key);
  });

  it('reads PORT from the environment as a number', () => {
    expect(loadLedgerConfig({ GATEWAY_VERIFY_KEY: key, PORT: '4102' }).PORT).toBe(4102);
  });

  it('refuses a verify key that is not an Ed25519 public key', () => {
    expect(() => loadLedgerConfig({ GATEWAY_VERIFY_KEY: 'a'.repeat(60) })).toThrow(/GATEWAY_VERIFY_KEY: not an Ed25519 key/);
    expect(() => loadLedgerConfig({ NODE_ENV: 'production', KAFKA_SECURITY: 'plaintext' })).toThrow(
      /GATEWAY_VERIFY_KEY: required/,
    );
  });

  it('stops on a bad port with the variable named', () => {
    expect(() => loadLedgerConfig({ GATEWAY_VERIFY_KEY: key, PORT: '99999' })).toThrow(ConfigError);
    expect(() => loadLedgerConfig({ GATEWAY_VERIFY_KEY: key, PORT: 'abc' })).toThrow(/PORT/);
  });
});
