/** Look-alike hosts: a name whose letters come from more than one script imitates another site. */

const SCRIPTS = [/\p{Script=Latin}/u, /\p{Script=Cyrillic}/u, /\p{Script=Greek}/u, /\p{Script=Armenian}/u, /\p{Script=Cherokee}/u, /\p{Script=Han}/u, /\p{Script=Arabic}/u, /\p{Script=Hebrew}/u];

/** The host's letters come from more than one script ("gооgle.com" with Cyrillic o's): a look-alike of another site. */
export function mixedScriptHost(host: string): boolean {
  const letters = host.replace(/[^\p{L}]/gu, '');
  return SCRIPTS.filter((script) => script.test(letters)).length > 1;
}
