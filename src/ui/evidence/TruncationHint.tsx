/**
 * What the truncation question shows when no study has the data: a one-line way to produce it in
 * the Train tab (its quick preset keeps only the first units of an architecture), read from the
 * preset's own data so the words never drift from what the button does.
 */
import { TRAIN_PRESETS } from '../../data/trainDefaults.ts';
import { getChartArch } from '../../study/architectures.ts';
import { useStore } from '../../state/store.ts';
import { CHEXTRANSFER } from '../../study/studies/chextransfer.ts';
import { formatReported } from '../charts/format.ts';

const QUICK = TRAIN_PRESETS.quick;
const ARCH = getChartArch(QUICK.arch)?.label ?? QUICK.arch;
const REPORTED = CHEXTRANSFER.reportedStatistics.find(
  (s) => s.relation === 'truncation-efficiency',
);

/** The one line, also used as a caption when the chart has runs. */
export const TRUNCATION_LINE = `No study in the library publishes per-model AUCs at several depths. To make your own: Train tab → “${QUICK.label}” (${ARCH}, first ${QUICK.keepUnits} units kept) → Start, then the same with “Units removed” at 0; both runs join My runs and draw here as one line.`;

/** @returns the empty state of the truncation question */
export function TruncationHint() {
  const openView = useStore((s) => s.openView);
  return (
    <>
      <p className="empty-title">No truncated models yet.</p>
      <p>{TRUNCATION_LINE}</p>
      <p>
        <button type="button" onClick={() => openView('train')}>
          Open the Train tab
        </button>{' '}
        {REPORTED && (
          <span className="muted small">
            CheXtransfer reports that truncating final blocks of pretrained models can make them{' '}
            {formatReported(REPORTED)} more parameter-efficient on average; its per-model values are
            not published in text.
          </span>
        )}
      </p>
    </>
  );
}
