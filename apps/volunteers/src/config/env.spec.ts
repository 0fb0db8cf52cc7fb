import 'reflect-metadata';
import { ConfigError } from '@goodloop/common';
import { loadVolunteersConfig } from './env';

const token = { INTERNAL_API_TOKEN: 'a-test-token-of-at-least-32-characters' };

describe('loadVolunteersConfig', () => {
  it('defaults to port 3101 and reads numbers from the environment', () => {
    expect(loadVolunteersConfig({ ...token }).PORT).toBe(3101);
    const config = loadVolunteersConfig({ ...token, PORT: '3911', OUTBOX_POLL_MS: '50' });
    expect(config.PORT).toBe(3911);
    expect(config.OUTBOX_POLL_MS).toBe(50);
    expect(config.INTERNAL_API_TOKEN).toBe(token.INTERNAL_API_TOKEN);
  });

  it('stops at start on a bad value, naming it', () => {
    expect(() => loadVolunteersConfig({ ...token, PORT: '99999' })).toThrow(ConfigError);
    expect(() => loadVolunteersConfig({ ...token, PORT: 'http' })).toThrow(/PORT/);
  });
});
