// @ts-check
// Boundaries between the layers are enforced here, not by hope (see README "Layout").
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const UI_AND_APP_STATE = ['react', 'react-dom', 'react-dom/*', 'zustand', 'zustand/*', 'recharts'];
const layer = (name) => [`**/${name}/*`, `**/${name}`, `../${name}/*`, `../../${name}/*`];

/** Pure cores run in Node and in the worker: no React, no app state, no worker or client. */
const pureCoreRule = {
  paths: UI_AND_APP_STATE.map((name) => ({ name, message: 'Pure cores are DOM- and React-free.' })),
  patterns: [
    {
      group: [...layer('ui'), ...layer('state'), ...layer('client'), ...layer('worker')],
      message:
        'src/zoo, src/study, src/imaging, src/data, src/refusal and src/grid must not import ui, state, client or worker.',
    },
  ],
};

export default tseslint.config(
  {
    ignores: [
      'dist',
      'dist-test',
      'node_modules',
      'coverage',
      'playwright-report',
      'test-results',
      'bench-results',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: 'module',
      globals: { ...globals.browser, ...globals.node },
    },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        {
          selector: "NewExpression[callee.name='Worker']",
          message: 'Only src/client/studyClient.ts may construct the Worker.',
        },
      ],
    },
  },
  {
    files: ['src/ui/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
  {
    files: [
      'src/zoo/**/*.ts',
      'src/engine/**/*.ts',
      'src/imaging/**/*.ts',
      'src/data/**/*.ts',
      'src/refusal/**/*.ts',
      'src/grid/**/*.ts',
    ],
    ignores: ['src/zoo/catalog.ts'],
    rules: { 'no-restricted-imports': ['error', pureCoreRule] },
  },
  {
    // The study library and the zoo catalog are read by the first view: no TensorFlow.js.
    // The zoo's plan/analytic side is also tf-free: the Architecture Lab counts on the main thread.
    files: [
      'src/study/**/*.ts',
      'src/refusal/**/*.ts',
      'src/zoo/catalog.ts',
      'src/zoo/catalogData.ts',
      'src/zoo/analytic.ts',
      'src/zoo/plan.ts',
      'src/zoo/shapes.ts',
      'src/zoo/archDef.ts',
      'src/zoo/blocks.ts',
      'src/zoo/keymap.ts',
      'src/zoo/registry.ts',
      'src/zoo/archs/**/*.ts',
      // The engine runs in Node, the worker and the CLI without TensorFlow.js.
      'src/engine/**/*.ts',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          ...pureCoreRule,
          patterns: [
            ...pureCoreRule.patterns,
            {
              group: ['@tensorflow/*'],
              message: 'The study and catalog load without TensorFlow.js.',
            },
          ],
        },
      ],
    },
  },
  {
    // Engine tests compare with TensorFlow.js; the engine itself stays tf-free.
    files: ['src/engine/testing/**/*.ts', 'src/engine/**/*.test.ts'],
    rules: { 'no-restricted-imports': ['error', pureCoreRule] },
  },
  {
    // The UI and state reach tfjs and the worker only through src/client; type imports are fine.
    files: ['src/ui/**/*.{ts,tsx}', 'src/state/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@tensorflow/*', ...layer('worker')],
              message: 'Go through src/client/studyClient.ts.',
              allowTypeImports: true,
            },
            {
              // The worker's rooms are its own business: wire types come from worker/protocol.ts.
              group: ['**/worker/*/*'],
              message: 'Import wire types from src/worker/protocol.ts, not from a worker room.',
            },
          ],
        },
      ],
    },
  },
  {
    // The client starts the worker and reads its wire types, never a room's internals.
    files: ['src/client/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/worker/*/*'],
              message: 'Import wire types from src/worker/protocol.ts, not from a worker room.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/client/studyClient.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    // The engine's pool threads: nested Workers that the inference worker itself must start,
    // because it owns the engine's shared memory (src/worker/engine/browserEngine.ts).
    files: ['src/worker/engine/browserEngine.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
);
