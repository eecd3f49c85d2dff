/**
 * The Grad-CAM overlay in the card, which opens full size on click: a modal dialog draws the same
 * image and map at the thumbnail's own resolution (up to the window), closed by its button,
 * Escape or a click outside the picture.
 */
import { useRef, useState, type ComponentProps } from 'react';
import { SaliencyCanvas } from './SaliencyCanvas.tsx';

type Props = Omit<ComponentProps<typeof SaliencyCanvas>, 'className' | 'testId'>;

/** @returns the card's overlay as a button, and the dialog it opens */
export function SaliencyZoom(props: Props) {
  const dialog = useRef<HTMLDialogElement>(null);
  // the full-size canvas is drawn only while the dialog is open
  const [open, setOpen] = useState(false);
  return (
    <>
      <button
        type="button"
        className="xray-canvas-open"
        aria-label={`Open full size: ${props.label}`}
        title="Open full size"
        onClick={() => {
          setOpen(true);
          dialog.current?.showModal();
        }}
      >
        <SaliencyCanvas {...props} />
      </button>
      <dialog
        ref={dialog}
        className="xray-zoom"
        aria-label={props.label}
        data-testid="saliency-zoom"
        onClose={() => setOpen(false)}
        onClick={(e) => {
          if (e.target === e.currentTarget) e.currentTarget.close();
        }}
      >
        <div className="chart-actions">
          <span className="small">
            {props.label} · {props.thumbnail.width}×{props.thumbnail.height} px
          </span>
          <button type="button" onClick={() => dialog.current?.close()}>
            Close
          </button>
        </div>
        {open && (
          <SaliencyCanvas {...props} className="xray-canvas-full" testId="saliency-canvas-full" />
        )}
      </dialog>
    </>
  );
}
