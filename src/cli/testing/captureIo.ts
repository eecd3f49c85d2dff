/**
 * The `Io` a CLI test hands to `main` or a command: everything written to stdout and stderr is
 * kept as text for the assertions.
 */
import type { Io } from '../command.ts';

/** An `Io` that records what was written. */
export type CapturedIo = Io & { stdout: string; stderr: string };

/** @returns an `Io` whose `stdout` and `stderr` accumulate what the command wrote */
export function captureIo(): CapturedIo {
  const io: CapturedIo = {
    stdout: '',
    stderr: '',
    out: (t) => void (io.stdout += t),
    err: (t) => void (io.stderr += t),
  };
  return io;
}
