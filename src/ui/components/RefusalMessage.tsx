/**
 * The one way the app shows a refusal (src/refusal): the plain sentence first, then the
 * technical detail in a collapsed <details>, with the code. Used by the X-ray queue, the weights
 * card, the Train dataset inspector, results import and the permalink message, so every refusal
 * reads the same and library internals never crowd the sentence.
 */
import type { ReactNode } from 'react';
import type { Refusal } from '../../refusal/refusal.ts';

/** What the component needs of a refusal (the code and kind are optional for the page's own). */
export type RefusalView = Pick<Refusal, 'sentence'> & Partial<Pick<Refusal, 'code' | 'detail'>>;

interface Props {
  readonly refusal: RefusalView;
  /** Colour of the box: error (default), warning, or none for a message inside another box. */
  readonly tone?: 'error' | 'warning' | 'plain';
  /**
   * Live-region role: 'alert' (default for errors shown on their own), 'status', or null when the
   * message sits inside a stable live region of its own (the weights card's status).
   */
  readonly role?: 'alert' | 'status' | null;
  /** Text that follows the sentence (e.g. "The weights loaded before are unchanged."). */
  readonly after?: string;
  /** Replaces the detail text, e.g. a row-by-row list. */
  readonly detailContent?: ReactNode;
  /** Summary of the collapsed detail. */
  readonly detailLabel?: string;
  /** Actions below the message (a Dismiss button). */
  readonly children?: ReactNode;
  readonly testId?: string;
  readonly className?: string;
}

/** @returns the sentence, then the collapsed detail, then any actions */
export function RefusalMessage({
  refusal,
  tone = 'error',
  role,
  after,
  detailContent,
  detailLabel = 'Details',
  children,
  testId,
  className,
}: Props) {
  const detail = refusal.detail ?? '';
  const hasDetail = detailContent !== undefined || detail !== '';
  const liveRole = role === undefined ? (tone === 'error' ? 'alert' : 'status') : role;
  const classes = ['refusal', tone === 'plain' ? '' : `message ${tone}`, className ?? '']
    .filter(Boolean)
    .join(' ');
  return (
    <div
      className={classes}
      {...(liveRole === null ? {} : { role: liveRole })}
      {...(testId === undefined ? {} : { 'data-testid': testId })}
      {...(refusal.code === undefined ? {} : { 'data-code': refusal.code })}
    >
      <p className="refusal-sentence">
        {refusal.sentence}
        {after !== undefined && ` ${after}`}
      </p>
      {hasDetail && (
        <details className="refusal-detail">
          <summary>{detailLabel}</summary>
          {detailContent ?? (
            <p className="small">
              {refusal.code !== undefined && <code>{refusal.code}</code>} {detail}
            </p>
          )}
        </details>
      )}
      {children}
    </div>
  );
}
