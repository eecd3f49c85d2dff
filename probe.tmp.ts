import { unzipSync } from 'fflate';
import { rebuildBigFixture, readTorchFixture } from './src/test/torchFixtures.ts';
import { PICKLE_LIMITS } from './src/zoo/weights/pickle.ts';
import { readTorchCheckpoint } from './src/zoo/weights/torchCheckpoint.ts';
const L = PICKLE_LIMITS as unknown as { maxNodes: number };
function need(bytes: Uint8Array): number {
  let lo = 1, hi = 10_000_000;
  while (lo < hi) { const mid = (lo + hi) >> 1; L.maxNodes = mid; try { readTorchCheckpoint(bytes); hi = mid; } catch { lo = mid + 1; } }
  return lo;
}
for (const name of ['xrv_densenet121_module_legacy', 'xrv_densenet121_module_zip', 'xrv_densenet121_state_zip', 'xrv_resnet50_state_zip'] as const) {
  const { bytes } = rebuildBigFixture(name);
  console.log(name, need(bytes));
}
