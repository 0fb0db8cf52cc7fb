import { ConfigError } from '@goodloop/common';
import { join } from 'node:path';
import { loadGatewayConfig, repositoryRoot } from './env';

const SECRETS = {
  NODE_ENV: 'test',
  JWT_SECRET: 'unit-test-jwt-secret-0123456789abcdef0123',
  // test/setup-env.js generated the gateway's key pair of this test process.
  GATEWAY_SIGNING_KEY: process.env.GATEWAY_SIGNING_KEY,
};

describe('gateway config', () => {
  it('has local defaults', () => {
    const config = loadGatewayConfig(SECRETS);
    expect(config).toMatchObject({
      PORT: 3000,
      HOST: '127.0.0.1',
      ACCESS_TOKEN_TTL_SECONDS: 900,
      REFRESH_TOKEN_TTL_DAYS: 30,
      VOLUNTEERS_URL: 'http://127.0.0.1:3101',
      LEDGER_URL: 'http://127.0.0.1:3102',
      RATE_LIMIT_LOGIN_PER_MINUTE: 10,
      RATE_LIMIT_REGISTER_PER_MINUTE: 20,
      RATE_LIMIT_WRITES_PER_MINUTE: 120,
      DEMO_SEED: false,
      JWT_SECRET: SECRETS.JWT_SECRET,
    });
    expect(config.WEB_DIST_DIR).toBe(join(repositoryRoot(), 'apps', 'web', 'dist'));
  });

  it('reads numbers and booleans from strings', () => {
    const config = loadGatewayConfig({ ...SECRETS, PORT: '8080', RATE_LIMIT_LOGIN_PER_MINUTE: '3', DEMO_SEED: 'true' });
    expect(config.PORT).toBe(8080);
    expect(config.RATE_LIMIT_LOGIN_PER_MINUTE).toBe(3);
    expect(config.DEMO_SEED).toBe(true);
    expect(loadGatewayConfig({ ...SECRETS, DEMO_SEED: 'false' }).DEMO_SEED).toBe(false);
    expect(loadGatewayConfig({ ...SECRETS, DEMO_SEED: '0' }).DEMO_SEED).toBe(false);
  });

  it('stops at start on a bad value, naming it', () => {
    expect(() => loadGatewayConfig({ ...SECRETS, DEMO_SEED: 'maybe' })).toThrow(/DEMO_SEED/);
    expect(() => loadGatewayConfig({ ...SECRETS, LEDGER_URL: 'ledger:3102' })).toThrow(/LEDGER_URL must be an http\(s\) URL/);
    expect(() => loadGatewayConfig({ ...SECRETS, JWT_SECRET: 'short' })).toThrow(ConfigError);
  });

  it('requires the JWT secret in production', () => {
    expect(() =>
      loadGatewayConfig({
        NODE_ENV: 'production',
        KAFKA_SECURITY: 'plaintext',
        GATEWAY_SIGNING_KEY: SECRETS.GATEWAY_SIGNING_KEY,
      }),
    ).toThrow(/JWT_SECRET: required when NODE_ENV=production/);
  });

  it('requires the signing key in production, and an Ed25519 one everywhere', () => {
    expect(() =>
      loadGatewayConfig({
        NODE_ENV: 'production',
        KAFKA_SECURITY: 'plaintext',
        JWT_SECRET: 'k3Jq9vX2mP8sLw4tR7yB1nC6dF0hG5aZ-Qe_Ui',
      }),
    ).toThrow(/GATEWAY_SIGNING_KEY: required when NODE_ENV=production/);
    // The public half is no signing key.
    expect(() => loadGatewayConfig({ ...SECRETS, GATEWAY_SIGNING_KEY: process.env.GATEWAY_VERIFY_KEY })).toThrow(
      /GATEWAY_SIGNING_KEY: not an Ed25519 key/,
    );
  });

  it('refuses to load the demo accounts in production', () => {
    const production = {
      NODE_ENV: 'production',
      KAFKA_SECURITY: 'plaintext',
      JWT_SECRET: 'k3Jq9vX2mP8sLw4tR7yB1nC6dF0hG5aZ-Qe_Ui',
      GATEWAY_SIGNING_KEY: SECRETS.GATEWAY_SIGNING_KEY,
    };
    expect(() => loadGatewayConfig({ ...production, DEMO_SEED: 'true' })).toThrow(
      /DEMO_SEED: must be false when NODE_ENV=production/,
    );
    expect(loadGatewayConfig({ ...production, DEMO_SEED: 'false' }).DEMO_SEED).toBe(false);
  });

  it('refuses the deploy template placeholders in production', () => {
    expect(() =>
      loadGatewayConfig({
        NODE_ENV: 'production',
        KAFKA_SECURITY: 'plaintext',
        JWT_SECRET: 'REPLACE-ME-from-secret-manager-at-least-32-characters',
        GATEWAY_SIGNING_KEY: SECRETS.GATEWAY_SIGNING_KEY,
      }),
    ).toThrow(/JWT_SECRET: is a placeholder/);
  });
});
