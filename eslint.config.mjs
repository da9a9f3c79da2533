// ESLint (flat config): `npm run lint`. JavaScript's and typescript-eslint's recommended rules, type-aware through
// the project's two TypeScript programs (the hub side and the widget side); for the widget and its tests also Lit's,
// the web components' and Lit's accessibility rules. Formatting is Prettier's business, not ESLint's.
import js from '@eslint/js';
import litA11y from 'eslint-plugin-lit-a11y';
import lit from 'eslint-plugin-lit';
import wc from 'eslint-plugin-wc';
import { defineConfig, globalIgnores } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** Browser code: the widget, its tests, the demo page's scripts. */
const BROWSER = ['src/widget/**', 'test/widget/**', 'demo/public/**'];

export default defineConfig(
  // generated or third-party: also in .gitignore and .prettierignore
  globalIgnores(['dist/', 'node_modules/', '.data/', '.test-data/', 'coverage/', 'custom-elements.json']),

  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        // Every TypeScript file belongs to one of these (tsconfig.hub.json: hub, protocol, demo, Node tests;
        // tsconfig.widget.json: widget, protocol, browser tests).
        project: ['./tsconfig.hub.json', './tsconfig.widget.json'],
        tsconfigRootDir: import.meta.dirname,
      },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // `_name` marks a parameter a signature needs but the body does not use (tsc's noUnused* agree).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          // `void promise` is how the code says "not awaited on purpose".
          ignoreVoid: true,
          allowForKnownSafeCalls: [
            // node:test's describe/it return promises the runner awaits itself.
            { from: 'package', name: ['describe', 'it', 'test', 'suite'], package: 'node:test' },
            // @open-wc/semantic-dom-diff types every chai `.equal()` as a promise (for its DOM snapshots): it is not.
            { from: 'package', name: ['equal', 'Equal'], package: '@open-wc/semantic-dom-diff' },
          ],
        },
      ],
      // An async function without await still says "this answers a promise" (Fastify handlers, interface
      // implementations, test callbacks): a matter of style, not a bug.
      '@typescript-eslint/require-await': 'off',
      // `let x; … () => x …; x = value` is how a callback made before its target exists reads it later.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
      // Event listeners and Lit's @event bindings take async handlers; their rejections are handled inside.
      '@typescript-eslint/no-misused-promises': [
        'error',
        { checksVoidReturn: { attributes: false, arguments: false } },
      ],
    },
  },
  {
    // JavaScript (the tools' configs, the test runner's plugin): no type information.
    files: ['**/*.{js,mjs,cjs}'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { globals: globals.node },
  },
  {
    files: ['src/hub/**', 'src/protocol/**', 'demo/**', 'test/**'],
    ignores: BROWSER,
    languageOptions: { globals: globals.node },
  },
  {
    files: BROWSER,
    extends: [
      lit.configs['flat/recommended'],
      wc.configs['flat/recommended'],
      wc.configs['flat/best-practice'],
      litA11y.configs.recommended,
    ],
    languageOptions: { globals: globals.browser },
    settings: {
      // Lit's base class counts as HTMLElement for the web-components rules, and so does the widget's own base.
      wc: { elementBaseClasses: ['LitElement', 'DesktopElement'] },
    },
    rules: {
      // Guards `super.connectedCallback?.()` for bases that may lack it; LitElement (and so our bases) has them all.
      'wc/guard-super-call': 'off',
    },
  },
  {
    // What an integrator writes against the built declarations: public-types.test.ts type-checks it against dist/types.
    files: ['test/package/types/**'],
    extends: [tseslint.configs.disableTypeChecked],
  },
  {
    // Tests read JSON from HTTP answers and hub messages as `any` on purpose (the assertions check its shape): the
    // no-unsafe-* rules stay on for the product's code.
    files: ['test/**'],
    rules: {
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  {
    // Tests: mocha's globals in the browser tests; chai's `expect(x).to.be.true` is an expression on purpose.
    files: ['test/widget/**'],
    languageOptions: { globals: globals.mocha },
    rules: { '@typescript-eslint/no-unused-expressions': 'off' },
  },
);
