/**
 * The "ImageNet weights" card of the Lab: the catalog's default source for the selected
 * architecture, loading by URL (size check first, progress, cancel, browser cache) or by a
 * .safetensors file (picker or drop onto the card), and the weights loaded for this depth. A
 * refused file is explained and changes nothing: what was loaded before stays loaded.
 */
import { memo, useState, type DragEvent } from 'react';
import { RefusalMessage } from '../components/RefusalMessage.tsx';
import { BackendBadge } from '../lab/BackendBadge.tsx';
import type { ArchId } from '../../zoo/catalog.ts';
import { LoadedWeightsCard } from './LoadedWeightsCard.tsx';
import { loadedKey, useLoadedWeights } from './loadedWeights.ts';
import { useWeightsLoader } from './useWeightsLoader.ts';
import { WeightsCacheStatus } from './WeightsCacheStatus.tsx';
import { WeightsFilePicker } from './WeightsFilePicker.tsx';
import { WeightsSourceInfo } from './WeightsSourceInfo.tsx';
import { WeightsUrlLoader } from './WeightsUrlLoader.tsx';
import './weights.css';

interface Props {
  readonly arch: ArchId;
  readonly unitsRemoved: number;
}

/** @returns the ImageNet weights card for the selected architecture and depth */
export const ImagenetWeightsCard = memo(function ImagenetWeightsCard({
  arch,
  unitsRemoved,
}: Props) {
  const loader = useWeightsLoader(arch, unitsRemoved);
  const loaded = useLoadedWeights((s) => s.byModel[loadedKey(arch, unitsRemoved)]);
  const [dragging, setDragging] = useState(false);
  const busy = loader.status.type !== 'idle';

  const onDragOver = (e: DragEvent<HTMLElement>): void => {
    if (!e.dataTransfer.types.includes('Files')) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = busy ? 'none' : 'copy';
    setDragging(true);
  };
  const onDrop = (e: DragEvent<HTMLElement>): void => {
    e.preventDefault();
    setDragging(false);
    const file = e.dataTransfer.files[0];
    if (file && !busy) void loader.loadFile(file);
  };

  return (
    <section
      className={`weights-card${dragging ? ' dragging' : ''}`}
      // the whole card is the drop zone: its name says so (the heading stays "ImageNet weights")
      aria-label="ImageNet weights: drop a .safetensors file on this card to load it"
      data-testid="weights-card"
      onDragOver={onDragOver}
      onDragLeave={() => setDragging(false)}
      onDrop={onDrop}
    >
      <h3>ImageNet weights</h3>
      <p className="small muted">
        Loads pretrained ImageNet weights into this truncated model in the worker: the kept units
        take the file’s tensors, the removed units’ tensors are skipped, and the head is a new one
        with 5 outputs. Files are checked strictly; a file for another network is refused.
      </p>
      <WeightsSourceInfo arch={arch} />
      <WeightsUrlLoader
        arch={arch}
        status={loader.status}
        size={loader.size}
        onCheckSize={(url) => void loader.checkSize(url)}
        onLoad={(url, expected) => void loader.loadUrl(url, expected)}
        onCancel={loader.cancel}
      />
      <WeightsFilePicker disabled={busy} onFile={(f) => void loader.loadFile(f)} />
      <WeightsCacheStatus
        cache={loader.cache}
        disabled={busy}
        onCheck={() => void loader.refreshCache()}
        onClear={() => void loader.clearCache()}
      />
      <div className="chart-actions">
        {loader.backend && <BackendBadge info={loader.backend} />}
      </div>
      {/* One stable live region for every outcome: screen readers hear each new message. */}
      <div role="status" aria-live="polite" data-testid="weights-status">
        {loader.status.type === 'loading' && <p>{loader.status.label}</p>}
        {loader.status.type === 'checking' && <p>Asking the server for the size…</p>}
        {loader.message?.kind === 'error' && (
          <RefusalMessage
            refusal={loader.message.refusal}
            role={null}
            testId="weights-message"
            {...(loaded ? { after: 'The weights loaded before are unchanged.' } : {})}
          />
        )}
        {loader.message?.kind === 'info' && (
          <p className="message" data-testid="weights-message">
            {loader.message.text}
          </p>
        )}
      </div>
      {loaded ? (
        <LoadedWeightsCard loaded={loaded} />
      ) : (
        <p className="small muted">No ImageNet weights loaded for this architecture and depth.</p>
      )}
    </section>
  );
});
