import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import vue from 'eslint-plugin-vue';
import prettier from 'eslint-config-prettier';

export default tseslint.config(
  {
    ignores: [
      'node_modules',
      'out',
      'dist',
      'release',
      'test-results',
      'coverage',
      '.tmp',
      'src/**/*.as.ts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...vue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser } },
  },
  {
    // The type-checkers (tsc, vue-tsc) already reject undefined names, with the right
    // globals per target (DOM for the renderer, Node for main); see typescript-eslint's FAQ.
    files: ['**/*.ts', '**/*.vue'],
    rules: { 'no-undef': 'off' },
  },
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        window: 'readonly',
        document: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      'vue/multi-word-component-names': 'off',
    },
  },
  {
    // vitest runs a function that a beforeEach or beforeAll hook returns (or resolves to) as
    // that hook's cleanup. `beforeEach(() => vi.mocked(startTrainingProcess).mockClear())`
    // returned the mock (mockClear returns it), so every test ended by calling the real
    // starter with no job: a training child failed with "held no job" now and then, as an
    // unhandled rejection under load. A hook's body is a block; a cleanup is returned by name.
    files: ['test/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector:
            'CallExpression[callee.name=/^before(Each|All)$/] > ArrowFunctionExpression[expression=true]',
          message:
            'A beforeEach/beforeAll arrow with an expression body returns its value, and vitest calls a returned function as the cleanup (mockClear() returns the mock). Use a block body.',
        },
      ],
    },
  },
  prettier,
);
