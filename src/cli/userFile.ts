/**
 * Reading a file a person names on the command line (`--weights`, `--npy`, an image, a task or
 * spec file) within a size budget, before any of it is read: only regular files are read (a
 * device such as /dev/zero, a FIFO, a socket or a folder is refused, also behind a symbolic
 * link), and a file larger than its budget is refused from its size alone. Every refusal is a
 * coded `UserFileError` of kind 'bad-input' (exit 2) unless the caller picks another kind for
 * the size refusal (a weights file over its budget is 'wrong-weights', exit 3, as the reader's
 * own limits are).
 *
 * Why stat, then open non-blocking, then fstat: `open` on a FIFO blocks until a writer comes
 * (forever, for a hostile path), so the path is checked first; O_NONBLOCK makes the open of a
 * FIFO swapped in after the check return at once, and the descriptor's own fstat is what the
 * read trusts (its type and size), so a path changed between the checks is still caught.
 */
import { closeSync, constants, fstatSync, openSync, readSync, statSync, type Stats } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { fileTooLarge } from '../refusal/fileTooLarge.ts';
import { RefusalError, type RefusalKind } from '../refusal/refusal.ts';

/** Why a named file was not read. */
export type UserFileErrorCode =
  /** Nothing at that path (or a broken link). */
  | 'NO_SUCH_FILE'
  /** A folder, device, FIFO or socket: only regular files are read. */
  | 'NOT_A_FILE'
  /** Larger than the budget of what it is meant to be. */
  | 'FILE_TOO_LARGE'
  /** Permission denied, or an I/O error. */
  | 'UNREADABLE_FILE';

/** A named file that was not read (nothing of it was used). */
export class UserFileError extends RefusalError<UserFileErrorCode> {
  override name = 'UserFileError';
}

/** What the file is for and how large it may be. */
export interface UserFileOptions {
  /** How the refusal names it, e.g. `--weights`, `input`, `the grid spec`. */
  readonly what: string;
  /** The largest size accepted, in bytes (checked before reading). */
  readonly maxBytes: number;
  /** The refusal kind of a file over `maxBytes` (default 'bad-input'). */
  readonly tooLargeKind?: RefusalKind;
}

// O_NONBLOCK does not exist on Windows, where FIFOs are not files anyway
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

function typeOf(s: Stats): string {
  if (s.isDirectory()) return 'a folder';
  if (s.isCharacterDevice() || s.isBlockDevice()) return 'a device';
  if (s.isFIFO()) return 'a pipe (FIFO)';
  if (s.isSocket()) return 'a socket';
  return 'not a regular file';
}

/** @returns the refusal for a stat or open error */
function errnoRefusal(error: unknown, p: string, opts: UserFileOptions): UserFileError {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  const head = `Cannot read ${opts.what} '${p}'`;
  const detail = error instanceof Error ? error.message : String(error);
  if (code === 'ENOENT' || code === 'ENOTDIR')
    return new UserFileError(
      'bad-input',
      'NO_SUCH_FILE',
      `${head}: there is no such file; check the path.`,
      {
        detail,
        cause: error,
      },
    );
  return new UserFileError(
    'bad-input',
    'UNREADABLE_FILE',
    `${head}: it cannot be opened (${code ?? 'an I/O error'}); check the path and its permissions.`,
    { detail, cause: error },
  );
}

/**
 * @param s the file's stats (the path's, then the descriptor's)
 * @param p the path as given
 * @param opts budget and name
 * @throws UserFileError NOT_A_FILE or FILE_TOO_LARGE
 */
function checkStats(s: Stats, p: string, opts: UserFileOptions): void {
  const head = `Cannot read ${opts.what} '${p}'`;
  if (!s.isFile())
    throw new UserFileError(
      'bad-input',
      'NOT_A_FILE',
      `${head}: it is ${typeOf(s)}, and only regular files are read; give the path of a file.`,
    );
  if (s.size > opts.maxBytes) {
    const r = fileTooLarge({
      what: opts.what,
      name: p,
      bytes: s.size,
      maxBytes: opts.maxBytes,
      ...(opts.tooLargeKind === undefined ? {} : { kind: opts.tooLargeKind }),
    });
    throw new UserFileError(r.kind, r.code, r.sentence, { detail: r.detail });
  }
}

/**
 * Checks, without opening it, that a path names a regular file within its budget (e.g. before
 * sniffing its first bytes, which would block on a FIFO).
 * @param p the path as the person gave it
 * @param opts its name in messages, its size budget, the kind of an over-budget refusal
 * @throws UserFileError NO_SUCH_FILE, NOT_A_FILE, FILE_TOO_LARGE, UNREADABLE_FILE
 */
export async function checkUserFile(p: string, opts: UserFileOptions): Promise<void> {
  try {
    checkStats(await stat(p), p, opts);
  } catch (error) {
    throw error instanceof UserFileError ? error : errnoRefusal(error, p, opts);
  }
}

/**
 * Reads a regular file of at most `opts.maxBytes` bytes.
 * @param p the path as the person gave it (a link to a regular file is followed)
 * @param opts its name in messages, its size budget, the kind of an over-budget refusal
 * @returns its bytes (at most the size it had when opened)
 * @throws UserFileError NO_SUCH_FILE, NOT_A_FILE, FILE_TOO_LARGE, UNREADABLE_FILE
 */
export async function readUserFile(p: string, opts: UserFileOptions): Promise<Uint8Array> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    checkStats(await stat(p), p, opts);
    handle = await open(p, OPEN_FLAGS);
  } catch (error) {
    throw error instanceof UserFileError ? error : errnoRefusal(error, p, opts);
  }
  try {
    const s = await handle.stat();
    checkStats(s, p, opts);
    const out = new Uint8Array(s.size);
    let done = 0;
    while (done < out.length) {
      const { bytesRead } = await handle.read(out, done, out.length - done, done);
      if (bytesRead === 0) break; // the file shrank while being read
      done += bytesRead;
    }
    return done === out.length ? out : out.subarray(0, done);
  } catch (error) {
    throw error instanceof UserFileError ? error : errnoRefusal(error, p, opts);
  } finally {
    await handle.close();
  }
}

/**
 * The synchronous `readUserFile`, for commands that read their files synchronously.
 * @param p the path as the person gave it
 * @param opts its name in messages, its size budget, the kind of an over-budget refusal
 * @returns its bytes
 * @throws UserFileError NO_SUCH_FILE, NOT_A_FILE, FILE_TOO_LARGE, UNREADABLE_FILE
 */
export function readUserFileSync(p: string, opts: UserFileOptions): Uint8Array {
  let fd: number;
  try {
    checkStats(statSync(p), p, opts);
    fd = openSync(p, OPEN_FLAGS);
  } catch (error) {
    throw error instanceof UserFileError ? error : errnoRefusal(error, p, opts);
  }
  try {
    const s = fstatSync(fd);
    checkStats(s, p, opts);
    const out = new Uint8Array(s.size);
    let done = 0;
    while (done < out.length) {
      const n = readSync(fd, out, done, out.length - done, done);
      if (n === 0) break;
      done += n;
    }
    return done === out.length ? out : out.subarray(0, done);
  } catch (error) {
    throw error instanceof UserFileError ? error : errnoRefusal(error, p, opts);
  } finally {
    closeSync(fd);
  }
}
