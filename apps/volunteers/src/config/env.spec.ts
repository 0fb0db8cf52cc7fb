import 'reflect-metadata';
import { ConfigError } from '@goodloop/common';
import { loadVolunteersConfig } from './env';

// test/setup-env.js generated the gateway's key pair of this test process.
const token = { GATEWAY_VERIFY_KEY: process.env.GATEWAY_VERIFY_KEY };

describe('loadVolunteersConfig', () => {
  it('defaults to port 3101 and reads numbers from the environment', () => {
    expect(loadVolunteersConfig({ ...token }).PORT).toBe(3101);
    const config = loadVolunteersConfig({ ...token, PORT: '3911', OUTBOX_POLL_MS: '50' });
    expect(config.PORT).toBe(3911);
    expect(config.OUTBOX_POLL_MS).toBe(50);
    expect(config.GATEWAY_VERIFY_KEY).toBe(token.GATEWAY_VERIFY_KEY);
  });

  it('stops at start on a bad value, naming it', () => {
    expect(() => loadVolunteersConfig({ ...token, PORT: '99999' })).toThrow(ConfigError);
    expect(() => loadVolunteersConfig({ ...token, PORT: 'http' })).toThrow(/PORT/);
  });
});
