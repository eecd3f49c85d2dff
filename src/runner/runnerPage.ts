/**
 * Entry of runner.html, the page `chextransfer run --engine chromium` drives in headless
 * Chromium: it trains one grid task with the app's own `runHeadless` (src/worker/training) on the
 * page's WebGPU or WebGL. The Node side serves the built app and four endpoints (page.route):
 * GET /__runner/checkpoint, /__runner/weights and /__runner/in-domain (bytes to start from), PUT
 * /__runner/checkpoint?epoch=N (each epoch's checkpoint) and POST /__runner/log (log lines).
 * A dataset folder or zip arrives through the page's file inputs (setInputFiles), read lazily.
 */
import { chooseBackend } from '../worker/backend/backend.ts';
import {
  runHeadless,
  type HeadlessInDomain,
  type HeadlessOutput,
} from '../worker/training/headless.ts';
import type { BackendInfo, BackendName, TrainRequest } from '../worker/protocol.ts';

/** The GPU as the page sees it: the backend chosen and the renderer behind WebGL. */
export interface RunnerGpu {
  readonly backend: BackendInfo;
  /** WebGL's unmasked renderer (e.g. 'ANGLE (NVIDIA ...)' or '... SwiftShader ...'), or ''. */
  readonly webglRenderer: string;
}

/** A task as the Node side sends it (plain JSON; bytes travel through the endpoints). */
export interface RunnerTask {
  readonly request: TrainRequest;
  readonly runId: string;
  readonly runKey: string;
  readonly hasResume: boolean;
  readonly hasWeights: boolean;
  /** An in-domain task's checkpoint, its bytes left out (they come from /__runner/in-domain). */
  readonly inDomain: HeadlessInDomain | null;
  readonly hasInDomainBytes: boolean;
  readonly backend: BackendName;
  /** Which file input holds the dataset: 'zip', 'folder', or null for the synthetic set. */
  readonly datasetInput: 'zip' | 'folder' | null;
}

/** What the page exposes to the Node side. */
export interface RunnerApi {
  gpu(): Promise<RunnerGpu>;
  run(task: RunnerTask): Promise<HeadlessOutput>;
}

declare global {
  interface Window {
    __chextransferRunner?: RunnerApi;
  }
}

function webglRenderer(): string {
  const gl = document.createElement('canvas').getContext('webgl2');
  const ext = gl?.getExtension('WEBGL_debug_renderer_info');
  return gl && ext ? String(gl.getParameter(ext.UNMASKED_RENDERER_WEBGL)) : '';
}

async function bytesOf(url: string): Promise<ArrayBuffer> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`runner: ${url} answered ${response.status}`);
  return response.arrayBuffer();
}

function datasetOf(task: RunnerTask): TrainRequest['dataset'] {
  const d = task.request.dataset;
  if (d.kind === 'synthetic' || task.datasetInput === null) return d;
  const input = document.getElementById(task.datasetInput === 'zip' ? 'dataset' : 'dataset-folder');
  const files = [...((input as HTMLInputElement | null)?.files ?? [])];
  if (task.datasetInput === 'zip') {
    const zip = files[0];
    if (zip === undefined) throw new Error('runner: no dataset zip was given to the page');
    return { ...d, zip };
  }
  return { ...d, files };
}

window.__chextransferRunner = {
  async gpu() {
    return { backend: await chooseBackend('train'), webglRenderer: webglRenderer() };
  },
  async run(task) {
    const log = (line: string): void => {
      void fetch('/__runner/log', { method: 'POST', body: line });
    };
    return runHeadless({
      request: { ...task.request, dataset: datasetOf(task) },
      runId: task.runId,
      runKey: task.runKey,
      backend: task.backend,
      resume: task.hasResume ? new Uint8Array(await bytesOf('/__runner/checkpoint')) : null,
      ...(task.hasWeights ? { weights: await bytesOf('/__runner/weights') } : {}),
      ...(task.inDomain
        ? {
            inDomain: {
              ...task.inDomain,
              bytes: task.hasInDomainBytes ? await bytesOf('/__runner/in-domain') : null,
            },
          }
        : {}),
      onCheckpoint: async (bytes, epoch) => {
        const response = await fetch(`/__runner/checkpoint?epoch=${epoch}`, {
          method: 'PUT',
          body: new Blob([bytes as Uint8Array<ArrayBuffer>]),
        });
        if (!response.ok)
          throw new Error(`runner: saving the checkpoint failed (${response.status})`);
      },
      log,
    });
  },
};
