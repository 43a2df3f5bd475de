// @ts-check
/**
 * Lint is where the architecture is enforced, and every rule here fails closed:
 *  - every file under src is in one layer (LAYERS); a file in no layer is refused (deskbell/layer);
 *  - layer zones (import-x/no-restricted-paths): which process may import which;
 *  - a dependency allow-list per layer: a package not listed for a layer is refused;
 *  - an import the resolver cannot place is an error, so nothing slips past the zones unseen;
 *  - switches over unions must name every case (a default does not count), so a new event
 *    type cannot be ignored by the tray or notifications without a compile-time decision;
 *  - a type assertion in src that TypeScript cannot check is refused, unless the line before
 *    disables the rule with a reason (CASTS_CHECKED, deskbell/cast-reason).
 * tests/tooling/lint-rules.test.ts proves each zone, allow-list and the layer rule refuse an offending file.
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

/**
 * Every place code runs: its folder (or file) under src, the places it may import besides its
 * own files, and the packages it may use. Every file under src belongs to exactly one layer, the
 * one with the longest path that holds it (the widget page is browser code inside the server's
 * folder). A file in no layer is refused and may import nothing, so a new place is a decision
 * made here, not a gap.
 */
const NODE_BUILTINS = 'node:[a-z_/]+';
const LAYERS = {
  // @date-fns/tz: opening hours in each campus's own time zone (daylight saving included).
  // linkify-it: finding bare links in free text (librarians' lines and drafts), for the board, the widget and the reply box.
  shared: { path: 'src/shared', imports: [], packages: ['zod', '@date-fns/tz', 'linkify-it'] },
  // csv-parse and html-to-text: FAQ imports (CSV files; LibAnswers answers are HTML). pino: the JSON log.
  // nodemailer: outgoing email, one transport in src/server/email (tickets to campus ticket addresses, incident reports to directors).
  server: {
    path: 'src/server',
    imports: ['shared'],
    packages: ['zod', 'ws', 'better-sqlite3', 'esbuild', 'csv-parse/sync', 'html-to-text', 'pino', 'nodemailer', NODE_BUILTINS],
  },
  // The patron's page, bundled by esbuild and run in the patron's browser: no Node, no server code.
  widget: { path: 'src/server/widget/page', imports: ['shared'], packages: ['zod'] },
  core: { path: 'src/main/core', imports: ['shared'], packages: ['zod', 'ws', 'better-sqlite3', NODE_BUILTINS] },
  // The shells never load the server: the embedded backend runs in a thread of its own
  // (src/server/embed-worker.ts), started by core/embedded/embedded-thread.ts from its file.
  electron: { path: 'src/main/electron', imports: ['shared', 'core', 'launch'], packages: ['zod', 'electron', 'electron-updater', NODE_BUILTINS] },
  browser: { path: 'src/main/browser', imports: ['shared', 'core', 'launch'], packages: ['zod', 'ws', NODE_BUILTINS] },
  launch: { path: 'src/main/launch.ts', imports: ['shared', 'core', 'dev'], packages: [NODE_BUILTINS] },
  preload: { path: 'src/preload', imports: ['shared'], packages: ['electron'] },
  // uplot: the statistics view's charts (about 50 KB, canvas, styles set through the DOM, so the strict CSP holds); its stylesheet is imported too.
  renderer: { path: 'src/renderer', imports: ['shared'], packages: ['zod', 'react', 'react-dom/client', 'zustand', 'howler', 'uplot', 'uplot/dist/uPlot.min.css'] },
  dev: { path: 'src/dev', imports: ['shared', 'core'], packages: ['zod', 'ws', NODE_BUILTINS] },
};
/** @typedef {{ path: string, imports: string[], packages: string[] }} Layer */
/** @type {[string, Layer][]} Parents before the layers nested in them, so a nested layer's rules win. */
const layers = Object.entries(LAYERS).sort(([, a], [, b]) => a.path.length - b.path.length);
const globOf = (/** @type {string} */ path) => (path.endsWith('.ts') ? path : `${path}/**`);
const inside = (/** @type {string} */ inner, /** @type {string} */ outer) => inner !== outer && inner.startsWith(`${outer}/`);
/** Zone paths are relative to the `from` folder (src) for `except`, and to the repo for the rest. */
const underSrc = (/** @type {string} */ path) => `./${path.replace(/^src\//, '')}`;

/**
 * The zone of one layer, zulip-desktop's way round: everything in src is refused but the layer
 * itself and what it may import; a layer nested inside it (the widget page in the server) is
 * refused as well, because it is another place. The target is all of src because the config
 * entry carrying the zone (see layerRules) matches only this layer's files.
 */
function zonesOf(/** @type {string} */ name, /** @type {Layer} */ layer) {
  const allowed = [name, ...layer.imports].map((place) => (place in LAYERS ? LAYERS[/** @type {keyof typeof LAYERS} */ (place)].path : place));
  const message = `${name} may import only ${layer.imports.length ? layer.imports.join(', ') : 'its own files'}; see docs/architecture.md.`;
  return [
    { target: './src', from: './src', except: allowed.map(underSrc), message },
    ...layers.filter(([, other]) => inside(other.path, layer.path)).map(([other, { path }]) => ({ target: './src', from: `./${path}`, message: `${other} is a layer of its own; ${message}` })),
  ];
}

const escape = (/** @type {string} */ name) => (name === NODE_BUILTINS ? name : name.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'));
/** Any package not listed is refused until it is added here on purpose. */
const packageRule = (/** @type {string[]} */ packages) => [
  'error',
  {
    patterns: [
      {
        regex: packages.length ? `^(?!(\\.{1,2}/|(${packages.map(escape).join('|')})$))` : '^(?!\\.{1,2}/)',
        message: `not on this layer's dependency allow-list (${packages.join(', ') || 'none'}); add it in eslint.config.js on purpose, or import it where it belongs.`,
      },
    ],
  },
];

/** One config entry per layer: its files (less the layers nested in it), its zone and its packages. */
const layerRules = layers.map(([name, layer]) => ({
  files: [globOf(layer.path)],
  ignores: layers.filter(([, other]) => inside(other.path, layer.path)).map(([, other]) => globOf(other.path)),
  rules: {
    'import-x/no-restricted-paths': ['error', { zones: zonesOf(name, layer) }],
    'no-restricted-imports': packageRule(layer.packages),
  },
}));

/**
 * Where @typescript-eslint/no-unsafe-type-assertion is an error (issue 15, part 3): a cast that
 * narrows is replaced by a parse, a type guard or a typed variable, or kept with
 * `// eslint-disable-next-line @typescript-eslint/no-unsafe-type-assertion -- <why it is safe>`.
 * Every file under src, whatever its layer; tests, benchmarks and scripts cast their test data freely.
 */
const CASTS_CHECKED = ['src/**'];

/** Refuses, once per file, a file that no layer holds; and a cast rule disabled without a reason, or for more than a line. */
const deskbell = {
  rules: {
    'cast-reason': {
      meta: { type: 'problem', docs: { description: 'a cast kept past no-unsafe-type-assertion says why it is safe, for one line' }, schema: [] },
      create: (/** @type {import('eslint').Rule.RuleContext} */ context) => ({
        Program() {
          for (const comment of context.sourceCode.getAllComments()) {
            const text = comment.value.trim();
            if (!/^eslint-(disable|enable)/.test(text) || !text.includes('no-unsafe-type-assertion')) continue;
            const [directive = '', reason = ''] = text.split(/\s--\s/);
            const message = !/^eslint-disable-(next-)?line\b/.test(directive)
              ? 'disable no-unsafe-type-assertion for one line (eslint-disable-next-line), not for a block or the file.'
              : reason.trim().length < 10
                ? 'say why this cast is safe: `// eslint-disable-next-line @typescript-eslint/no-unsafe-type-assertion -- <why>`.'
                : null;
            if (message && comment.loc) context.report({ loc: comment.loc, message });
          }
        },
      }),
    },
    layer: {
      meta: { type: 'problem', docs: { description: 'every file under src belongs to a layer' }, schema: [] },
      create: (/** @type {import('eslint').Rule.RuleContext} */ context) => ({
        Program(/** @type {import('estree').Program} */ node) {
          context.report({
            node,
            message: `this file is in no layer (${layers.map(([, l]) => l.path).join(', ')}); move it into one, or add its place to LAYERS in eslint.config.js on purpose.`,
          });
        },
      }),
    },
  },
};
/** Files in no layer: the layer rule refuses them, and they may import nothing from src or any package. */
const unplaced = {
  files: ['src/**'],
  ignores: layers.map(([, layer]) => globOf(layer.path)),
  plugins: { deskbell },
  rules: {
    'deskbell/layer': 'error',
    'import-x/no-restricted-paths': ['error', { zones: [{ target: './src', from: './src', message: 'a file in no layer may import nothing.' }] }],
    'no-restricted-imports': packageRule([]),
  },
};

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
      'import-x/no-unresolved': ['error', { ignore: ['\\.wav$'] }],
      'no-restricted-syntax': ['error', ...dynamicImports([])],
    },
  },
  { files: CASTS_CHECKED, rules: { '@typescript-eslint/no-unsafe-type-assertion': 'error' } },
  { files: ['src/**'], plugins: { deskbell }, rules: { 'deskbell/cast-reason': 'error' } },
  // The server bundles the patron widget with esbuild, loaded only when there is no prebuilt copy.
  { files: ['src/server/widget/assets.ts'], rules: { 'no-restricted-syntax': ['error', ...dynamicImports(['esbuild'])] } },
  ...layerRules,
  unplaced,
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
  {
    // The patron's browser has none of Node's globals; tsconfig.widget.json has no Node types either.
    files: [globOf(LAYERS.widget.path)],
    rules: {
      'no-restricted-globals': [
        'error',
        ...['process', 'Buffer', 'require', '__dirname', '__filename', 'global', 'setImmediate'].map((name) => ({
          name,
          message: 'the widget page runs in the patron\'s browser: no Node globals.',
        })),
      ],
    },
  },
);
