/**
 * Save text as a file, the browser way: the browser shell downloads it, the desktop app saves it
 * (Electron's own download handling). One way for every export (transcripts, statistics' CSV).
 */
export function saveTextFile(fileName: string, contents: string, type: string): void {
  const url = URL.createObjectURL(new Blob([contents], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked later, not at once: the download reads the blob after the click returns.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
