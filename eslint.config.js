import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import vue from 'eslint-plugin-vue';
import vueParser from 'vue-eslint-parser';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const noElectron = { name: 'electron', message: 'electron/core must not import electron.' };
const layers = {
  workflows: ['registries', 'deploy', 'rollout', 'pulls', 'in-cluster', 'cluster-refresh'],
  steps: ['image-access', 'workloads', 'diagnosis'],
  blocks: [
    'kube',
    'oci',
    'dockerconfig',
    'vault',
    'settings',
    'net',
    'app',
    'ownership',
    'eso',
    'eso-generators',
    'tokens',
  ],
};

/** A relative import that climbs out of its folder into one of `folders`. */
function into(folders, message) {
  return { regex: `^(\\.\\./)+(${folders.join('|')})(/|$)`, message };
}

function coreLayers() {
  const rule = (files, patterns) => ({
    files,
    rules: { 'no-restricted-imports': ['error', { paths: [noElectron], patterns }] },
  });
  const under = (folders) => folders.map((folder) => `electron/core/${folder}/**/*.ts`);
  return [
    rule(['electron/core/**/*.ts'], []),
    ...layers.workflows.map((workflow) =>
      rule(under([workflow]), [
        into(
          layers.workflows.filter((other) => other !== workflow),
          'A workflow never imports another workflow: move the shared piece down (diagnosis/, kube/, dockerconfig/, …).',
        ),
      ]),
    ),
    rule(under(layers.steps), [
      into(layers.workflows, 'Shared steps sit below the workflows: never import one.'),
    ]),
    rule(under(layers.blocks), [
      into(
        [...layers.workflows, ...layers.steps],
        'Building blocks sit below workflows and shared steps: never import them.',
      ),
      {
        regex: '(^|/)api/router$',
        message:
          'Building blocks must not import the router; error conversion lives in api/errors.',
      },
    ]),
  ];
}

export default tseslint.config(
  {
    ignores: [
      'out/**',
      'dist/**',
      'release/**',
      'node_modules/**',
      'test-results/**',
      'playwright-report/**',
      'tests/cluster/**',
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
    files: ['**/*.{ts,vue,js,mjs}'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
    },
  },
  {
    // Type-aware rules (floating promises, misused promises, needless assertions…) for the
    // back end, scripts and tests; each file is checked against the tsconfig that includes it.
    // (.vue files keep vue-eslint-parser and the untyped rules for now.)
    files: ['electron/**/*.ts', 'scripts/**/*.ts', 'tests/**/*.ts', 'renderer/**/*.ts'],
    extends: [tseslint.configs.recommendedTypeCheckedOnly],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
  },
  {
    // .vue files: the same type-aware rules, with the renderer's tsconfig (vue-eslint-parser hands
    // the <script setup> block to the TypeScript parser).
    files: ['renderer/**/*.vue'],
    extends: [tseslint.configs.recommendedTypeCheckedOnly],
    languageOptions: {
      // recommendedTypeCheckedOnly sets the TypeScript parser; .vue files need vue's around it.
      parser: vueParser,
      parserOptions: {
        parser: tseslint.parser,
        project: ['./tsconfig.web.json'],
        extraFileExtensions: ['.vue'],
        tsconfigRootDir: import.meta.dirname,
      },
    },
  },
  {
    // .vue modules are typed by vue-tsc only; to the type-aware linter an imported component is
    // an error type. (renderer/ .vue files are not type-aware yet.)
    files: ['renderer/**/*.ts'],
    rules: { '@typescript-eslint/no-unsafe-argument': 'off' },
  },
  {
    // Tests read JSON, mocks and fixtures as `any` on purpose; the promise rules still apply.
    files: ['tests/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/require-await': 'off',
    },
  },
  // The core runs in plain Node and is shared with the test bridge: never Electron. Its folders
  // form layers and imports point down only (docs/architecture.md): a workflow never imports
  // another workflow, shared steps never import a workflow, building blocks import neither.
  ...coreLayers(),
  {
    // The renderer reaches the back end only through window.pullkey (renderer/src/api.ts).
    files: ['renderer/**/*.{ts,vue}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'Use renderer/src/api.ts (window.pullkey).' }],
          patterns: [
            {
              // Besides the contract, only pure shared modules (no Node, no I/O).
              regex:
                '^@core/(?!api/|deploy/manifest$|oci/reference$|oci/hosts$|tokens/phrase$|tokens/hosts$)',
              message:
                'The renderer may import the contract (@core/api) and pure shared modules only.',
            },
            { regex: '^node:', message: 'The renderer has no Node access.' },
          ],
        },
      ],
    },
  },
  prettier,
);
