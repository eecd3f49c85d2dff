/**
 * The Train panel: configure a run, train in the worker on synthetic phantoms or the person's
 * CheXpert-format data, watch loss and AUC, and keep the result (My runs, X-ray panel, saved or
 * downloaded model). Loaded lazily. Each part selects its own slice of the Train store, so
 * progress redraws the run view only.
 */
import '../lab/lab.css';
import './train.css';
import { ConfigForm } from './ConfigForm.tsx';
import { MemoryNote } from './MemoryNote.tsx';
import { ProgressCharts } from './ProgressCharts.tsx';
import { ResultCard } from './ResultCard.tsx';
import { RunStatusBar } from './RunStatus.tsx';
import { SavedModels } from './SavedModels.tsx';

/** @returns the Train panel */
export function TrainPanel() {
  return (
    <div className="train">
      <section aria-labelledby="train-title">
        <h2 id="train-title">Train</h2>
        <p className="small muted">
          Fine-tunes a model in a Web Worker in this browser. Data never leaves this machine.
          Browsers train far slower than the paper's GPUs: the defaults use small inputs and
          truncated models so a run finishes in minutes.
        </p>
      </section>
      <ConfigForm />
      <RunStatusBar />
      <ProgressCharts />
      <ResultCard />
      <MemoryNote />
      <SavedModels />
    </div>
  );
}
