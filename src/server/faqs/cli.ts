/** The FAQ capability's command line: import-faqs, and the scheduled imports of `serve` (--faq-imports). */
import { parseArgs } from 'node:util';
import { CampusDirectory } from '../campuses/directory';
import { loadCampusSeed } from '../campuses/config';
import { type CliCommand, COMMON_FLAGS, common, helpFooter, type ServeOption, stringFlag, UsageError } from '../platform/cli';
import { openDatabase } from '../platform/db';
import { FaqStore } from './faq-store';
import { DEFAULT_CREDENTIALS, FaqSource, loadFaqImportPlan, loadFaqs, sourceLabel } from './sources';
import { messageOf } from '../../shared/narrow';

/**
 * One campus's whole FAQ list into the database, next to a running server or not: the server
 * notices the new revision within seconds and tells every desk.
 */
export const importFaqsCommand: CliCommand = {
  name: 'import-faqs',
  summary: "replace one campus's FAQs from a CSV or JSON file or a LibAnswers site",
  help: (args) =>
    [
      'usage: npm run server -- import-faqs --campus C (--csv FILE | --json FILE | --libanswers URL [--group ID] [--credentials FILE])',
      '                                     [--keep-missing | --allow-deletions] [--db PATH] [--config PATH]',
      '',
      "Replaces one campus's FAQs with the source's (a running server notices within seconds and tells every desk).",
      'Importing the same data twice changes nothing. An import that would delete every FAQ of the campus, or more',
      'than half of a list of 20 or more, is refused and changes nothing (an empty page or a header-only file is',
      'more likely a broken source than a real clean-up); so is a LibAnswers listing that repeats a page or sends',
      'fewer FAQs than the site says it holds. Refusals are recorded in the import log (faq_imports).',
      '',
      'options:',
      '  --campus C          the campus whose FAQs these are (see below)',
      '  --csv FILE          a CSV file with a header row: question, answer, topics, url (and optionally id, updated)',
      '  --json FILE         a JSON file: [{question, answer, topics, url, id?, updated?}]',
      '                      an FAQ without an id gets one made from its question, the same on every import (a',
      '                      question repeated in the file is numbered in file order): keep ids if questions get reworded',
      '  --libanswers URL    a LibAnswers site, https://SITE.libanswers.com: client_credentials token, then every page of /api/1.1/faqs',
      '  --group ID          the LibAnswers group to read (default: all the credentials may see)',
      '  --credentials FILE  a JSON file {"client_id": "...", "client_secret": "..."} (clientId and clientSecret also',
      '                      accepted) outside any git repository; default: the environment variables',
      '                      DESKBELL_LIBANSWERS_CLIENT_ID and DESKBELL_LIBANSWERS_CLIENT_SECRET',
      "  --keep-missing      keep FAQs the source no longer lists (default: they are deleted, leaving tombstones)",
      '  --allow-deletions   delete what the source no longer lists even when that is every FAQ of the campus or',
      '                      more than half of a long list (check the source first: this is what the refusal guards)',
      ...helpFooter(args),
    ].join('\n'),
  run: async (args) => {
    const { values } = parseArgs({
      args,
      options: {
        campus: { type: 'string' },
        csv: { type: 'string' },
        json: { type: 'string' },
        libanswers: { type: 'string' },
        group: { type: 'string' },
        credentials: { type: 'string' },
        'keep-missing': { type: 'boolean' },
        'allow-deletions': { type: 'boolean' },
        ...COMMON_FLAGS,
      },
      strict: true,
      allowPositionals: false,
    });
    if (!values.campus) throw new UsageError('--campus is required');
    if (values['keep-missing'] && values['allow-deletions']) throw new UsageError('--keep-missing deletes nothing, so --allow-deletions makes no sense with it: give one');
    const given = [values.csv, values.json, values.libanswers].filter((v) => v !== undefined).length;
    if (given !== 1) throw new UsageError('give exactly one source: --csv FILE, --json FILE or --libanswers URL');
    if (values.group !== undefined && !/^\d{1,12}$/.test(values.group)) throw new UsageError('--group must be a LibAnswers group id (a number)');
    const parsedSource = FaqSource.safeParse(
      values.csv !== undefined
        ? { kind: 'csv', path: values.csv }
        : values.json !== undefined
          ? { kind: 'json', path: values.json }
          : {
              kind: 'libanswers',
              baseUrl: values.libanswers,
              ...(values.group !== undefined ? { groupId: Number(values.group) } : {}),
              credentials: values.credentials ? { file: values.credentials } : DEFAULT_CREDENTIALS,
            },
    );
    if (!parsedSource.success) throw new UsageError(`the source is invalid: ${parsedSource.error.issues.map((i) => `${i.path.join('.') || 'source'}: ${i.message}`).join('; ')}`);
    const source = parsedSource.data;
    const { dbPath, configPath } = common(values);
    const db = openDatabase(dbPath);
    try {
      const directory = new CampusDirectory(db, loadCampusSeed(configPath), Date.now());
      if (!directory.get(values.campus)) throw new UsageError(`unknown campus "${values.campus}"; known campuses: ${directory.list().map((c) => c.id).join(', ')}`);
      const store = new FaqStore(db);
      const label = sourceLabel(source);
      try {
        const faqs = await loadFaqs(values.campus, source);
        const counts = store.replaceCampus(values.campus, label, faqs, Date.now(), {
          keepMissing: values['keep-missing'] ?? false,
          allowDeletions: values['allow-deletions'] ?? false,
        });
        process.stdout.write(
          `${values.campus}: ${counts.added} added, ${counts.updated} updated, ${counts.deleted} deleted, ${counts.unchanged} unchanged (FAQ revision ${counts.rev})\n`,
        );
      } catch (error) {
        store.recordFailure(values.campus, label, Date.now(), messageOf(error));
        throw error;
      }
    } finally {
      db.close();
    }
  },
};

export const faqServeOptions: ServeOption = {
  flags: { 'faq-imports': { type: 'string' } },
  help: [
    '  --faq-imports PATH  DESKBELL_FAQ_IMPORTS    scheduled FAQ imports per campus, a JSON file:',
    '                        {"version":1,"imports":[{"campus":"tunxis","everyMinutes":360,"source":{"kind":"libanswers",',
    '                        "baseUrl":"https://SITE.libanswers.com","groupId":123}}]} (also kind csv or json, with "path");',
    '                        LibAnswers credentials from DESKBELL_LIBANSWERS_CLIENT_ID and _SECRET, or per source',
    '                        "credentials":{"file":"/etc/deskbell/libanswers.json"} ({"client_id":"...","client_secret":"..."},',
    '                        outside any repository). A scheduled import that would delete every FAQ of a campus, or most',
    '                        of a long list, is refused and logged: run import-faqs --allow-deletions if that is meant',
  ],
  read: (values) => {
    const planPath = stringFlag(values, 'faq-imports') ?? process.env.DESKBELL_FAQ_IMPORTS;
    return planPath ? { faqImports: loadFaqImportPlan(planPath) } : {};
  },
};
