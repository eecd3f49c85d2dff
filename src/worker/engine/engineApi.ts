/**
 * The one place the worker imports the engine's TypeScript API (src/engine, DOM-free and
 * tf-free) from, so the integration depends on one path.
 */
export { createEngine, pickBuild } from '../../engine/index.ts';
export type {
  Engine,
  EngineBinaries,
  EngineBuild,
  EngineInfo,
  EngineModel,
  EngineModelSource,
  EngineOptions,
  EngineWeights,
  SpawnThread,
} from '../../engine/index.ts';
