import { useEffect } from 'react';
import { CheckpointDrop } from './CheckpointDrop.tsx';
import { ChestModelTable } from './ChestModelTable.tsx';
import { ChestOutcome } from './ChestOutcome.tsx';
import { refreshChestCache, useChestStore } from './chestModels.ts';

/** @returns "Chest X-ray models": TorchXRayVision's published models, Download, a drop zone, the cache */
export function ChestModels() {
  const cached = useChestStore((s) => s.cached);
  useEffect(() => {
    refreshChestCache().catch(() => undefined);
  }, []);
  const total = Object.values(cached).reduce((a, b) => a + b, 0);
  return (
    <section className="xray-chest" aria-labelledby="xray-chest-title">
      <h3 id="xray-chest-title">Chest X-ray models</h3>
      <p className="small">
        Models trained on chest X-rays and published by TorchXRayVision (Cohen et al., MIDL 2022,{' '}
        <a href="https://arxiv.org/abs/2111.00595" target="_blank" rel="noreferrer">
          arXiv:2111.00595
        </a>
        ; mlmed/torchxrayvision, Apache-2.0). Load one to read an X-ray: it predicts the CheXpert
        tasks it was trained for (the others show as not predicted), explained with Grad-CAM. The
        first load downloads the file from GitHub into this browser&apos;s cache; if GitHub refuses
        the download, get the file from its link and drop it below. Any PyTorch checkpoint of the 16
        architectures loads the same way.
      </p>
      <ChestModelTable />
      <p className="small muted" data-testid="chest-cache">
        {total === 0
          ? 'None of these files is cached in this browser yet.'
          : `${Object.keys(cached).length} of these files cached in this browser (${(total / 1e6).toFixed(1)} MB); the weights card's "Clear cache" removes them.`}
      </p>
      <ChestOutcome />
      <CheckpointDrop />
    </section>
  );
}
