/**
 * Saving files the worker produced: each becomes a Blob URL clicked through an `<a download>`,
 * then revoked (after the click has started the download).
 */

/** A file to save, as the worker's export returns it. */
export interface DownloadFile {
  readonly name: string;
  readonly type: string;
  readonly bytes: ArrayBuffer;
}

/**
 * @param files the files to save, in order
 */
export function downloadFiles(files: readonly DownloadFile[]): void {
  for (const file of files) {
    const url = URL.createObjectURL(new Blob([file.bytes], { type: file.type }));
    const a = document.createElement('a');
    a.href = url;
    a.download = file.name;
    document.body.append(a);
    a.click();
    a.remove();
    // Revoking at once can cancel the download in some browsers: give it a moment.
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }
}
