// Per-tier timeouts live in tools/jest (jest ignores testTimeout inside projects).
// One runner, four tiers: unit specs beside the code (no infrastructure), integration specs against the real
// stack (Kafka, Apicurio, PostgreSQL), e2e specs that run the built services as processes,
// and the fault-injection suite (e2e/faults) that breaks processes, Kafka, PostgreSQL and ERPs mid-stream.
const { readFileSync } = require('node:fs');
const { paths } = JSON.parse(readFileSync(`${__dirname}/tsconfig.base.json`, 'utf8')).compilerOptions;

// --selectProjects takes every word after it as a project name, so "--selectProjects e2e e2e/x.e2e-spec.ts" runs the
// whole e2e tier ("e2e/x.e2e-spec.ts" is taken for a project that does not exist). Refuse it and say how to write it.
const selectProjectsAt = process.argv.indexOf('--selectProjects');
for (const word of selectProjectsAt < 0 ? [] : process.argv.slice(selectProjectsAt + 1)) {
  if (word.startsWith('-')) break;
  if (/[/.]/.test(word))
    throw new Error(
      `jest: "${word}" follows --selectProjects, which takes project names only (unit, integration, e2e, faults): every suite of the tier would run. Put test paths before --selectProjects, or use --runTestsByPath <paths>.`,
    );
}

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
