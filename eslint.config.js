// @ts-check
/**
 * Lint is where the architecture is enforced, and every rule here fails closed:
 *  - layer zones (import-x/no-restricted-paths): which process may import which;
 *  - a dependency allow-list per layer: a package not listed for a layer is refused;
 *  - an import the resolver cannot place is an error, so nothing slips past the zones unseen;
 *  - switches over unions must name every case (a default does not count), so a new event
 *    type cannot be ignored by the tray or notifications without a compile-time decision.
 * tests/unit/lint-rules.test.ts proves each zone and allow-list refuses an offending import.
 */
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';

const TS_PROJECTS = [
  './tsconfig.node.json',
  './tsconfig.renderer.json',
  './tsconfig.preload.json',
  './tsconfig.widget.json',
  './tsconfig.tests.json',
  './tsconfig.shared.json',
];

/** Every top-level place code runs, and which of them each may import. */
const SRC = {
  shared: './src/shared',
  server: './src/server',
  core: './src/main/core',
  electron: './src/main/electron',
  browser: './src/main/browser',
  launch: './src/main/launch.ts',
  preload: './src/preload',
  renderer: './src/renderer',
  dev: './src/dev',
};
const all = Object.keys(SRC);
/** A zone: files under `target` may import only from `allowed` (and from themselves). */
function onlyFrom(target, allowed, exceptions = []) {
  return all
    .filter((name) => name !== target && !allowed.includes(name))
    .map((name) => ({
      target: SRC[target],
      from: SRC[name],
      ...(exceptions.some((e) => e.from === name) ? { except: exceptions.filter((e) => e.from === name).map((e) => e.except) } : {}),
      message: `${target} may import only ${allowed.length ? allowed.join(', ') : 'nothing else in src'}${exceptions.length ? ` (and ${exceptions.map((e) => `${e.from}/${e.except.replace('./', '')}`).join(', ')})` : ''}; see docs/architecture.md.`,
    }));
}
/** The server's one embedding entry, which the shells may load in embedded mode. */
const serverEmbed = { from: 'server', except: './embed.ts' };
const zones = [
  ...onlyFrom('shared', []),
  ...onlyFrom('renderer', ['shared']),
  ...onlyFrom('preload', ['shared']),
  ...onlyFrom('server', ['shared']),
  ...onlyFrom('core', ['shared']),
  ...onlyFrom('dev', ['shared', 'core']),
  ...onlyFrom('launch', ['shared', 'core', 'dev'], [serverEmbed]),
  ...onlyFrom('electron', ['shared', 'core', 'launch'], [serverEmbed]),
  ...onlyFrom('browser', ['shared', 'core', 'launch'], [serverEmbed]),
];

/**
 * The packages each layer may use. Anything else (a new dependency, a typo, a package that
 * belongs to another process) is refused until it is added here on purpose.
 */
const NODE_BUILTINS = 'node:[a-z_/]+';
const DEPENDENCIES = {
  // @date-fns/tz: opening hours in each campus's own time zone (daylight saving included).
  // linkify-it: finding bare links in free text (librarians' lines and drafts), for the board, the widget and the reply box.
  'src/shared/**': ['zod', '@date-fns/tz', 'linkify-it'],
  'src/renderer/**': ['zod', 'react', 'react-dom/client', 'zustand', 'howler'],
  'src/preload/**': ['electron'],
  'src/server/widget/page/**': ['zod'],
  // csv-parse and html-to-text: FAQ imports (CSV files; LibAnswers answers are HTML). pino: the JSON log.
  // nodemailer: outgoing email, one transport in src/server/email (tickets to campus ticket addresses, incident reports to directors).
  'src/server/**': ['zod', 'ws', 'better-sqlite3', 'esbuild', 'csv-parse/sync', 'html-to-text', 'pino', 'nodemailer', NODE_BUILTINS],
  'src/main/core/**': ['zod', 'ws', 'better-sqlite3', NODE_BUILTINS],
  'src/main/electron/**': ['zod', 'electron', 'electron-updater', NODE_BUILTINS],
  'src/main/browser/**': ['zod', 'ws', NODE_BUILTINS],
  'src/main/launch.ts': [NODE_BUILTINS],
  'src/dev/**': ['zod', 'ws', NODE_BUILTINS],
};
const escape = (name) => (name === NODE_BUILTINS ? name : name.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'));
const allowList = (glob, packages) => ({
  files: [glob],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          {
            regex: `^(?!(\\.{1,2}/|(${packages.map(escape).join('|')})$))`,
            message: `not on this layer's dependency allow-list (${packages.join(', ')}); add it in eslint.config.js on purpose, or import it where it belongs.`,
          },
        ],
      },
    ],
  },
});

/** Dynamic imports are relative (the zones check them) or a package named here; never a computed name. */
const dynamicImports = (packages) => [
  {
    selector: `ImportExpression > Literal[value=/^(?!\\.{1,2}\\/${packages.map((p) => `|${escape(p)}$`).join('')})/]`,
    message: 'a dynamic import of a package escapes the dependency allow-list: import it statically in a layer that allows it.',
  },
  { selector: 'ImportExpression > :not(Literal)', message: 'name the module literally, so lint can check where it comes from.' },
];

export default tseslint.config(
  { ignores: ['node_modules/**', 'out/**', 'dist/**', 'release/**', 'coverage/**', '.tmp/**', 'bench/results/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: { parserOptions: { project: TS_PROJECTS, tsconfigRootDir: import.meta.dirname } },
    plugins: { 'import-x': importX },
    settings: { 'import-x/resolver-next': [createTypeScriptImportResolver({ project: TS_PROJECTS, noWarnOnMultipleProjects: true })] },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: false, requireDefaultForNonUnion: false }],
    },
  },
  {
    files: ['src/**'],
    rules: {
      'import-x/no-restricted-paths': ['error', { zones }],
      'import-x/no-unresolved': ['error', { ignore: ['\\.wav$'] }],
      'no-restricted-syntax': ['error', ...dynamicImports([])],
    },
  },
  // The server bundles the patron widget with esbuild, loaded only when there is no prebuilt copy.
  { files: ['src/server/widget/assets.ts'], rules: { 'no-restricted-syntax': ['error', ...dynamicImports(['esbuild'])] } },
  // Later entries win for files matched by several: the widget page before the rest of the server.
  ...Object.entries(DEPENDENCIES)
    .sort(([a], [b]) => (a === 'src/server/widget/page/**' ? 1 : b === 'src/server/widget/page/**' ? -1 : 0))
    .map(([glob, packages]) => allowList(glob, packages)),
  {
    files: ['src/shared/**'],
    rules: {
      'no-restricted-globals': [
        'error',
        ...['window', 'document', 'navigator', 'localStorage', 'process', 'Buffer', 'require', '__dirname'].map((name) => ({
          name,
          message: 'src/shared is pure TypeScript: no Node, DOM, Electron or host globals.',
        })),
      ],
    },
  },
);
