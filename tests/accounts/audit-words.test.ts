import { describe, expect, it } from 'vitest';
import { changes } from '../../src/renderer/audit/words';

describe("the audit log's changes, in words", () => {
  it('shows a time as a date, never as milliseconds; other fields as they are', () => {
    const at = Date.UTC(2026, 11, 7, 15, 30);
    const lines = changes(null, JSON.stringify({ id: 'op_1', username: 'nia', disabled: false, createdAt: at, lastLoginAt: null }));
    expect(lines).toEqual(['username: nia', 'disabled: false', `createdAt: ${new Date(at).toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' })}`]);
    expect(lines.join(' ')).not.toContain(String(at));
  });

  it('a change lists only the fields that changed, before → after', () => {
    expect(changes(JSON.stringify({ disabled: false, role: 'librarian' }), JSON.stringify({ disabled: true, role: 'librarian' }))).toEqual(['disabled: false → true']);
  });
});
