import 'reflect-metadata';
import { ConfigError } from '@goodloop/common';
import { ledgerDatabaseUrls, loadLedgerConfig } from './env';

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

  describe('database roles', () => {
    const app = 'postgres://goodloop_ledger_app:k3Jq9vX2mP8sLw4tR7yB1nC6dF0hG5aZ@db.internal:5432/goodloop_ledger';
    const ownerUrl = 'postgres://goodloop_ledger:Zq8wE3rT6yU1iO4pA7sD0fG2hJ5kL9xC@db.internal:5432/goodloop_ledger';

    it('runs as goodloop_ledger_app and migrates as PGUSER on the same database by default', () => {
      const urls = ledgerDatabaseUrls(loadLedgerConfig({ GATEWAY_VERIFY_KEY: key, PGUSER: 'postgres' }));
      expect(urls).toEqual({
        runtime: 'postgres://goodloop_ledger_app@127.0.0.1:5432/goodloop_ledger',
        owner: 'postgres://postgres@127.0.0.1:5432/goodloop_ledger',
        runtimeRole: 'goodloop_ledger_app',
        ownerRole: 'postgres',
      });
      const test = ledgerDatabaseUrls(
        loadLedgerConfig({
          GATEWAY_VERIFY_KEY: key,
          DATABASE_URL: 'postgres://goodloop_ledger_app@h:5433/gl_t1_ledger',
          PGPASSWORD: 'pw',
        }),
      );
      expect(test.owner).toBe('postgres://postgres:pw@h:5433/gl_t1_ledger');
    });

    it('refuses to run as the owner outside development', () => {
      const same = { GATEWAY_VERIFY_KEY: key, DATABASE_URL: 'postgres://postgres@h/goodloop_ledger' };
      expect(() => loadLedgerConfig({ ...same, NODE_ENV: 'test' })).toThrow(/runtime role must not be the owner/);
      expect(() => loadLedgerConfig({ ...same, NODE_ENV: 'development' })).not.toThrow();
    });

    it('wants both URLs in production, creates a missing role NOLOGIN there, and never shows a URL', () => {
      const production = { NODE_ENV: 'production', GATEWAY_VERIFY_KEY: key, KAFKA_SECURITY: 'plaintext' };
      expect(() => loadLedgerConfig({ ...production, DATABASE_URL: app })).toThrow(/LEDGER_MIGRATION_DATABASE_URL: required/);
      expect(() => loadLedgerConfig({ ...production, LEDGER_MIGRATION_DATABASE_URL: ownerUrl })).toThrow(
        /DATABASE_URL: required/,
      );
      const config = loadLedgerConfig({ ...production, DATABASE_URL: app, LEDGER_MIGRATION_DATABASE_URL: ownerUrl });
      expect(config.LEDGER_DB_RUNTIME_ROLE_CREATE).toBe('nologin');
      let message = '';
      try {
        loadLedgerConfig({
          ...production,
          DATABASE_URL: app,
          LEDGER_MIGRATION_DATABASE_URL: 'postgres://goodloop_ledger:REPLACE-ME@db.internal:5432/goodloop_ledger',
        });
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message).toMatch(/LEDGER_MIGRATION_DATABASE_URL: holds a placeholder/);
      expect(message).not.toContain('REPLACE-ME');
      expect(() => loadLedgerConfig({ GATEWAY_VERIFY_KEY: key, LEDGER_DB_RUNTIME_ROLE_CREATE: 'sometimes' })).toThrow(
        /LEDGER_DB_RUNTIME_ROLE_CREATE/,
      );
    });
  });
});
