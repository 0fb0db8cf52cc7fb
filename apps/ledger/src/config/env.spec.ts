import 'reflect-metadata';
import { ConfigError } from '@goodloop/common';
import { loadLedgerConfig } from './env';

const token = 'ledger-spec-internal-token-0123456789abcdef';

describe('loadLedgerConfig', () => {
  it('listens on 3102 and uses goodloop_ledger by default', () => {
    const config = loadLedgerConfig({ INTERNAL_API_TOKEN: token });
    expect(config.PORT).toBe(3102);
    expect(config.INTERNAL_API_TOKEN).toBe(token);
  });

  it('reads PORT from the environment as a number', () => {
    expect(loadLedgerConfig({ INTERNAL_API_TOKEN: token, PORT: '4102' }).PORT).toBe(4102);
  });

  it('stops on a bad port with the variable named', () => {
    expect(() => loadLedgerConfig({ INTERNAL_API_TOKEN: token, PORT: '99999' })).toThrow(ConfigError);
    expect(() => loadLedgerConfig({ INTERNAL_API_TOKEN: token, PORT: 'abc' })).toThrow(/PORT/);
  });
});
