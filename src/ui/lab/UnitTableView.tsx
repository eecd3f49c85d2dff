import { memo, useState } from 'react';
import type { UnitTable } from '../../zoo/analytic.ts';
import { formatMacs } from './labNumbers.ts';

interface Props {
  readonly table: UnitTable;
  readonly unitsKept: number;
}

/** @returns the per-unit table (collapsed by default: DenseNet201 has 102 units) */
export const UnitTableView = memo(function UnitTableView({ table, unitsKept }: Props) {
  const [open, setOpen] = useState(false);
  return (
    <section className="unit-table">
      <button type="button" aria-expanded={open} onClick={() => setOpen(!open)}>
        {open ? 'Hide' : 'Show'} the {table.units.length} truncation units
      </button>
      {open && (
        <table className="data-table">
          <caption>
            Units at {table.inputSize}×{table.inputSize} input; stem:{' '}
            {table.stem.params.toLocaleString('en-US')} parameters. Removed units are struck
            through.
          </caption>
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">Unit (timm name)</th>
              <th scope="col">Out channels</th>
              <th scope="col">Spatial</th>
              <th scope="col">Parameters</th>
              <th scope="col">Cumulative</th>
              <th scope="col">Multiply-adds</th>
            </tr>
          </thead>
          <tbody>
            {table.units.map((u, i) => (
              <tr key={u.name} className={i < unitsKept ? undefined : 'removed'}>
                <td>{i + 1}</td>
                <th scope="row">
                  <code>{u.name}</code>
                </th>
                <td>{u.outCh}</td>
                <td>
                  {u.outHw}×{u.outHw}
                </td>
                <td>{u.params.toLocaleString('en-US')}</td>
                <td>{u.cumParams.toLocaleString('en-US')}</td>
                <td>{formatMacs(u.macs)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
});
