import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CampusConfigFile } from '../../src/server/campuses/config';
import { defaultCampuses, DeskbellServerError, loadCampusConfig, startServer } from '../../src/server';

const FILE = 'config/campuses.json';

/** The only facts CAMPUS-FACTS.md gives; every other field must be empty. */
const KNOWN_FACTS: Record<string, Record<string, string>> = {
  gateway: { website: 'https://library.ctstate.edu/gateway' },
  norwalk: { website: 'https://library.ctstate.edu/norwalk' },
  central: { website: 'https://library.ccsu.edu' },
  eastern: { website: 'https://www.easternct.edu/library', phone: '(860) 465-4506' },
};
const FACT_FIELDS = ['website', 'faqUrl', 'hours', 'hoursUrl', 'phone', 'publicSafetyPhone', 'counselingUrl', 'directorName', 'directorEmail'] as const;

const COMMUNITY_COLLEGES = [
  'asnuntuck',
  'capital',
  'gateway',
  'housatonic',
  'manchester',
  'middlesex',
  'naugatuck-valley',
  'northwestern',
  'norwalk',
  'quinebaug-valley',
  'three-rivers',
  'tunxis',
];

describe('the default campus config', () => {
  const raw: unknown = JSON.parse(readFileSync(FILE, 'utf8'));

  it('validates and lists the 18 libraries of the workflow', () => {
    const config = CampusConfigFile.parse(raw);
    expect(config.campuses).toHaveLength(18);
    const byKind = (kind: string) => config.campuses.filter((c) => c.kind === kind).map((c) => c.id);
    expect(byKind('community-college')).toEqual(COMMUNITY_COLLEGES);
    expect(byKind('university')).toEqual(['central', 'eastern', 'southern', 'western']);
    expect(byKind('state-library')).toEqual(['state-library']);
    expect(byKind('system-office')).toEqual(['system-office']);
    expect(defaultCampuses()).toEqual(config.campuses);
  });

  it('fills in only the facts from CAMPUS-FACTS.md; everything else is empty', () => {
    for (const campus of CampusConfigFile.parse(raw).campuses) {
      for (const field of FACT_FIELDS) {
        expect(campus[field], `${campus.id}.${field}`).toBe(KNOWN_FACTS[campus.id]?.[field] ?? '');
      }
    }
    // No field beyond the schema's (the file is checked as written, not as parsed).
    const keys = new Set((raw as { campuses: Record<string, unknown>[] }).campuses.flatMap((c) => Object.keys(c)));
    expect([...keys].sort()).toEqual(['id', 'name', 'kind', ...FACT_FIELDS].sort());
  });
});

describe('a bad config file', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'deskbell-config-test-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const good = () => JSON.parse(readFileSync(FILE, 'utf8')) as { version: number; campuses: Record<string, unknown>[] };
  function write(name: string, content: unknown): string {
    const path = join(dir, name);
    writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
    return path;
  }
  function errorOf(path: string): DeskbellServerError {
    try {
      loadCampusConfig(path);
    } catch (error) {
      if (error instanceof DeskbellServerError) return error;
      throw error;
    }
    throw new Error('config was accepted');
  }

  it('names the field that is wrong', () => {
    const badUrl = good();
    (badUrl.campuses[2] as Record<string, unknown>).website = 'not a url';
    const error = errorOf(write('bad-url.json', badUrl));
    expect(error.code).toBe('invalid_config');
    expect(error.message).toContain('campuses[2].website');
    expect(error.message).toContain('bad-url.json');

    const badKind = good();
    (badKind.campuses[0] as Record<string, unknown>).kind = 'college';
    expect(errorOf(write('bad-kind.json', badKind)).message).toContain('campuses[0].kind');

    const typo = good();
    (typo.campuses[5] as Record<string, unknown>).webiste = 'https://example.edu';
    expect(errorOf(write('typo.json', typo)).message).toMatch(/campuses\[5\].*webiste/);

    const missing = good();
    delete (missing.campuses[7] as Record<string, unknown>).name;
    expect(errorOf(write('missing.json', missing)).message).toContain('campuses[7].name');

    const duplicate = good();
    (duplicate.campuses[3] as Record<string, unknown>).id = 'asnuntuck';
    expect(errorOf(write('dupe.json', duplicate)).message).toMatch(/campuses\[3\]\.id: duplicate campus id "asnuntuck"/);

    expect(errorOf(write('version.json', { ...good(), version: 2 })).message).toContain('version');
    expect(errorOf(write('empty.json', { version: 1, campuses: [] })).message).toContain('campuses');
    expect(errorOf(write('syntax.json', '{"version": 1,')).message).toContain('not valid JSON');
    expect(errorOf(join(dir, 'absent.json')).message).toContain('cannot read');
  });

  it('stops the server from starting, with the same error', async () => {
    const broken = good();
    (broken.campuses[1] as Record<string, unknown>).directorEmail = 'nobody';
    const configPath = write('server.json', broken);
    await expect(startServer({ dbPath: join(dir, 'never.db'), port: 0, configPath, log: () => {} })).rejects.toMatchObject({
      code: 'invalid_config',
      message: expect.stringContaining('campuses[1].directorEmail'),
    });
  });

  it('a custom config file or list is what the server serves', async () => {
    const configPath = write('custom.json', { version: 1, campuses: [good().campuses[0]] });
    const fromFile = await startServer({ dbPath: join(dir, 'custom.db'), port: 0, configPath, log: () => {} });
    try {
      expect(fromFile.campuses.map((c) => c.id)).toEqual(['asnuntuck']);
      expect(await (await fetch(`${fromFile.url}/api/campuses`)).json()).toEqual({ campuses: [{ id: 'asnuntuck', name: 'Asnuntuck Campus Library' }] });
    } finally {
      await fromFile.close();
    }
    const list = defaultCampuses().slice(0, 2);
    await expect(startServer({ dbPath: join(dir, 'list.db'), port: 0, campuses: [list[0], list[0]] as never, log: () => {} })).rejects.toMatchObject({
      code: 'invalid_config',
      message: expect.stringContaining('duplicate campus id'),
    });
  });
});
