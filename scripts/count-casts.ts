/**
 * Counts type assertions (`x as T`, `<T>x`; `as const` is not one) in src, per folder, toward
 * turning on @typescript-eslint/no-unsafe-type-assertion (issue 15). Syntactic: it counts every
 * assertion, including the safe ones that rule would let through.
 *
 *   npx tsx scripts/count-casts.ts [depth]     # depth of the folders under src (default 2)
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import ts from 'typescript';

const depth = Number(process.argv[2] ?? 2);

function* sourceFiles(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* sourceFiles(path);
    else if (/\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts')) yield path;
  }
}

function castsIn(path: string): number {
  const source = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, false, path.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  let count = 0;
  const visit = (node: ts.Node): void => {
    const asConst = ts.isAsExpression(node) && ts.isTypeReferenceNode(node.type) && node.type.typeName.getText(source) === 'const';
    if ((ts.isAsExpression(node) && !asConst) || ts.isTypeAssertionExpression(node)) count += 1;
    ts.forEachChild(node, visit);
  };
  visit(source);
  return count;
}

const perFolder = new Map<string, number>();
let total = 0;
for (const file of sourceFiles('src')) {
  const n = castsIn(file);
  if (n === 0) continue;
  const parts = relative('.', file).split(sep);
  const folder = parts.slice(0, Math.min(depth + 1, parts.length - 1)).join('/');
  perFolder.set(folder, (perFolder.get(folder) ?? 0) + n);
  total += n;
}
for (const [folder, n] of [...perFolder].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))) console.log(`${String(n).padStart(5)}  ${folder}`);
console.log(`${String(total).padStart(5)}  total in src`);
