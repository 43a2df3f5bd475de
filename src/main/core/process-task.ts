/**
 * The argument that tells a core child process which entry it was started as (the built entries
 * share chunks, so an entry's code may be loaded where it must do nothing). Its own module, with
 * no imports: a child entry that imported workers.ts would pull it into a shared chunk, where its
 * `./<entry>.js` URLs no longer point beside index.js.
 */
export const processTaskArgument = (name: string): string => `--deskbell-task=${name}`;
