/**
 * The architecture's layer rules, enforced by ESLint (eslint.config.js), must refuse what they
 * forbid: each zone and each dependency allow-list is tried here with an offending import, and
 * with an allowed one, so a rule that silently stops matching fails this test.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ESLint, type Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';

// Probes are not files of any tsconfig project, so type-aware parsing is off for them; every
// layer rule is syntactic and resolves imports against the real tree. The typed rules are tried
// below, each on a real file with its own tsconfig.
const eslint = new ESLint({
  cwd: process.cwd(),
  overrideConfig: [
    {
      files: ['**/*.ts', '**/*.tsx'],
      languageOptions: { parserOptions: { project: null } },
      rules: { '@typescript-eslint/switch-exhaustiveness-check': 'off', '@typescript-eslint/no-unsafe-type-assertion': 'off' },
    },
  ],
});

async function errorsFor(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  const messages = result?.messages ?? [];
  // A message without a rule is a parse error or "file ignored": the probe proved nothing, so say so.
  const unruled = messages.find((m) => m.ruleId === null);
  if (unruled) throw new Error(`${filePath} was not linted: ${unruled.message}`);
  return messages.filter((m) => m.severity === 2).map((m) => `${m.ruleId}: ${m.message}`);
}

/** The rules that refused a probe, each once, sorted: a test names exactly which rules must fire. */
async function rulesFor(filePath: string, code: string): Promise<string[]> {
  const errors = await errorsFor(filePath, code);
  return [...new Set(errors.map((e) => e.slice(0, e.indexOf(': '))))].sort();
}

const importOf = (what: string, from: string) => `import { ${what} } from '${from}';\nexport const probe = ${what};\n`;

/** [importing file, import path (relative to it), symbol]: each must be refused by a zone. */
const forbidden: [string, string, string][] = [
  ['src/shared/probe.ts', '../server/index', 'startServer'],
  ['src/shared/probe.ts', '../main/core/main-core', 'MainCore'],
  ['src/shared/probe.ts', '../renderer/store/index', 'useAppStore'],
  ['src/renderer/probe.ts', '../main/core/main-core', 'MainCore'],
  ['src/renderer/probe.ts', '../server/index', 'startServer'],
  ['src/renderer/probe.ts', '../preload/host', 'createElectronHost'],
  ['src/preload/probe.ts', '../main/core/main-core', 'MainCore'],
  ['src/preload/probe.ts', '../renderer/store/index', 'useAppStore'],
  ['src/server/probe.ts', '../main/core/main-core', 'MainCore'],
  ['src/server/probe.ts', '../renderer/store/index', 'useAppStore'],
  ['src/server/probe.ts', '../dev/demo-patrons', 'DemoPatrons'],
  ['src/main/core/probe.ts', '../../server/index', 'startServer'],
  ['src/main/core/probe.ts', '../../server/embed', 'startEmbeddedServer'],
  ['src/main/core/probe.ts', '../electron/desktop-shell', 'startDesktopShell'],
  ['src/main/core/probe.ts', '../browser/bridge-server', 'startBridgeServer'],
  ['src/main/core/probe.ts', '../../dev/demo-patrons', 'DemoPatrons'],
  ['src/main/core/probe.ts', '../launch', 'launchCore'],
  ['src/main/electron/probe.ts', '../../server/index', 'startServer'],
  ['src/main/electron/probe.ts', '../browser/bridge-server', 'startBridgeServer'],
  ['src/main/electron/probe.ts', '../../renderer/store/index', 'useAppStore'],
  ['src/main/browser/probe.ts', '../../server/chats/chats', 'Chats'],
  ['src/main/browser/probe.ts', '../electron/desktop-shell', 'startDesktopShell'],
  ['src/main/launch.ts', './electron/desktop-shell', 'startDesktopShell'],
  ['src/main/launch.ts', '../server/index', 'startServer'],
  // The embedded backend runs in its own thread, from its file: no shell imports the server at all.
  ['src/main/launch.ts', '../server/embed', 'startEmbeddedServer'],
  ['src/main/electron/probe.ts', '../../server/embed', 'startEmbeddedServer'],
  ['src/main/browser/probe.ts', '../../server/embed', 'startEmbeddedServer'],
  ['src/dev/probe.ts', '../server/index', 'startServer'],
  ['src/dev/probe.ts', '../main/electron/desktop-shell', 'startDesktopShell'],
];

/** The same shape, allowed: the zones must not refuse what the architecture permits. */
const allowed: [string, string, string][] = [
  ['src/renderer/probe.ts', '../shared/desk/reduce', 'reduceDesk'],
  ['src/server/probe.ts', '../shared/desk/reduce', 'reduceDesk'],
  ['src/main/core/probe.ts', '../../shared/desk/reduce', 'reduceDesk'],
  ['src/main/electron/probe.ts', '../core/main-core', 'MainCore'],
  ['src/main/browser/probe.ts', '../launch', 'launchCore'],
  ['src/dev/probe.ts', '../main/core/backend-link/socket-url', 'newClientId'],
];

describe('layer zones fail the build', () => {
  it.each(forbidden)('%s may not import %s', async (file, path, symbol) => {
    expect((await errorsFor(file, importOf(symbol, path))).join('\n')).toMatch(/import-x\/no-restricted-paths/);
  });

  it.each(allowed)('%s may import %s', async (file, path, symbol) => {
    expect(await errorsFor(file, importOf(symbol, path))).toEqual([]);
  });

  it('refuses a dynamic import across a zone too, and an import it cannot resolve', async () => {
    expect((await errorsFor('src/main/core/probe.ts', "export const load = () => import('../../server/embed');\n")).join('\n')).toMatch(/no-restricted-paths/);
    expect((await errorsFor('src/main/core/probe.ts', importOf('nothing', './no-such-module'))).join('\n')).toMatch(/import-x\/no-unresolved/);
  });
});

describe('each layer has a dependency allow-list that fails closed', () => {
  /** [file, package]: not on that layer's list. */
  const refused: [string, string][] = [
    ['src/shared/probe.ts', 'node:fs'],
    ['src/shared/probe.ts', 'ws'],
    ['src/shared/probe.ts', 'react'],
    ['src/shared/probe.ts', 'left-pad'],
    ['src/renderer/probe.ts', 'node:fs'],
    ['src/renderer/probe.ts', 'ws'],
    ['src/renderer/probe.ts', 'electron'],
    ['src/preload/probe.ts', 'node:fs'],
    ['src/server/probe.ts', 'react'],
    ['src/server/probe.ts', 'electron'],
    ['src/server/widget/page/probe.ts', 'ws'],
    ['src/main/core/probe.ts', 'electron'],
    ['src/main/core/probe.ts', 'react'],
    ['src/main/browser/probe.ts', 'electron'],
    ['src/dev/probe.ts', 'electron'],
  ];
  it.each(refused)('%s may not use %s', async (file, pkg) => {
    expect((await errorsFor(file, `import * as probe from '${pkg}';\nexport { probe };\n`)).join('\n')).toMatch(/no-restricted-imports: .*allow-list/);
  });

  it('a type-only import counts too, and so does a dynamic import of a package', async () => {
    expect((await errorsFor('src/shared/probe.ts', "import type { Server } from 'node:http';\nexport type S = Server;\n")).join('\n')).toMatch(/allow-list/);
    expect((await errorsFor('src/shared/probe.ts', "export const load = () => import('zod');\n")).join('\n')).toMatch(/no-restricted-syntax/);
    expect((await errorsFor('src/main/core/probe.ts', "const name = 'ws';\nexport const load = () => import(name);\n")).join('\n')).toMatch(/no-restricted-syntax/);
  });

  it('allows what each layer is meant to use', async () => {
    const ok: [string, string][] = [
      ['src/shared/probe.ts', 'zod'],
      ['src/renderer/probe.ts', 'react'],
      ['src/renderer/probe.ts', 'zustand'],
      ['src/preload/probe.ts', 'electron'],
      ['src/server/probe.ts', 'better-sqlite3'],
      ['src/server/probe.ts', 'node:http'],
      ['src/main/core/probe.ts', 'ws'],
      ['src/main/electron/probe.ts', 'electron'],
    ];
    for (const [file, pkg] of ok) expect(await errorsFor(file, `import * as probe from '${pkg}';\nexport { probe };\n`), `${file} ${pkg}`).toEqual([]);
    expect(await errorsFor('src/server/widget/assets-probe.ts', 'export const x = 1;\n')).toEqual([]);
  });

  it('refuses Electron outside the Electron shell and the preload', async () => {
    for (const file of ['src/main/core/probe.ts', 'src/renderer/probe.ts', 'src/server/probe.ts', 'src/shared/probe.ts', 'src/main/browser/probe.ts', 'src/dev/probe.ts']) {
      expect((await errorsFor(file, "import { app } from 'electron';\nexport const a = app;\n")).join('\n'), file).toMatch(/no-restricted-imports/);
    }
  });

  it('refuses DOM and Node globals in src/shared', async () => {
    expect(await errorsFor('src/shared/probe.ts', 'export const t = document.title;\n')).not.toEqual([]);
    expect(await errorsFor('src/shared/probe.ts', 'export const t = window.location;\n')).not.toEqual([]);
    expect(await errorsFor('src/shared/probe.ts', 'export const t = process.env;\n')).not.toEqual([]);
  });
});

describe('every file under src is in a layer', () => {
  const LAYER = 'deskbell/layer';
  const ZONES = 'import-x/no-restricted-paths';
  const PACKAGES = 'no-restricted-imports';

  it('refuses a file in a place no layer names, whatever it holds', async () => {
    // The example: a helper next to launch.ts is in no shell, so it may not reach the server or React.
    expect(await rulesFor('src/main/tray-helper.ts', importOf('startServer', '../server/index'))).toEqual([LAYER, ZONES]);
    expect(await rulesFor('src/main/tray-helper.ts', "import * as probe from 'react';\nexport { probe };\n")).toEqual([LAYER, PACKAGES]);
    // Even what every layer may import (shared, zod) is refused there, and so is an empty file.
    expect(await rulesFor('src/main/tray-helper.ts', importOf('reduceDesk', '../shared/desk/reduce'))).toEqual([LAYER, ZONES]);
    expect(await rulesFor('src/main/tray-helper.ts', "import * as probe from 'zod';\nexport { probe };\n")).toEqual([LAYER, PACKAGES]);
    expect(await rulesFor('src/tools/probe.ts', 'export const x = 1;\n')).toEqual([LAYER]);
    expect(await rulesFor('src/probe.ts', 'export const x = 1;\n')).toEqual([LAYER]);
    expect(await rulesFor('src/main/electron-helpers/probe.ts', 'export const x = 1;\n')).toEqual([LAYER]);
  });

  it('names the layer it expects in its message', async () => {
    expect((await errorsFor('src/main/tray-helper.ts', 'export const x = 1;\n')).join('\n')).toMatch(/in no layer.*eslint\.config\.js/);
  });

  it('passes a clean file in each layer', async () => {
    for (const file of [
      'src/shared/probe.ts',
      'src/server/probe.ts',
      'src/server/widget/page/probe.ts',
      'src/main/core/probe.ts',
      'src/main/electron/probe.ts',
      'src/main/browser/probe.ts',
      'src/main/launch.ts',
      'src/preload/probe.ts',
      'src/renderer/probe.tsx',
      'src/dev/probe.ts',
    ]) {
      expect(await errorsFor(file, 'export const x = 1;\n'), file).toEqual([]);
    }
  });
});

describe('the patron widget page is browser code in its own layer', () => {
  const page = 'src/server/widget/page/probe.ts';

  it('imports nothing of the server, the main process or the desk', async () => {
    // better-sqlite3 behind the server's db module would be bundled into the patron's page.
    expect(await rulesFor(page, importOf('openDatabase', '../../platform/db'))).toEqual(['import-x/no-restricted-paths']);
    expect(await rulesFor(page, importOf('widgetRoutes', '../routes'))).toEqual(['import-x/no-restricted-paths']);
    expect(await rulesFor(page, importOf('startServer', '../../index'))).toEqual(['import-x/no-restricted-paths']);
    expect(await rulesFor(page, importOf('MainCore', '../../../main/core/main-core'))).toEqual(['import-x/no-restricted-paths']);
    expect(await rulesFor(page, importOf('useAppStore', '../../../renderer/store/index'))).toEqual(['import-x/no-restricted-paths']);
  });

  it('uses no Node: no builtins, no server packages, no Node globals', async () => {
    for (const pkg of ['node:fs', 'node:path', 'better-sqlite3', 'ws']) {
      expect(await rulesFor(page, `import * as probe from '${pkg}';\nexport { probe };\n`), pkg).toEqual(['no-restricted-imports']);
    }
    expect(await rulesFor(page, 'export const env = process.env;\n')).toEqual(['no-restricted-globals']);
    expect(await rulesFor(page, "export const b = Buffer.from('x');\n")).toEqual(['no-restricted-globals']);
  });

  it('imports src/shared, its own files and zod', async () => {
    expect(await errorsFor(page, importOf('nameLooksLikeQuestion', '../../../shared/chats/intake'))).toEqual([]);
    expect(await errorsFor(page, importOf('renderMessageText', './links'))).toEqual([]);
    expect(await errorsFor(page, "import { z } from 'zod';\nexport const s = z.string();\n")).toEqual([]);
  });

  it('is not imported by the rest of the server, which serves it as a bundle', async () => {
    expect(await rulesFor('src/server/probe.ts', importOf('renderMessageText', './widget/page/links'))).toEqual(['import-x/no-restricted-paths']);
    expect(await rulesFor('src/server/widget/probe.ts', importOf('renderMessageText', './page/links'))).toEqual(['import-x/no-restricted-paths']);
  });
});

describe('switches over unions name every case', () => {
  it('a default branch does not count as handling a new event type', async () => {
    // The repo's own setting for the rule, as it applies to a file of the node project.
    const config = (await new ESLint({ cwd: process.cwd() }).calculateConfigForFile('src/main/core/main-core.ts')) as {
      rules: Record<string, unknown>;
    };
    const setting = config.rules['@typescript-eslint/switch-exhaustiveness-check'];
    expect(Array.isArray(setting) ? setting[0] : setting).toBe(2);

    // Type-aware lint of a probe written to disk with its own tsconfig. Linting text under the
    // name of a real file came back with no messages at all in two CI runs (likely answered from
    // the file on disk; not reproduced here), so the probe is a real file holding the probe.
    const dir = await mkdtemp(join(tmpdir(), 'deskbell-lint-'));
    try {
      const events = resolve('src/shared/desk/events.ts').replace(/\\/g, '/').replace(/\.ts$/, '');
      await writeFile(join(dir, 'tsconfig.json'), JSON.stringify({ extends: resolve('tsconfig.base.json'), include: ['probe.ts'] }));
      const probe = join(dir, 'probe.ts');
      await writeFile(
        probe,
        [
          `import type { DeskEvent } from '${events}';`,
          'export function probe(event: DeskEvent): string {',
          '  switch (event.type) {',
          "    case 'chat.created':",
          "      return 'new';",
          '    default:',
          "      return 'other';",
          '  }',
          '}',
          '',
        ].join('\n'),
      );
      const typed = new ESLint({
        cwd: dir,
        overrideConfigFile: true,
        overrideConfig: [
          {
            files: ['**/*.ts'],
            languageOptions: { parser: tseslint.parser, parserOptions: { project: './tsconfig.json', tsconfigRootDir: dir } },
            plugins: { '@typescript-eslint': tseslint.plugin },
            rules: { '@typescript-eslint/switch-exhaustiveness-check': setting as Linter.RuleEntry },
          },
        ],
      });
      const [result] = await typed.lintFiles([probe]);
      const messages = result?.messages ?? [];
      expect(messages.map((m) => m.ruleId)).toEqual(['@typescript-eslint/switch-exhaustiveness-check']);
      // The message names the case left out, so it is about the union and not a stray error.
      expect(messages[0]?.message).toMatch(/chat\.claimed/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('a type assertion in src says why it is safe', () => {
  const RULE = '@typescript-eslint/no-unsafe-type-assertion';
  const repo = new ESLint({ cwd: process.cwd() });
  const settingFor = async (file: string): Promise<unknown> => {
    const config = (await repo.calculateConfigForFile(file)) as { rules: Record<string, unknown> };
    return config.rules[RULE];
  };
  const severity = (setting: unknown): unknown => (Array.isArray(setting) ? setting[0] : setting);
  // Every layer (eslint.config.js, CASTS_CHECKED); a new file is checked too.
  const checked = ['src/server/probe.ts', 'src/server/widget/page/probe.ts', 'src/main/core/probe.ts', 'src/main/electron/probe.ts', 'src/main/browser/probe.ts', 'src/main/launch.ts', 'src/renderer/probe.tsx', 'src/shared/probe.ts', 'src/preload/probe.ts', 'src/dev/probe.ts'];

  it('is an error in src, and off where casts of test data are fine', async () => {
    for (const file of checked) expect(severity(await settingFor(file)), file).toBe(2);
    for (const file of ['tests/chats/probe.test.ts', 'bench/probe.ts', 'scripts/probe.ts']) expect(severity(await settingFor(file)) ?? 0, file).toBe(0);
  });

  it('refuses the rule disabled without a reason, or for more than one line', async () => {
    // Untyped, so the cast rule itself is off here and its directive unused: not a finding for this probe.
    const untyped = new ESLint({
      cwd: process.cwd(),
      overrideConfig: [
        { files: ['**/*.ts', '**/*.tsx'], languageOptions: { parserOptions: { project: null } }, rules: { '@typescript-eslint/switch-exhaustiveness-check': 'off', [RULE]: 'off' } },
        { linterOptions: { reportUnusedDisableDirectives: 'off' } },
      ],
    });
    const rulesFor = async (filePath: string, code: string) => {
      const [result] = await untyped.lintText(code, { filePath });
      return (result?.messages ?? []).map((m) => m.ruleId);
    };
    const cast = 'export const probe = (value: unknown): string => value as string;\n';
    expect(await rulesFor('src/shared/probe.ts', `// eslint-disable-next-line ${RULE}\n${cast}`)).toEqual(['deskbell/cast-reason']);
    expect(await rulesFor('src/server/probe.ts', `// eslint-disable-next-line ${RULE} -- fine\n${cast}`)).toEqual(['deskbell/cast-reason']);
    expect(await rulesFor('src/renderer/probe.ts', `/* eslint-disable ${RULE} -- every cast in this file is checked */\n${cast}`)).toEqual(['deskbell/cast-reason']);
    expect(await rulesFor('src/shared/probe.ts', `// eslint-disable-next-line ${RULE} -- the probe's caller checked it\n${cast}`)).toEqual([]);
  });

  it('refuses an unjustified cast with exactly that rule, and lets a justified one through', async () => {
    const setting = await settingFor('src/shared/probe.ts');
    // Type-aware, so a real file in a folder of its own with its own tsconfig (as the switch probe above).
    const dir = await mkdtemp(join(tmpdir(), 'deskbell-lint-'));
    try {
      const chats = resolve('src/shared/chats/schemas.ts').replace(/\\/g, '/').replace(/\.ts$/, '');
      await writeFile(join(dir, 'tsconfig.json'), JSON.stringify({ extends: resolve('tsconfig.base.json'), include: ['*.ts'] }));
      const header = `import type { Chat } from '${chats}';\n`;
      const unjustified = join(dir, 'unjustified.ts');
      await writeFile(unjustified, `${header}export const chatOf = (frame: unknown): Chat => frame as Chat;\n`);
      const justified = join(dir, 'justified.ts');
      await writeFile(
        justified,
        [
          header,
          'export function chatOf(frame: unknown): Chat {',
          `  // eslint-disable-next-line ${RULE} -- the probe's caller parsed it`,
          '  return frame as Chat;',
          '}',
          // Neither is unsafe: `as const`, and a cast to a wider type.
          "export const kinds = ['a', 'b'] as const;",
          "export const wider = 'a' as string;",
          '',
        ].join('\n'),
      );
      const typed = new ESLint({
        cwd: dir,
        overrideConfigFile: true,
        overrideConfig: [
          {
            files: ['**/*.ts'],
            languageOptions: { parser: tseslint.parser, parserOptions: { project: './tsconfig.json', tsconfigRootDir: dir } },
            linterOptions: { reportUnusedDisableDirectives: 'error' },
            plugins: { '@typescript-eslint': tseslint.plugin },
            rules: { [RULE]: (setting ?? 'off') as Linter.RuleEntry },
          },
        ],
      });
      const [refused, passed] = await typed.lintFiles([unjustified, justified]);
      expect(refused?.filePath).toBe(unjustified);
      expect(refused?.messages.map((m) => [m.ruleId, m.severity])).toEqual([[RULE, 2]]);
      expect(passed?.filePath).toBe(justified);
      expect(passed?.messages).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
