// @ts-check
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';
import goodloop from './tools/eslint-rules/index.js';

export default tseslint.config(
  {
    ignores: ['**/node_modules/**', '**/dist/**', 'deploy/kafka/lib/**', '.local/**', 'coverage/**', '**/*.d.ts'],
  },
  eslint.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { goodloop },
    rules: {
      // The promise rules catch the bugs that lose messages and money silently.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/consistent-type-imports': [
        'error',
        { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'goodloop/no-cross-app-imports': 'error',
      // What the structure promises; each rule's header says what it allows and why.
      'goodloop/route-access': 'error',
      'goodloop/contracts-purity': 'error',
      'goodloop/no-cross-feature-entities': 'error',
      'goodloop/no-number-on-amount-text': 'error',
      'no-restricted-syntax': [
        'error',
        {
          selector: "Property[key.name='synchronize'][value.value=true]",
          message: 'Schema changes go through migrations; never synchronize.',
        },
        {
          selector: "CallExpression[callee.name='parseFloat']",
          message: 'Amounts are integers (fen, points): no parseFloat.',
        },
        {
          selector: "CallExpression[callee.object.name='Math'][callee.property.name='round']",
          message: 'No Math.round on amounts: use integer arithmetic or allocateByWeights from @goodloop/money.',
        },
        {
          // Coordinates and distances (lat, pickupLng, distanceKm…) are measurements, not amounts: a double fits them.
          selector:
            "PropertyDefinition:not([key.name=/^(lat|lng)$|(Lat|Lng|Km)$/]) > Decorator[expression.callee.name='Column'] Literal[value=/^(decimal|numeric|float|double precision|real)$/]",
          message: 'Amounts are bigint columns with bigintTransformer, never decimal or float.',
        },
      ],
    },
  },
  {
    // Decorator metadata needs runtime imports of injected classes; type-only imports would
    // erase them. Nest files keep value imports.
    files: ['apps/*/src/**/*.ts', 'libs/common/src/**/*.ts'],
    rules: { '@typescript-eslint/consistent-type-imports': 'off' },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      sourceType: 'module',
      globals: {
        process: 'readonly',
        console: 'readonly',
        require: 'readonly',
        module: 'writable',
        __dirname: 'readonly',
        Buffer: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        URL: 'readonly',
        fetch: 'readonly',
      },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts', 'bench/**/*.ts', 'test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      'no-restricted-syntax': 'off',
    },
  },
  {
    // Tests and their support compare what they read with what they expect: a lost digit fails
    // the comparison, it does not move money.
    files: ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts', 'apps/*/test/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts'],
    rules: { 'goodloop/no-number-on-amount-text': 'off' },
  },
  {
    files: ['tools/**/*.spec.js', 'scripts/**/*.spec.js'],
    languageOptions: { globals: { describe: 'readonly', it: 'readonly', test: 'readonly', expect: 'readonly' } },
  },
);
