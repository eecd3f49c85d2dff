/**
 * The worker bundle's entry: expose the API and nothing else.
 * Must not import React, zustand or anything from src/ui or src/state.
 */
import { expose } from 'comlink';
import './backend/wasmPaths.ts';
import './engine/browserEngine.ts';
import { api } from './api.ts';

expose(api);
