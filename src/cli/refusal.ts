/**
 * How `chextransfer` ends a command that cannot finish: one line on stderr and a documented exit
 * code, never a stack trace unless `--debug` (README "Exit codes").
 *
 * | exit | meaning |
 * |---|---|
 * | 0 | done |
 * | 1 | internal error (a bug: please report it with the `--debug` output) |
 * | 2 | bad input: a usage error, or an image or file the decoder refuses |
 * | 3 | wrong weights: a malformed weights file, or one for another architecture |
 * | 4 | out of distribution: not a frontal chest radiograph (override with `--allow-ood`) |
 *
 * Refusals come from the same coded errors the app shows (src/refusal: code, sentence, detail),
 * so the CLI's line and the app's message name a problem alike.
 */
import type { OodResult } from '../imaging/ood.ts';
import { EXIT_CODE, errorText, isRefusal, RefusalError, refusalLine } from '../refusal/refusal.ts';
import { UsageError, type Io } from './command.ts';

/** Every exit code of the command line. */
export const EXIT = { ok: 0, internal: 1, usage: 2, ...EXIT_CODE } as const;

/** The flag that prints stack traces; `main` strips it before a command sees its arguments. */
export const DEBUG_FLAG = '--debug';

/** node:util `parseArgs` throws TypeErrors coded ERR_PARSE_ARGS_* for unknown or bad options. */
function isUsage(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return (
    error instanceof UsageError || (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS'))
  );
}

/**
 * @param error what a command threw
 * @returns its exit code: the refusal kind's, 2 for usage errors, 1 for anything else
 */
export function exitCodeOf(error: unknown): number {
  if (isUsage(error)) return EXIT.usage;
  if (isRefusal(error)) return EXIT_CODE[error.kind];
  return EXIT.internal;
}

/**
 * Writes the one-line message (and, with `--debug`, the stack) for a failed command.
 * @param command the subcommand's name, for the prefix
 * @param error what it threw
 * @param io the streams
 * @param debug whether to print the stack trace and its causes
 * @returns the exit code
 */
export function reportFailure(command: string, error: unknown, io: Io, debug: boolean): number {
  const code = exitCodeOf(error);
  const prefix = `chextransfer ${command}: `;
  if (isRefusal(error)) io.err(`${prefix}${refusalLine(error)}\n`);
  else if (isUsage(error)) io.err(`${prefix}${errorText(error)}\n`);
  else
    io.err(
      `${prefix}internal error: ${errorText(error).split('\n')[0] ?? ''}${debug ? '' : ` (run again with ${DEBUG_FLAG} for the stack trace)`}\n`,
    );
  if (debug) io.err(stackOf(error));
  return code;
}

function stackOf(error: unknown): string {
  const lines: string[] = [];
  for (let e: unknown = error, depth = 0; e !== undefined && depth < 5; depth++) {
    lines.push(e instanceof Error ? (e.stack ?? e.message) : String(e));
    e = e instanceof Error ? e.cause : undefined;
    if (e !== undefined) lines.push('caused by:');
  }
  return lines.join('\n') + '\n';
}

/** The refusal of an image that does not look like a frontal chest radiograph. */
export class OutOfDistributionError extends RefusalError<'out-of-distribution'> {
  override name = 'OutOfDistributionError';

  /** @param ood the app's out-of-distribution verdict (flagged) */
  constructor(ood: OodResult) {
    super(
      'out-of-distribution',
      'out-of-distribution',
      "This image does not look like a frontal chest radiograph, so a chest model's output on it would not be meaningful: run again with --allow-ood to predict anyway.",
      { detail: ood.reasons.map((r) => `${r.code}: ${r.message}`).join('; ') },
    );
  }
}
