/**
 * What grew between two V8 heap snapshots, by constructor: counts and self sizes, largest growth
 * first. `npx tsx bench/heap-diff.ts START.heapsnapshot END.heapsnapshot [rows]`. The shift bench
 * writes the core's pair when DESKBELL_HEAP_SNAPSHOTS names a folder.
 */
import { readFileSync } from 'node:fs';

interface SnapshotFile {
  snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] } };
  nodes: number[];
  strings: string[];
}

export interface ConstructorTotals {
  count: number;
  bytes: number;
}

/** Live objects by constructor name ("(string)", "(closure)"… for V8's own kinds). */
export function byConstructor(path: string): Map<string, ConstructorTotals> {
  const file: SnapshotFile = JSON.parse(readFileSync(path, 'utf8'));
  const fields = file.snapshot.meta.node_fields;
  const types = file.snapshot.meta.node_types[0];
  const width = fields.length;
  const typeAt = fields.indexOf('type');
  const nameAt = fields.indexOf('name');
  const sizeAt = fields.indexOf('self_size');
  const totals = new Map<string, ConstructorTotals>();
  for (let i = 0; i < file.nodes.length; i += width) {
    const type = types[file.nodes[i + typeAt] ?? 0] ?? '?';
    const name = type === 'object' || type === 'native' ? (file.strings[file.nodes[i + nameAt] ?? 0] ?? '?') : `(${type})`;
    const entry = totals.get(name) ?? { count: 0, bytes: 0 };
    entry.count += 1;
    entry.bytes += file.nodes[i + sizeAt] ?? 0;
    totals.set(name, entry);
  }
  return totals;
}

export function diff(start: Map<string, ConstructorTotals>, end: Map<string, ConstructorTotals>): { name: string; count: number; bytes: number }[] {
  const names = new Set([...start.keys(), ...end.keys()]);
  return [...names]
    .map((name) => ({ name, count: (end.get(name)?.count ?? 0) - (start.get(name)?.count ?? 0), bytes: (end.get(name)?.bytes ?? 0) - (start.get(name)?.bytes ?? 0) }))
    .sort((a, b) => b.bytes - a.bytes);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [a, b, rows] = process.argv.slice(2);
  if (!a || !b) throw new Error('usage: heap-diff START.heapsnapshot END.heapsnapshot [rows]');
  for (const row of diff(byConstructor(a), byConstructor(b)).slice(0, Number(rows ?? 25))) {
    console.log(`${(row.bytes / 1024).toFixed(1).padStart(10)} KiB ${String(row.count).padStart(8)} objects  ${row.name}`);
  }
}
