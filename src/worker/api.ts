/**
 * The worker's API as a plain object: `typeof api` is the contract the client imports (types only).
 * Each room of the worker exports its slice (backend, inference, weights, datasets, training,
 * models); this file only composes them. Every method takes and returns structured-cloneable data;
 * tensors never leave the worker.
 */
import { backendApi } from './backend/backendApi.ts';
import { datasetApi } from './datasets/datasetApi.ts';
import { latencyApi } from './inference/heldLatency.ts';
import { inferenceApi } from './inference/inferenceApi.ts';
import { modelsApi } from './models/modelsApi.ts';
import { trainingApi } from './training/trainingApi.ts';
import { checkpointApi } from './weights/checkpointApi.ts';
import { weightsApi } from './weights/weightsApi.ts';

export const api = {
  ...backendApi,
  ...inferenceApi,
  ...latencyApi,
  ...weightsApi,
  ...checkpointApi,
  ...datasetApi,
  ...trainingApi,
  ...modelsApi,
};

export type StudyWorkerApi = typeof api;
