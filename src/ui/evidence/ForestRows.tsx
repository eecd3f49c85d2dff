/**
 * The rows of one forest table, each on one line so a question's forest sits beside its chart:
 * a study (n, ρ with its 95% interval, p, whisker), the pooled row (a diamond from at least 3
 * independent papers, else why not), and a reported statistic (its ρ, an interval computed here
 * from ρ and n, the implied p). Details are in each row's title and in the table's footnotes.
 */
import type { ForestSection, ReportedRow, StudyCorrelation } from '../../study/evidence.ts';
import { countsText } from '../../study/evidenceText.ts';
import type { ShownInterval } from '../../study/stats/agreement.ts';
import { fmt, formatReported } from '../charts/format.ts';
import type { StudyStyle } from './studyStyle.ts';

/** Footnote marks, explained under the table when used. */
export const MARK = { approximate: '*', extended: '†', computed: '‡' } as const;

const W = 100;
const xOf = (rho: number): number => ((Math.max(-1, Math.min(1, rho)) + 1) / 2) * W;

/** A whisker, a marker and the zero line, in a small SVG cell. */
function Whisker(props: {
  readonly rho: number;
  readonly ci: readonly [number, number] | null;
  readonly kind: 'study' | 'pooled' | 'reported';
  readonly color: string;
}) {
  const { rho, ci, kind, color } = props;
  const x = xOf(rho);
  return (
    <svg width={W} height={14} viewBox={`0 0 ${W} 14`} aria-hidden="true" className="whisker">
      <line x1={xOf(0)} x2={xOf(0)} y1={0} y2={14} stroke="#bbb" />
      {ci && kind !== 'pooled' && (
        <line x1={xOf(ci[0])} x2={xOf(ci[1])} y1={7} y2={7} stroke={color} strokeWidth={1.5} />
      )}
      {kind === 'pooled' && ci && (
        <polygon
          points={`${xOf(ci[0])},7 ${x},1 ${xOf(ci[1])},7 ${x},13`}
          fill="#222"
          className="pooled-diamond"
        />
      )}
      {kind === 'study' && Number.isFinite(rho) && (
        <rect x={x - 3.5} y={3.5} width={7} height={7} fill={color} />
      )}
      {kind === 'reported' && (
        <rect
          x={x - 3.5}
          y={3.5}
          width={7}
          height={7}
          fill="#fff"
          stroke="#222"
          strokeWidth={1.5}
        />
      )}
    </svg>
  );
}

/**
 * @param p a p-value
 * @returns it to two significant places, '<0.001' below that, '' when undefined
 */
export const formatP = (p: number): string =>
  !Number.isFinite(p) ? '' : p < 0.001 ? '<0.001' : p.toFixed(p < 0.01 ? 3 : 2);

const ciText = (i: ShownInterval | null): string =>
  i ? `[${fmt(i.lo)}, ${fmt(i.hi)}]${i.extended ? MARK.extended : ''}` : '';

const pair = (i: ShownInterval | null): [number, number] | null => (i ? [i.lo, i.hi] : null);

function studyTitle(s: StudyCorrelation, section: ForestSection): string {
  const row = section.meta.papers.find((p) => p.paper === s.paper.id);
  return [
    s.title,
    `Paper: ${s.paper.label}`,
    s.config && `Configuration: ${s.config}`,
    `p: ${s.pMethod === 'exact' ? 'exact permutation test' : 't approximation'}`,
    s.bootstrap && `Bootstrap 95% CI [${fmt(s.bootstrap.lo)}, ${fmt(s.bootstrap.hi)}]`,
    row?.weight !== null &&
      row?.weight !== undefined &&
      `Paper weight ${(row.weight * 100).toFixed(0)}%`,
    s.averaged > 0 && `${s.averaged} point(s) average true replicates`,
  ]
    .filter(Boolean)
    .join('. ');
}

/**
 * @param props a study's correlation, its section and the study style
 * @returns its row
 */
export function StudyRow(props: {
  readonly s: StudyCorrelation;
  readonly section: ForestSection;
  readonly style: StudyStyle;
}) {
  const { s, section, style } = props;
  const color = style.colorOf(s.studyId);
  const out = section.meta.excluded.find((e) => e.label === s.studyId);
  return (
    <tr data-testid="forest-row" data-paper={s.paper.id} className={out ? 'not-pooled' : undefined}>
      <th scope="row" title={studyTitle(s, section)}>
        <span className="swatch" style={{ background: color }} aria-hidden="true" />
        {style.labelOf(s.studyId)}
      </th>
      <td>{s.n}</td>
      <td className="forest-rho">
        {out ? (
          <span title={`not pooled: ${out.reason}`}>
            {fmt(s.rho)} (not pooled: {out.reason})
          </span>
        ) : (
          <>
            {fmt(s.rho)} {ciText(s.interval)}
            {s.approximate ? MARK.approximate : ''}
          </>
        )}
      </td>
      <td>{formatP(s.p)}</td>
      <td>
        <Whisker rho={s.rho} ci={pair(s.interval)} kind="study" color={color} />
      </td>
    </tr>
  );
}

/**
 * @param props the section
 * @returns the pooled row: the diamond and its counts, or why nothing is pooled
 */
export function PooledRow({ section }: { readonly section: ForestSection }) {
  const p = section.meta.pooled;
  const counts = countsText(section.entering);
  return (
    <tr data-testid="forest-pooled" className="pooled">
      <th scope="row">{p ? `Pooled, k = ${section.meta.k} papers` : 'Pooled'}</th>
      {p ? (
        <>
          <td>{section.entering.points}</td>
          <td
            className="forest-rho"
            title={`Random effects (DerSimonian–Laird τ² = ${fmt(p.tau2, 3)}), Hartung–Knapp–Sidik–Jonkman 95% CI with t on ${p.df} df; I² = ${(p.i2 * 100).toFixed(0)}%; ${counts}`}
          >
            {fmt(p.rho)} [{fmt(p.ci[0])}, {fmt(p.ci[1])}] · I² {(p.i2 * 100).toFixed(0)}% · {counts}
          </td>
          <td />
          <td>
            <Whisker rho={p.rho} ci={p.ci} kind="pooled" color="#222" />
          </td>
        </>
      ) : (
        <td colSpan={4} className="forest-rho">
          {section.meta.reason}
          {section.entering.points > 0 ? ` (eligible: ${counts})` : ''}
        </td>
      )}
    </tr>
  );
}

/**
 * @param props a reported statistic's row data and the study style
 * @returns its row: never pooled, with an interval computed here
 */
export function ReportedStatRow({
  r,
  style,
}: {
  readonly r: ReportedRow;
  readonly style: StudyStyle;
}) {
  const label = r.notRecomputable ? 'reported, not recomputable' : 'reported';
  return (
    <tr data-testid="forest-reported" className="reported">
      <th
        scope="row"
        title={`${r.stat.name}. Not pooled. ${r.stat.confidence}. Source: ${r.stat.source}`}
      >
        {style.labelOf(r.studyId)}: {label}
        {r.unverifiable ? ' (source not verifiable here)' : ''}
      </th>
      <td>{r.stat.n ?? 'n/a'}</td>
      <td className="forest-rho">
        {formatReported(r.stat)} {ciText(r.interval)}
        {r.interval ? MARK.computed : ''}
      </td>
      <td title="implied by ρ and n (t approximation); the source reports no p">{formatP(r.p)}</td>
      <td>
        <Whisker rho={r.stat.value} ci={pair(r.interval)} kind="reported" color="#222" />
      </td>
    </tr>
  );
}
