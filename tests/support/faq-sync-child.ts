/**
 * A desk's FAQ sync in a process of its own, so a test can kill it mid-sync: it syncs the cache
 * at argv[2] from the backend at argv[3] with the token at argv[4], printing "page <rev>" after
 * each committed page. Uses the core's own cache and sync code.
 */
import { FaqCache } from '../../src/main/core/faqs/faq-cache';
import { syncCache } from '../../src/main/core/faqs/sync';

const [path, url, token] = process.argv.slice(2);
if (!path || !url || !token) throw new Error('usage: faq-sync-child PATH URL TOKEN');
const cache = new FaqCache(path);
process.stdout.write(`start ${cache.rev}\n`);
syncCache(cache, { url, token }, null, Date.now, (rev) => process.stdout.write(`page ${rev}\n`)).then(
  ({ pages }) => {
    cache.close();
    process.stdout.write(`done ${pages}\n`);
  },
  (error: unknown) => {
    process.stderr.write(`${String(error)}\n`);
    process.exit(1);
  },
);
