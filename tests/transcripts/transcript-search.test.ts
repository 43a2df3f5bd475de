import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TranscriptIndex } from '../../src/main/core/transcripts/transcript-index';
import { TranscriptQuery } from '../../src/shared/transcripts/schemas';
import { chat, message } from '../support/fixtures';

const T0 = Date.UTC(2026, 10, 28, 15, 0, 0);
const ended = (id: string, encounterId: string, lines: string[]) =>
  chat(id, 'tunxis', T0, {
    encounterId,
    state: 'ended',
    endedAt: T0 + 60_000,
    endReason: 'operator',
    messages: lines.map((text, i) => message(id, i + 1, T0 + i * 1_000, { text })),
  });

let dir: string;
let index: TranscriptIndex;
const search = (query: Partial<TranscriptQuery>) => index.search(TranscriptQuery.parse(query)).map((hit) => hit.chatId);

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'deskbell-transcript-search-'));
  index = new TranscriptIndex(join(dir, 'transcripts.db'));
  index.apply(
    {
      changes: [
        { rev: 1, chat: ended('maya', 'ENC-20261128-7K3QZP', ['Can I renew my book online?', 'Yes, in My Account.']) },
        { rev: 2, chat: ended('rex', 'ENC-20261128-M4N8WX', ['Where are the study rooms?']) },
        { rev: 3, chat: ended('jo', 'ENC-20261129-7K3ABC', ['Do you have CINAHL?']) },
      ],
      next: 3,
      more: false,
    },
    T0,
  );
});
afterEach(() => {
  index.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('transcript search by encounter ID', () => {
  it('a partial ID in the encounter box finds the chat: its start, its code, the end of it, any case, with or without dashes', () => {
    expect(search({ encounterId: 'ENC-20261128-7K3QZP' })).toEqual(['maya']);
    expect(search({ encounterId: 'ENC-20261128' }).sort()).toEqual(['maya', 'rex']);
    expect(search({ encounterId: '7K3QZP' })).toEqual(['maya']);
    expect(search({ encounterId: 'qzp' })).toEqual(['maya']);
    expect(search({ encounterId: '1128-m4n8' })).toEqual(['rex']);
    expect(search({ encounterId: 'enc 20261128 7k3qzp' })).toEqual(['maya']);
    expect(search({ encounterId: '7K3' }).sort()).toEqual(['jo', 'maya']);
    expect(search({ encounterId: 'ZZZZ' })).toEqual([]);
  });

  it('an ID typed in the words box finds the chat, whole or in part, alone or with other words', () => {
    expect(search({ words: 'ENC-20261128-7K3QZP' })).toEqual(['maya']);
    expect(search({ words: 'enc-20261128-m4n8wx' })).toEqual(['rex']);
    expect(search({ words: '7K3QZP' })).toEqual(['maya']);
    expect(search({ words: '7K3Q' })).toEqual(['maya']);
    expect(search({ words: 'ENC-20261129 cinahl' })).toEqual(['jo']);
    expect(search({ words: 'ENC-20261128-7K3QZP cinahl' })).toEqual([]);
  });

  it('words still search the lines, and "enc" at the start of a word is a word, not an ID', () => {
    expect(search({ words: 'renew' })).toEqual(['maya']);
    expect(search({ words: 'study rooms' })).toEqual(['rex']);
    expect(search({ words: 'enc' })).toEqual([]);
  });
});

describe('transcript snippets', () => {
  it('show the question once when the widget also posted it as the first line, and keep a question that was never posted', () => {
    const asked = chat('ana', 'tunxis', T0, {
      encounterId: 'ENC-20261130-ANA111',
      state: 'ended',
      endedAt: T0 + 60_000,
      endReason: 'operator',
      question: 'Is the scanner on floor two working?',
      messages: ['Is the scanner on floor two working?', 'It is, and it emails PDFs.'].map((text, i) => message('ana', i + 1, T0 + i * 1_000, { text })),
    });
    const unposted = chat('bo', 'tunxis', T0, { encounterId: 'ENC-20261130-BO2222', state: 'ended', endedAt: T0 + 60_000, endReason: 'operator', question: 'Any quiet carrels left?', messages: [message('bo', 1, T0, { text: 'On the third floor.' })] });
    index.apply({ changes: [{ rev: 4, chat: asked }, { rev: 5, chat: unposted }], next: 5, more: false }, T0);
    const text = (words: string) => index.search(TranscriptQuery.parse({ words })).map((hit) => hit.snippet.map((run) => run.text).join(''));
    const [scanner] = text('scanner');
    expect(scanner?.match(/floor two working/g)).toHaveLength(1);
    expect(scanner).toContain('emails PDFs');
    expect(text('carrels')[0]).toContain('Any quiet carrels left?');
    expect(text('third')[0]).toContain('On the third floor.');
  });
});
