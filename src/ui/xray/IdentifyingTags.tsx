import type { ImageSummary } from '../../worker/protocol.ts';

/**
 * The DICOM attributes that could identify a patient, collapsed by default. Shown here only:
 * never in the CSV export, never in a link.
 * @returns a closed details panel, or nothing when the file had none
 */
export function IdentifyingTags({ tags }: { readonly tags: ImageSummary['identifyingTags'] }) {
  if (tags.length === 0) return null;
  return (
    <details className="xray-tags" data-testid="identifying-tags">
      <summary>
        Identifying DICOM tags ({tags.length}): shown only here, never exported or linked
      </summary>
      <table className="data-table">
        <thead>
          <tr>
            <th scope="col">Tag</th>
            <th scope="col">Keyword</th>
            <th scope="col">Value</th>
          </tr>
        </thead>
        <tbody>
          {tags.map((t) => (
            <tr key={t.tag}>
              <td>
                <code>({t.tag})</code>
              </td>
              <td>{t.keyword}</td>
              <td data-testid="tag-value">{t.value}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}
