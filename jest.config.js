// Per-tier timeouts live in tools/jest (jest ignores testTimeout inside projects).
// One runner, four tiers: unit specs beside the code (no infrastructure), integration specs against the real
// stack (Kafka, Apicurio, PostgreSQL), e2e specs that run the built services as processes,
// and the fault-injection suite (e2e/faults) that breaks processes, Kafka, PostgreSQL and ERPs mid-stream.
const { readFileSync } = require('node:fs');
const { paths } = JSON.parse(readFileSync(`${__dirname}/tsconfig.base.json`, 'utf8')).compilerOptions;

const moduleNameMapper = Object.fromEntries(Object.entries(paths).map(([alias, [target]]) => [`^${alias}$`, `<rootDir>/${target}`]));
const transform = {
  '^.+\\.ts$': [
    '@swc/jest',
    {
      jsc: {
        target: 'es2022',
        parser: { syntax: 'typescript', decorators: true },
        transform: { legacyDecorator: true, decoratorMetadata: true },
        keepClassNames: true,
      },
      module: { type: 'commonjs' },
    },
  ],
};
const common = { rootDir: __dirname, moduleNameMapper, transform, testEnvironment: 'node', moduleFileExtensions: ['ts', 'js', 'json'] };

module.exports = {
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs,packages,services,simulators,scripts}/**/*.spec.ts'] },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/{libs,packages,services,simulators,scripts}/**/*.int-spec.ts'],
      setupFilesAfterEnv: ['<rootDir>/tools/jest/integration-timeout.js'],
    },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/e2e/**/*.e2e-spec.ts'],
      setupFilesAfterEnv: ['<rootDir>/tools/jest/long-timeout.js', '<rootDir>/tools/jest/local-egress.js'],
    },
    {
      ...common,
      displayName: 'faults',
      testMatch: ['<rootDir>/e2e/faults/**/*.fault-spec.ts'],
      setupFilesAfterEnv: ['<rootDir>/tools/jest/fault-timeout.js', '<rootDir>/tools/jest/local-egress.js'],
    },
  ],
};
