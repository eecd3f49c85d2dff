/**
 * One shape for every refusal, in the app and in the command line: a machine-readable `code`, a
 * `kind` (what the person has to change, which also picks the CLI's exit code), one plain
 * `sentence` that says what is wrong and what to do, and the technical `detail` after it (the
 * app shows it collapsed; the CLI prints it on the same line).
 *
 * Pure data and one Error subclass: no imports, so every layer may use it (imaging, zoo, worker,
 * client, ui, cli). A module with its own coded failures (the DICOM decoder, the safetensors
 * reader, the weights matcher, a checkpoint reader) subclasses `RefusalError` with its own code
 * union and a fixed kind; nothing here needs to change for a new one.
 */

/**
 * What the person has to change. Each kind has a documented exit code of `chextransfer`
 * (README "Exit codes"): 2 bad input, 3 wrong weights, 4 out of distribution.
 */
export type RefusalKind = 'bad-input' | 'wrong-weights' | 'out-of-distribution';

/** `chextransfer` exit code per kind (0 is success, 1 an internal error, 2 also usage errors). */
export const EXIT_CODE = {
  'bad-input': 2,
  'wrong-weights': 3,
  'out-of-distribution': 4,
} as const satisfies Record<RefusalKind, number>;

/** A refusal as plain, structured-cloneable data (what crosses the worker boundary). */
export interface Refusal {
  /** Machine-readable reason, unique within its module (e.g. `truncated`, `WRONG_ARCH`). */
  readonly code: string;
  readonly kind: RefusalKind;
  /** One plain sentence, no library internals: what is wrong and what to do. */
  readonly sentence: string;
  /** Technical detail (library messages, offsets, tag numbers); may be empty. */
  readonly detail: string;
}

/** Options of `RefusalError`. */
export interface RefusalOptions {
  /** Technical detail, shown after the sentence. */
  readonly detail?: string;
  /** The error this one wraps (kept as `cause`, never shown to people). */
  readonly cause?: unknown;
}

/**
 * A refusal thrown inside a pure core. `message` is the sentence followed by the detail, so a log
 * or an uncaught error still reads well; people are shown `sentence` and `detail` separately.
 */
export class RefusalError<Code extends string = string> extends Error implements Refusal {
  override name = 'RefusalError';
  readonly code: Code;
  readonly kind: RefusalKind;
  readonly sentence: string;
  readonly detail: string;

  /**
   * @param kind what the person has to change
   * @param code machine-readable reason
   * @param sentence one plain sentence (ends with a full stop)
   * @param options technical detail and the wrapped error
   */
  constructor(kind: RefusalKind, code: Code, sentence: string, options: RefusalOptions = {}) {
    const detail = options.detail ?? '';
    super(
      detail === '' ? sentence : `${sentence} (${detail})`,
      options.cause === undefined ? undefined : { cause: options.cause },
    );
    this.kind = kind;
    this.code = code;
    this.sentence = sentence;
    this.detail = detail;
  }
}

const KINDS: ReadonlySet<string> = new Set(Object.keys(EXIT_CODE));

/**
 * @param value anything
 * @returns whether it carries the four fields of a refusal (a RefusalError, or one that crossed
 *   the worker boundary as plain data)
 */
export function isRefusal(value: unknown): value is Refusal {
  if (typeof value !== 'object' || value === null) return false;
  const r = value as Record<string, unknown>;
  return (
    typeof r.code === 'string' &&
    typeof r.kind === 'string' &&
    KINDS.has(r.kind) &&
    typeof r.sentence === 'string' &&
    typeof r.detail === 'string'
  );
}

/**
 * The plain-data copy of a refusal, safe to post to the page (an Error's extra fields would not
 * survive structured cloning).
 * @param r a refusal
 * @returns its four fields only
 */
export function toRefusal(r: Refusal): Refusal {
  return { code: r.code, kind: r.kind, sentence: r.sentence, detail: r.detail };
}

/**
 * @param error what was thrown
 * @returns the error's own message (or its string form), for a refusal's detail
 */
export function errorText(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'object' && error !== null && 'message' in error)
    return String((error as { message: unknown }).message);
  return String(error);
}

/**
 * The one-line form the command line prints: sentence, then code and detail.
 * @param r a refusal
 * @returns e.g. `This PNG file ends early. [truncated] Detail: fast-png: …`
 */
export function refusalLine(r: Refusal): string {
  const detail = r.detail === '' ? '' : ` Detail: ${r.detail.replace(/\s+/g, ' ').trim()}`;
  return `${r.sentence} [${r.code}]${detail}`;
}
