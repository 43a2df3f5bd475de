/** Every script answers --help (or -h) at once, before doing any work, and refuses arguments it does not know. */
export function answerHelp(text: string, known: readonly string[] = []): void {
  const args = process.argv.slice(2);
  if (args.some((a) => a === '--help' || a === '-h')) {
    process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
    process.exit(0);
  }
  const unknown = args.filter((a) => !known.some((k) => a === k || a.startsWith(`${k}=`)));
  if (unknown.length > 0) {
    process.stderr.write(`unknown option ${unknown[0]}; see --help\n`);
    process.exit(2);
  }
}
