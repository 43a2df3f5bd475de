// @ts-check
import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';

const electronBan = {
  name: 'electron',
  message: 'Import electron only under src/main/electron and src/preload; inject what the core needs.',
};
const electronPatterns = [{ group: ['electron/*'], message: electronBan.message }];

const nodeModules = builtinModules.filter((m) => !m.startsWith('_'));
const sharedBanMessage = 'src/shared is pure TypeScript: no Node, DOM, Electron or host-library imports.';

export default tseslint.config(
  { ignores: ['node_modules/**', 'out/**', 'dist/**', 'release/**', 'coverage/**', '.tmp/**', 'bench/results/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': ['error', { paths: [electronBan], patterns: electronPatterns }],
    },
  },
  {
    files: ['src/main/electron/**', 'src/preload/**'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['src/shared/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            electronBan,
            ...['ws', 'better-sqlite3', 'react', 'react-dom', 'howler', 'zustand'].map((name) => ({ name, message: sharedBanMessage })),
            ...nodeModules.map((name) => ({ name, message: sharedBanMessage })),
          ],
          patterns: [...electronPatterns, { group: ['node:*'], message: sharedBanMessage }],
        },
      ],
      'no-restricted-globals': [
        'error',
        ...['window', 'document', 'navigator', 'localStorage', 'process', 'Buffer', 'require', '__dirname'].map((name) => ({
          name,
          message: sharedBanMessage,
        })),
      ],
    },
  },
);
