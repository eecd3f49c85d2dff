/**
 * "Copy link" for the current view, and the message shown when a link could not be read fully.
 * Copying uses the Clipboard API and falls back to a selected text field.
 */
import { useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useStore } from '../../state/store.ts';
import { currentLink } from '../../state/urlSync.ts';
import { RefusalMessage } from './RefusalMessage.tsx';

/** @returns the link bar */
export function LinkBar() {
  const { message, dismiss } = useStore(
    useShallow((s) => ({ message: s.linkMessage, dismiss: s.dismissLinkMessage })),
  );
  const [fallback, setFallback] = useState<string | null>(null);
  const [status, setStatus] = useState('');
  const field = useRef<HTMLInputElement>(null);
  const copy = async () => {
    const { url, omitted } = currentLink(useStore);
    const note = omitted.length > 0 ? ` ${omitted.join(' ')}` : '';
    try {
      await navigator.clipboard.writeText(url);
      setFallback(null);
      setStatus(`Link copied.${note}`);
    } catch {
      setFallback(url);
      setStatus(`Copy the selected link with Ctrl+C (or ⌘C).${note}`);
      requestAnimationFrame(() => field.current?.select());
    }
  };
  // The message is the header's own full-width row, after the button: inside the bar it widened
  // the bar and pushed "Copy link" away from its place.
  return (
    <>
      <div className="link-bar">
        <button type="button" onClick={() => void copy()}>
          Copy link
        </button>
        {fallback !== null && (
          <input
            ref={field}
            className="link-field"
            readOnly
            value={fallback}
            aria-label="Link to this view"
            onFocus={(e) => e.target.select()}
          />
        )}
        <span role="status" className="small">
          {status}
        </span>
      </div>
      {message && (
        <RefusalMessage
          refusal={message}
          tone="warning"
          role="alert"
          className="link-message"
          testId="link-message"
        >
          <button type="button" onClick={dismiss} aria-label="Dismiss link message">
            Dismiss
          </button>
        </RefusalMessage>
      )}
    </>
  );
}
