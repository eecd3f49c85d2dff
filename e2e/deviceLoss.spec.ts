/**
 * A real WebGPU device loss in the middle of a training run (the worker's `loseDevice` test hook
 * destroys the device after epoch 1): the run falls back to the next backend, continues from the
 * epoch-1 checkpoint and finishes with a full history. Skipped where WebGPU does not start.
 */
import { expect, test } from '@playwright/test';

test('a lost WebGPU device mid-run falls back and finishes the run', async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto('/');
  await page.waitForFunction(() => window.__explorer !== undefined);
  const out = await page.evaluate(async () => {
    const w = window.__explorer?.worker;
    if (w === undefined) throw new Error('not a test build');
    const events: string[] = [];
    let lost: Promise<boolean> | null = null;
    let startedOn = '';
    const result = await w.startTraining(
      {
        arch: 'resnet18',
        unitsRemoved: 7,
        inputSize: 32,
        batchSize: 8,
        epochs: 3,
        augment: { shift: 0, scale: 0, brightness: 0, contrast: 0, horizontalFlip: false },
        dataset: { kind: 'synthetic', size: 16, validationSize: 16, seed: 1 },
      },
      (e) => {
        if (e.type === 'start') startedOn = e.backend;
        if (e.type === 'epoch') events.push(`epoch ${e.record.epoch}`);
        if (e.type === 'backend-lost') events.push(`lost ${e.from}->${e.to} at ${e.resumeEpoch}`);
        if (e.type === 'epoch' && e.record.epoch === 1 && lost === null) lost = w.loseDevice();
      },
      { backend: 'webgpu' },
    );
    const cached = await w.ensureBackend();
    return { startedOn, lost: await lost, events, result, cached: cached.name };
  });
  test.skip(out.startedOn !== 'webgpu', `WebGPU is not available here (ran on ${out.startedOn})`);
  expect(out.lost).toBe(true);
  expect(out.result.backendChanges).toHaveLength(1);
  const change = out.result.backendChanges[0];
  expect(change).toMatchObject({ from: 'webgpu', resumeEpoch: 2 });
  expect(change?.to).not.toBe('webgpu');
  expect(out.result.history.map((h) => h.epoch)).toEqual([1, 2, 3]);
  expect(out.result.backend).toBe(change?.to);
  expect(out.cached).toBe(change?.to); // the client's cached backend followed the switch
  test.info().annotations.push({ type: 'events', description: out.events.join('; ') });
});
