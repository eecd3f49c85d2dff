import type { BackendInfo } from '../../worker/protocol.ts';
import { isolationNote, wasmReasons, wasmSummary } from './backendText.ts';

/**
 * @param note why a backend was skipped (may be a long error message)
 * @returns the note cut to one short line; the badge's tooltip has it whole
 */
function shortNote(note: string): string {
  const line = note.split('\n')[0] ?? '';
  return line.length > 80 ? `${line.slice(0, 79)}…` : line;
}

/**
 * @returns the active backend, its adapter (WebGPU) or what runs CPU inference and on how many
 *   threads (WASM: the engine's build or tfjs-wasm, with a note when the page is not
 *   cross-origin isolated), and why any faster backend was skipped
 */
export function BackendBadge({ info }: { readonly info: BackendInfo }) {
  const skipped = info.attempts.filter((a) => !a.ok);
  const adapter = info.adapter;
  const wasm = info.wasm;
  const note = wasm ? isolationNote(wasm) : null;
  const reasons = [
    ...(wasm ? wasmReasons(wasm) : []),
    ...skipped.map((a) => `${a.name}: ${a.note}`),
  ];
  return (
    <span className="backend-badge" data-testid="backend-label" title={reasons.join('\n')}>
      Backend: <strong>{info.name}</strong>
      {wasm && ` · ${wasmSummary(wasm)}`}
      {note && <span className="small muted"> ({note})</span>}
      {adapter &&
        ` (${[adapter.vendor, adapter.architecture].filter(Boolean).join(' ') || 'unknown adapter'}${
          adapter.isFallbackAdapter || adapter.software === true ? ', a software adapter' : ''
        })`}
      {skipped.length > 0 && (
        <span className="small muted">
          {' '}
          · skipped: {skipped.map((a) => `${a.name} (${shortNote(a.note)})`).join('; ')}
        </span>
      )}
    </span>
  );
}
