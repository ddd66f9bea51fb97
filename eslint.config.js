import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'dist/',
      '.data/',
      'src/generated/',
      'examples/generated/',
      'coverage/',
      'bench/results/',
    ],
  },
  eslint.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[object.name='process'][property.name='env']",
          message: 'Only src/config.ts reads process.env.',
        },
      ],
    },
  },
  {
    files: [
      'src/config.ts',
      'test/**',
      'bench/**',
      'scripts/**',
      'prisma.config.ts',
      'vitest.config.ts',
      'src/db/embedded-postgres.ts',
    ],
    rules: { 'no-restricted-syntax': 'off' },
  },
);
