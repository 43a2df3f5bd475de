import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CampusConfigFile } from '../../src/server/campuses/config';
import { defaultCampuses, DeskbellServerError, loadCampusConfig, startServer } from '../../src/server';

const FILE = 'config/campuses.json';

/** The only facts CAMPUS-FACTS.md gives; every other field must be empty. */
const KNOWN_FACTS: Record<string, Record<string, string>> = {
  asnuntuck: { address: '170 Elm St., Enfield' },
  capital: { address: '950 Main St., Hartford' },
  gateway: { website: 'https://library.ctstate.edu/gateway', address: '20 Church St., New Haven' },
  housatonic: { address: 'Bridgeport', directorEmail: 'Taja.Sylvester@ctstate.edu' },
  manchester: { address: 'Manchester' },
  middlesex: { website: 'https://library.ctstate.edu/middlesex', address: '100 Training Hill Rd., Middletown' },
  'naugatuck-valley': { website: 'https://library.ctstate.edu/naugatuckvalley', address: '750 Chase Pkwy, Waterbury' },
  northwestern: { phone: '860-738-6480', address: 'Park Place East, Winsted' },
  norwalk: { website: 'https://library.ctstate.edu/norwalk', phone: '203-857-7060 (college main line)', address: '188 Richards Ave., Norwalk' },
  'quinebaug-valley': { address: '742 Upper Maple St., Danielson' },
  'three-rivers': { address: 'Norwich' },
  tunxis: { website: 'https://library.ctstate.edu/tunxis', phone: '860-773-1550', address: 'Farmington' },
  central: { website: 'https://library.ccsu.edu', publicSafetyPhone: '860-832-2375 (police, routine; 911 in an emergency)', hours: 'Spring 2023 hours' },
  eastern: {
    website: 'https://www.easternct.edu/library',
    phone: '(860) 465-4506',
    publicSafetyPhone: '860-465-5310 (police, non-emergency)',
    counselingPhone: '860-465-0181 (CAPS)',
    directorName: 'Janice Wilson',
  },
  southern: {
    website: 'https://go.southernct.edu/buley',
    phone: '(203) 392-5732 (reference desk)',
    publicSafetyPhone: '(203) 392-5375 (university police)',
    counselingPhone: '(203) 392-5475',
  },
  western: { website: 'https://libguides.wcsu.edu', phone: '203-837-9102 (Haas Library access services)', publicSafetyPhone: '203-837-9300 (police)', address: 'Danbury' },
  'state-library': { website: 'https://portal.ct.gov/csl', phone: '860-757-6500', address: '231 Capitol Ave., Hartford' },
  'system-office': { website: 'https://www.ct.edu/libraries', directorName: 'Program manager for library consortium operations' },
};
/** Facts CAMPUS-FACTS.md marks old, or dates before the July 2023 merger: each must say it needs a check. */
const TO_CHECK: Record<string, string[]> = {
  asnuntuck: ['address'],
  capital: ['address'],
  northwestern: ['phone', 'address'],
  norwalk: ['phone'],
  central: ['hours'],
  eastern: ['directorName'],
  southern: ['phone'],
};
const FACT_FIELDS = [
  'website',
  'faqUrl',
  'hours',
  'hoursUrl',
  'phone',
  'publicSafetyPhone',
  'counselingUrl',
  'counselingPhone',
  'directorName',
  'directorEmail',
  'address',
] as const;

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
    expect([...keys].sort()).toEqual(['id', 'name', 'kind', 'timeZone', 'schedule', 'facts', ...FACT_FIELDS].sort());
  });

  it('gives every known fact a source and a "seen on" date, and marks old ones as needing a check', () => {
    for (const campus of CampusConfigFile.parse(raw).campuses) {
      for (const field of FACT_FIELDS) {
        if (campus[field] === '') continue;
        const provenance = campus.facts[field];
        expect(provenance?.source, `${campus.id}.${field} source`).toMatch(/\S/);
        expect(provenance?.seen, `${campus.id}.${field} seen`).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        expect(provenance?.check, `${campus.id}.${field} check`).toBe((TO_CHECK[campus.id] ?? []).includes(field));
      }
    }
  });

  it('holds the hours CAMPUS-FACTS.md gives, and the chat service with its rota and hours', () => {
    const config = CampusConfigFile.parse(raw);
    const byId = new Map(config.campuses.map((c) => [c.id, c]));
    expect(byId.get('state-library')?.schedule.weekly).toMatchObject({ mon: [], sun: [], tue: [{ open: '09:00', close: '17:00' }], sat: [{ open: '09:00', close: '14:00' }] });
    expect(byId.get('central')?.schedule.weekly?.sun).toEqual([{ open: '14:00', close: '21:45' }]);
    expect(byId.get('tunxis')?.schedule.weekly).toBeNull();
    const service = config.chatService;
    expect(service?.rota.tue).toContain('tunxis');
    expect(service?.rota.mon).toEqual(['capital', 'middlesex', 'naugatuck-valley', 'northwestern', 'quinebaug-valley', 'three-rivers']);
    expect(service?.rota.sun).toEqual(['naugatuck-valley']);
    expect(service?.seasons.map((s) => s.name)).toEqual(['Spring and Fall', 'Summer and Winter']);
    expect(service?.seasons[0]?.weekly.fri).toEqual([{ open: '09:00', close: '16:30' }]);
    expect(service?.seasons[1]?.weekly.sat).toEqual([]);
    expect(service?.timeZone).toBe('America/New_York');
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
