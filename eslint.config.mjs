// ESLint: typescript-eslint's type-checked rules everywhere, the React hooks rules in the renderer.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'test-results/**', 'bench-results/**', 'coverage/**', '.kiln-sandbox/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        // Files outside every tsconfig (the build configs, the benches) get the base options, so that their imports
        // resolve as the bundler resolves them instead of falling back to `any`.
        projectService: {
          allowDefaultProject: ['*.ts', 'bench/*.ts', 'renderer/vite.config.ts'],
          defaultProject: 'tsconfig.base.json',
        },
        tsconfigRootDir: import.meta.dirname,
      },
      globals: { ...globals.node },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      // Under React 19 Cloudscape's SpaceBetween no longer sees through a fragment: its children would touch.
      'no-restricted-syntax': [
        'error',
        ...[
          '> JSXFragment',
          '> JSXExpressionContainer > LogicalExpression > JSXFragment',
          '> JSXExpressionContainer > ConditionalExpression > JSXFragment',
        ].map((child) => ({
          selector: `JSXElement[openingElement.name.name='SpaceBetween'] ${child}`,
          message: 'SpaceBetween spaces its direct children only: use a nested SpaceBetween instead of a fragment.',
        })),
      ],
    },
  },
  {
    // Test doubles implement async interfaces without awaiting, and `expect(fake.method)` reads a method unbound.
    // Vitest types its asymmetric matchers (`expect.any(String)`, `expect.stringContaining(…)`) as `any`, so every
    // `{ message: expect.stringContaining('…') }` would count as an unsafe assignment; reading or calling an `any`
    // (parsed JSON, say) is still an error there.
    files: ['test/**/*.{ts,tsx}', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/unbound-method': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
    },
  },
  {
    files: ['**/*.{js,mjs,cjs}'],
    ...tseslint.configs.disableTypeChecked,
  },
);
