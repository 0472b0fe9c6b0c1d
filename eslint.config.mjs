import js from '@eslint/js'
import tseslint from 'typescript-eslint'

export default tseslint.config(
  {
    ignores: [
      'node_modules',
      '.next',
      '.data',
      'media',
      'src/migrations',
      'src/payload-types.ts',
      'src/app/(payload)/admin/importMap.js',
      'storefront/.next',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  // a plugin is a package any Payload 3 app could install: options are its only input. No import
  // of the app (by alias, or by a relative path that leaves the plugin's folder), no environment.
  ...[1, 2, 3, 4].map((depth) => ({
    files: [`plugins/*/${Array(depth).fill('*').join('/')}.{ts,tsx}`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@/*', '@payload-config'],
              message: 'A plugin never imports the app: take it as an option.',
            },
            {
              regex: `^(\\.\\./){${depth},}`,
              message: 'A plugin never imports from outside its own folder.',
            },
          ],
        },
      ],
      'no-restricted-properties': [
        'error',
        {
          object: 'process',
          property: 'env',
          message: 'A plugin reads no environment: take it as an option.',
        },
      ],
    },
  })),
  {
    files: ['plugins/*/test/**/*.ts'],
    rules: { 'no-restricted-properties': 'off', '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
)
