import { ServiceConfig } from './service-config';
import { ConfigError, loadConfig } from './load-config';
import { secretFromEnv } from './local-secrets';
import { productionSecretProblems, secretProblem, shownValue } from './secret-rules';

const GOOD = 'k3Jq9vX2mP8sLw4tR7yB1nC6dF0hG5aZ-Qe_Ui';

describe('secret rules', () => {
  it('wants 32 characters everywhere, and a generated-looking value in production', () => {
    expect(secretProblem('short', false)).toMatch(/at least 32/);
    expect(secretProblem('x'.repeat(40), false)).toBeNull();
    expect(secretProblem('x'.repeat(40), true)).toMatch(/placeholder|random/);
    expect(secretProblem('REPLACE-ME-from-secret-manager-at-least-32-characters', true)).toMatch(/placeholder/);
    expect(secretProblem('abababababababababababababababababab', true)).toMatch(/not random/);
    expect(secretProblem(GOOD, true)).toBeNull();
  });

  it('finds placeholders in passwords and URLs of a production environment, and never shows them', () => {
    const problems = productionSecretProblems({
      JWT_SECRET: 'REPLACE-ME-from-secret-manager-at-least-32-characters',
      GATEWAY_VERIFY_KEY: GOOD,
      DATABASE_URL: 'postgres://goodloop_gateway:REPLACE-ME@db.example.internal:5432/goodloop_gateway',
      LOG_LEVEL: 'info',
    });
    expect(problems).toHaveLength(2);
    expect(problems.join('\n')).toMatch(/JWT_SECRET: is a placeholder/);
    expect(problems.join('\n')).toMatch(/DATABASE_URL: holds a placeholder/);
    expect(problems.join('\n')).not.toContain('REPLACE-ME');
  });

  it('shows a sensitive value only by its length', () => {
    expect(shownValue('DATABASE_URL', 'postgres://u:pw@h/db')).toBe('a value of 20 characters, not shown');
    expect(shownValue('JWT_SECRET', 'abc')).not.toContain('abc');
    expect(shownValue('PORT', '99999')).toBe('"99999"');
  });
});

describe('loadConfig in production', () => {
  it('refuses a placeholder secret of the deploy templates, naming the variable but not the value', () => {
    const env = {
      NODE_ENV: 'production',
      KAFKA_SECURITY: 'plaintext',
      GATEWAY_VERIFY_KEY: 'REPLACE-ME-from-secret-manager-the-gateway-public-key',
    };
    expect(() => loadConfig(ServiceConfig, env)).toThrow(ConfigError);
    expect(() => loadConfig(ServiceConfig, env)).toThrow(/GATEWAY_VERIFY_KEY: holds a placeholder/);
    expect(() => loadConfig(ServiceConfig, env)).not.toThrow(/REPLACE-ME/);
  });

  it('ignores variables the service does not declare', () => {
    expect(() =>
      loadConfig(ServiceConfig, { NODE_ENV: 'production', KAFKA_SECURITY: 'plaintext', SOME_CI_TOKEN: 'short' }),
    ).not.toThrow();
  });

  it('never prints a bad URL or secret in the error', () => {
    let message = '';
    try {
      loadConfig(ServiceConfig, { DATABASE_URL: 'mysql://root:hunter2@db/x', GATEWAY_VERIFY_KEY: 'hunter2' });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/DATABASE_URL/);
    expect(message).toMatch(/GATEWAY_VERIFY_KEY/);
    expect(message).not.toContain('hunter2');
  });

  it('refuses a generated-looking but short secret from the environment, and a weak one in production', () => {
    expect(() => secretFromEnv('JWT_SECRET', { JWT_SECRET: 'abc' })).toThrow(/at least 32/);
    expect(() =>
      secretFromEnv('JWT_SECRET', { NODE_ENV: 'production', KAFKA_SECURITY: 'plaintext', JWT_SECRET: 'y'.repeat(48) }),
    ).toThrow(/random|placeholder/);
    expect(secretFromEnv('JWT_SECRET', { NODE_ENV: 'production', KAFKA_SECURITY: 'plaintext', JWT_SECRET: GOOD })).toBe(GOOD);
  });
});

describe('Kafka security in the config', () => {
  const sasl = { KAFKA_SASL_MECHANISM: 'scram-sha-512', KAFKA_USERNAME: 'ledger', KAFKA_PASSWORD: 'a-long-enough-password' };

  it('refuses a production service without SASL unless KAFKA_SECURITY=plaintext says it is meant', () => {
    expect(() => loadConfig(ServiceConfig, { NODE_ENV: 'production' })).toThrow(
      /KAFKA_SASL_MECHANISM: required when NODE_ENV=production/,
    );
    expect(() => loadConfig(ServiceConfig, { NODE_ENV: 'production', ...sasl })).not.toThrow();
    expect(() => loadConfig(ServiceConfig, { NODE_ENV: 'production', KAFKA_SECURITY: 'plaintext' })).not.toThrow();
  });

  it('connects as today (PLAINTEXT) outside production when no SASL is given, and wants SASL with KAFKA_SECURITY=sasl', () => {
    expect(loadConfig(ServiceConfig, { KAFKA_BROKERS: 'kafka:9092' }).KAFKA_SASL_MECHANISM).toBeUndefined();
    expect(() => loadConfig(ServiceConfig, { KAFKA_SECURITY: 'sasl' })).toThrow(
      /KAFKA_SASL_MECHANISM: required with KAFKA_SECURITY=sasl/,
    );
  });

  it('wants the mechanism, the user and the password together, and never prints the password', () => {
    let message = '';
    try {
      loadConfig(ServiceConfig, { KAFKA_SASL_MECHANISM: 'scram-sha-512', KAFKA_PASSWORD: 'hunter2-hunter2' });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/KAFKA_USERNAME: required/);
    expect(message).not.toContain('hunter2');
    expect(() => loadConfig(ServiceConfig, { ...sasl, KAFKA_SASL_MECHANISM: 'gssapi' })).toThrow(/KAFKA_SASL_MECHANISM/);
    expect(() => loadConfig(ServiceConfig, { ...sasl, KAFKA_SECURITY: 'plaintext' })).toThrow(/KAFKA_SECURITY: plaintext/);
  });
});
