/**
 * Two projects: `unit` (pure logic, `*.spec.ts`, no infrastructure) and `integration`
 * (`*.int-spec.ts` and `*.e2e-spec.ts`, against the machine's real PostgreSQL, Redis and Kafka;
 * the global setup starts the local broker when KAFKA_BROKERS is unset).
 * @type {import('jest').Config}
 */
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  },
];

const moduleNameMapper = {
  '^@goodloop/contracts$': '<rootDir>/libs/contracts/src',
  '^@goodloop/contracts/(.*)$': '<rootDir>/libs/contracts/src/$1',
  '^@goodloop/common$': '<rootDir>/libs/common/src',
  '^@goodloop/common/(.*)$': '<rootDir>/libs/common/src/$1',
  '^@goodloop/money$': '<rootDir>/libs/money/src',
  '^@goodloop/assignment$': '<rootDir>/libs/assignment/src',
};

const shared = {
  rootDir: __dirname,
  transform: { '^.+\\.(t|j)s$': swc },
  moduleNameMapper,
  testEnvironment: 'node',
  setupFiles: ['<rootDir>/test/setup-env.js'],
  modulePathIgnorePatterns: ['<rootDir>/dist/', '<rootDir>/apps/web/'],
};

module.exports = {
  // Integration suites start services and wait on Kafka; per-project testTimeout is not honoured.
  testTimeout: 120_000,
  projects: [
    {
      ...shared,
      displayName: 'unit',
      // tools/ and scripts/ hold the lint rules and the test runner's own logic, in plain JavaScript.
      testMatch: ['<rootDir>/{apps,libs,test}/**/*.spec.ts', '<rootDir>/{tools,scripts}/**/*.spec.js'],
    },
    {
      ...shared,
      displayName: 'integration',
      testMatch: ['<rootDir>/{apps,libs,test}/**/*.{int,e2e}-spec.ts'],
      globalSetup: '<rootDir>/test/global-setup.js',
      globalTeardown: '<rootDir>/test/global-teardown.js',
      slowTestThreshold: 30,
    },
  ],
};
