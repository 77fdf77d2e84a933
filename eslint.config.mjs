import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import nx from '@nx/eslint-plugin';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', '.ferry/**', 'deploy/local/target/**', '**/generated/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    plugins: { '@nx': nx },
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'error',
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Read configuration through the service config (libs/config), not process.env.' },
      ],
      '@nx/enforce-module-boundaries': [
        'error',
        {
          allow: [],
          depConstraints: [
            { sourceTag: 'type:service', onlyDependOnLibsWithTags: ['type:lib'] },
            { sourceTag: 'type:lib', onlyDependOnLibsWithTags: ['type:lib'] },
            { sourceTag: 'type:simulator', onlyDependOnLibsWithTags: ['type:lib'] },
            // The product client is published on npm: it may depend on no workspace library.
            { sourceTag: 'type:package', onlyDependOnLibsWithTags: [] },
            { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['type:lib', 'type:simulator', 'type:package'] },
            // The ops console runs in a browser: it imports no Ferry library, only npm packages, and reaches Ferry over HTTP.
            { sourceTag: 'type:web', onlyDependOnLibsWithTags: [] },
          ],
        },
      ],
    },
  },
  {
    // Config loading, CLIs and tests are where the environment is legitimately read.
    files: [
      'libs/config/**/*.ts',
      '**/*.config.ts',
      'scripts/**/*.ts',
      '**/*.spec.ts',
      '**/*.int-spec.ts',
      'e2e/**/*.ts',
      'libs/testing/**/*.ts',
      'simulators/**/main.ts',
      // The product client's examples run as programs a product would write: they read their settings from the environment.
      'packages/*/examples/**/*.ts',
    ],
    rules: { 'no-restricted-properties': 'off' },
  },
  {
    // The examples import the client by its published name, as a product does; the guide shows them verbatim.
    files: ['packages/*/examples/**/*.ts'],
    rules: { '@nx/enforce-module-boundaries': 'off' },
  },
  {
    files: ['**/*.js'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { require: 'readonly', module: 'writable', __dirname: 'readonly', jest: 'readonly' },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        URL: 'readonly',
        fetch: 'readonly',
        AbortSignal: 'readonly',
        setTimeout: 'readonly',
        Buffer: 'readonly',
      },
    },
    rules: { 'no-console': 'off' },
  },
);
