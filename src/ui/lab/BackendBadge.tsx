import type { BackendInfo } from '../../worker/protocol.ts';

/**
 * @param note why a backend was skipped (may be a long error message)
 * @returns the note cut to one short line; the badge's tooltip has it whole
 */
function shortNote(note: string): string {
  const line = note.split('\n')[0] ?? '';
  return line.length > 80 ? `${line.slice(0, 79)}…` : line;
}

/** @returns the active backend, its adapter, and why any faster backend was skipped */
export function BackendBadge({ info }: { readonly info: BackendInfo }) {
  const skipped = info.attempts.filter((a) => !a.ok);
  const adapter = info.adapter;
  return (
    <span
      className="backend-badge"
      data-testid="backend-label"
      title={skipped.map((a) => `${a.name}: ${a.note}`).join('\n')}
    >
      Backend: <strong>{info.name}</strong>
      {adapter &&
        ` (${[adapter.vendor, adapter.architecture].filter(Boolean).join(' ') || 'unknown adapter'}${
          adapter.isFallbackAdapter ? ', software fallback' : ''
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
