/** Entry point: mount the app, start URL syncing, and (test builds only) the test API. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { useStore } from '../state/store.ts';
import { startUrlSync } from '../state/urlSync.ts';
import { App } from './App.tsx';
import { installTestApi } from './testApi.ts';
import './styles.css';
import './layout.css';

startUrlSync(useStore);
void useStore.getState().loadRuns();
if (import.meta.env.VITE_TEST_API === 'true') installTestApi(useStore);
const root = document.getElementById('root');
if (root)
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
