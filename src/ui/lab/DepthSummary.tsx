import { formatMacs, formatMb, type LabDepth } from './labNumbers.ts';

const exact = (n: number): string => n.toLocaleString('en-US');

interface Props {
  readonly depth: LabDepth;
  readonly full: LabDepth;
}

/** @returns the current depth's counts beside the full model's, with the reduction */
export function DepthSummary({ depth, full }: Props) {
  const ratio = full.trainable / depth.trainable;
  const rows: [string, string, string][] = [
    ['Trainable parameters', exact(depth.trainable), exact(full.trainable)],
    ['BN moving statistics (not trainable)', exact(depth.nonTrainable), exact(full.nonTrainable)],
    ['float32 weights', formatMb(depth.floatBytes), formatMb(full.floatBytes)],
    ['Multiply-adds per image', formatMacs(depth.macs), formatMacs(full.macs)],
    [
      'Features into the head',
      `${depth.outChannels} × ${depth.outHw}×${depth.outHw}`,
      `${full.outChannels} × ${full.outHw}×${full.outHw}`,
    ],
  ];
  return (
    <section className="lab-summary" aria-label="Size of the truncated model">
      <p className="lab-ratio" data-testid="lab-ratio">
        {depth.unitsRemoved === 0 ? (
          // "1.00× fewer" says nothing: at full depth there is no reduction to state.
          <>
            <strong>Full model</strong>: no units removed. Move the slider to truncate it.
          </>
        ) : (
          <>
            <strong>{ratio.toFixed(2)}×</strong> fewer parameters than the full model (
            {((1 - depth.trainable / full.trainable) * 100).toFixed(1)}% removed);{' '}
            {(full.macs / depth.macs).toFixed(2)}× fewer multiply-adds.
          </>
        )}
      </p>
      <table className="data-table">
        <caption>Computed for a 5-output head at the native input size</caption>
        <thead>
          <tr>
            <th scope="col">Quantity</th>
            <th scope="col">This model</th>
            <th scope="col">Full model</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(([name, value, reference]) => (
            <tr key={name}>
              <th scope="row">{name}</th>
              <td data-testid={name === 'Trainable parameters' ? 'lab-params' : undefined}>
                {value}
              </td>
              <td>{reference}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
