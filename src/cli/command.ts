/** The contract every `chextransfer <subcommand>` module fulfils. */

/** Where a command writes; tests pass buffers instead of the process streams. */
export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
}

/**
 * A subcommand module: `run` returns the exit code of a finished command (0); failures are thrown
 * (UsageError, a RefusalError…) and `main` turns them into one line and the codes of refusal.ts.
 */
export interface CommandModule {
  run: (args: readonly string[], io: Io) => Promise<number>;
}

/** An error the user can fix (bad flag, missing file or column): printed without a stack, exit 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** The process streams as an Io. */
export const processIo: Io = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
};
