import { describe, expect, it } from 'vitest';
import {
  DEFAULT_TEMPLATES,
  fillTemplate,
  holidayGreetings,
  matchTemplates,
  placeholdersIn,
  slashQuery,
  Template,
  type TemplateEntry,
  templatesFor,
  templateTextFor,
  unfilledVariables,
  unknownVariables,
} from '../../src/shared/templates';

const entry = (scope: string, input: Partial<Template> & { id: string }, deleted = false): TemplateEntry => ({
  scope,
  template: Template.parse({ category: 'other', label: input.id, text: `text of ${input.id}`, ...input }),
  deleted,
  updatedAt: 1,
  updatedBy: null,
});

describe('template variables', () => {
  it('fills known values and leaves a missing or empty one visible', () => {
    expect(fillTemplate('Hi {patron}, I’m {me} at {myCampus}.', { patron: 'Maya', me: 'Ada', myCampus: '' })).toBe('Hi Maya, I’m Ada at {myCampus}.');
    expect(fillTemplate('{patron}{patron}', { patron: 'Jo' })).toBe('JoJo');
    // A value is never read as a placeholder again, and prototype names are not variables.
    expect(fillTemplate('{patron} {constructor} {toString}', { patron: '{me}' })).toBe('{me} {constructor} {toString}');
    expect(fillTemplate('{ patron } {patron', { patron: 'x' })).toBe('{ patron } {patron');
  });

  it('finds placeholders, typos and what is still unfilled', () => {
    expect(placeholdersIn('{a} {b} {a}')).toEqual(['a', 'b']);
    expect(unknownVariables('Hi {patorn} from {campus}')).toEqual(['patorn']);
    expect(unfilledVariables('Hi {patron}, {notAVariable}')).toEqual(['patron']);
  });
});

describe('the default templates', () => {
  const defaults = DEFAULT_TEMPLATES.map((t) => Template.parse(t));

  it('are valid, uniquely named and shortcut, and use only known variables', () => {
    expect(new Set(defaults.map((t) => t.id)).size).toBe(defaults.length);
    const shortcuts = defaults.map((t) => t.shortcut).filter(Boolean);
    expect(new Set(shortcuts).size).toBe(shortcuts.length);
    for (const t of defaults) expect(unknownVariables(t.text), t.id).toEqual([]);
  });

  it('cover every case the workflow names', () => {
    const ids = defaults.map((t) => t.id);
    for (const id of [
      'greeting.by-name',
      'greeting.ask-name',
      'campus.other',
      'wait.minute',
      'wait.still-looking',
      'followup.phone-email',
      'followup.ask-email',
      'check.answered',
      'closing.thanks',
      'closing.weather',
      'silence.notice',
      'interview.off-campus',
      'abuse.transcript-saved',
      'abuse.ticket-director',
      'abuse.policy-end',
      'crisis.911',
      'crisis.741741',
      'crisis.988',
      'crisis.211',
      'crisis.interval-house',
      'crisis.dmhas',
      'crisis.sexual-assault',
      'crisis.domestic-violence',
      'crisis.trevor',
      'crisis.counseling',
      'crisis.guide',
      'crisis.support',
    ]) {
      expect(ids, id).toContain(id);
    }
    const text = (id: string) => defaults.find((t) => t.id === id)?.text ?? '';
    expect(text('crisis.741741')).toContain('741741');
    expect(text('crisis.988')).toMatch(/988.*English and Spanish/s);
    expect(text('crisis.interval-house')).toContain('860-838-8467');
    expect(text('crisis.dmhas')).toContain('800-563-4086');
    expect(text('crisis.sexual-assault')).toMatch(/888-999-5545.*888-568-8332/s);
    expect(text('closing.weather')).toMatch(/drive carefully/i);
    // Guidance is for the librarian, never sent; no closing holds a holiday greeting.
    expect(defaults.filter((t) => t.audience === 'librarian').map((t) => t.id)).toEqual(['crisis.guide', 'crisis.support']);
    for (const t of defaults.filter((d) => d.category === 'closing')) expect(holidayGreetings(t.text)).toEqual([]);
  });
});

describe('templates for a campus', () => {
  const entries = [
    entry('institution', { id: 'closing.thanks', category: 'closing', text: 'Bye from us all' }),
    entry('institution', { id: 'greeting.by-name', category: 'greeting' }),
    entry('tunxis', { id: 'closing.thanks', category: 'closing', text: 'Bye from Tunxis' }),
    entry('gateway', { id: 'closing.thanks', category: 'closing', text: 'Bye from Gateway' }, true),
    entry('institution', { id: 'wait.old', category: 'wait' }, true),
    entry('tunxis', { id: 'tunxis.parking', category: 'other', text: 'Park in lot B' }),
  ];

  it('a campus’s own version replaces the institution’s; a removed one falls back; removed institution templates are gone', () => {
    expect(templateTextFor(entries, 'closing.thanks', 'tunxis')).toBe('Bye from Tunxis');
    expect(templateTextFor(entries, 'closing.thanks', 'gateway')).toBe('Bye from us all');
    expect(templateTextFor(entries, 'closing.thanks', null)).toBe('Bye from us all');
    expect(templateTextFor(entries, 'wait.old', null)).toBeNull();
    expect(templateTextFor(entries, 'tunxis.parking', 'gateway')).toBeNull();
    // Greetings before closings; a campus's own extra template is there for its chats.
    expect(templatesFor(entries, 'tunxis').map((t) => t.id)).toEqual(['greeting.by-name', 'closing.thanks', 'tunxis.parking']);
  });

  it('the slash picker matches shortcuts first, then words, and never offers guidance', () => {
    const defaults = DEFAULT_TEMPLATES.map((t) => Template.parse(t));
    expect(matchTemplates(defaults, 'still')[0]?.id).toBe('wait.still-looking');
    expect(matchTemplates(defaults, 'bye')[0]?.id).toBe('closing.thanks');
    expect(matchTemplates(defaults, 'weather').map((t) => t.id)).toContain('closing.weather');
    expect(matchTemplates(defaults, 'crisis').some((t) => t.audience === 'librarian')).toBe(false);
    expect(matchTemplates(defaults, 'zzzz')).toEqual([]);
    expect(slashQuery('/still')).toBe('still');
    expect(slashQuery('/')).toBe('');
    expect(slashQuery('a /still')).toBeNull();
    expect(slashQuery('/still\nmore')).toBeNull();
  });
});

describe('holiday greetings', () => {
  it.each([
    ['Merry Christmas, and thanks for chatting!', ['Merry Christmas']],
    ['Happy holidays!', ['Happy holidays']],
    ['Happy New Year from the library', ['Happy New Year']],
    ['Have a happy Thanksgiving', ['happy Thanksgiving']],
    ['Eid Mubarak!', ['Eid Mubarak']],
    ['Season’s greetings', ['Season’s greetings']],
    ['Happy Valentine’s Day', ['Happy Valentine’s Day']],
    ["Season's greetings to you", ["Season's greetings"]],
    ['¡Feliz Navidad!', ['Feliz Navidad']],
    ['Enjoy the holidays', ['Enjoy the holidays']],
    ['Thanks for chatting! Drive carefully in the snow.', []],
    ['Have a great weekend', []],
    ['Happy researching!', []],
    ['The holiday schedule is on the website', []],
  ])('%s', (text, found) => expect(holidayGreetings(text)).toEqual(found));
});
