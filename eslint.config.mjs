import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      '.perf/',
      '.next/',
      '.next-*/',
      'dist/',
      'data/',
      'test-results/',
      'playwright-report/',
      'next-env.d.ts',
      '**/*.cjs',
      'next.config.js',
      'postcss.config.mjs',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
      '@typescript-eslint/no-unused-vars': ['warn', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      'no-console': 'warn',
    },
  },
  {
    // Benchmarks report on the console; that is their output.
    files: ['bench/**'],
    rules: { 'no-console': 'off' },
  },
);
