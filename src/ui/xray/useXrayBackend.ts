import { useEffect } from 'react';
import { connectBackend } from './xrayModels.ts';
import { useXrayStore } from './xrayStore.ts';

/**
 * Starts the worker when the panel first opens (so the backend label and the registered models
 * show), once per page.
 * @returns the backend info, or null until it is known
 */
export function useXrayBackend() {
  const backend = useXrayStore((s) => s.backend);
  useEffect(() => {
    if (useXrayStore.getState().backend === null) void connectBackend();
  }, []);
  return backend;
}
