/**
 * A forest plot as a table (readable by screen readers, selectable text): per study its n,
 * Spearman ρ with the 95% interval used in the pooling (Fisher z, variance 1.06/(n−3)), the
 * bootstrap interval and the pooling weight; the pooled diamond; reported statistics on their own
 * labelled rows (never pooled); studies left out, with the reason.
 */
import type {
  ForestSection,
  ReportedRow,
  SectionGroup,
  StudyCorrelation,
} from '../../study/evidence.ts';
import { fmt, formatReported } from '../charts/format.ts';
import type { StudyStyle } from './studyStyle.ts';

const SECTION_LABEL: Record<SectionGroup, string> = {
  pretrained: 'ImageNet-pretrained (supervised weights)',
  random: 'Random initialisation',
  pairs: 'Pretrained − random pairs',
};

const W = 120;
const xOf = (rho: number): number => ((Math.max(-1, Math.min(1, rho)) + 1) / 2) * W;

/** A whisker, a marker and the zero line, in a small SVG cell. */
function Whisker(props: {
  readonly rho: number;
  readonly ci?: readonly [number, number] | null;
  readonly kind: 'study' | 'pooled' | 'reported';
  readonly color: string;
}) {
  const { rho, ci, kind, color } = props;
  const x = xOf(rho);
  return (
    <svg width={W} height={16} viewBox={`0 0 ${W} 16`} aria-hidden="true" className="whisker">
      <line x1={xOf(0)} x2={xOf(0)} y1={0} y2={16} stroke="#bbb" />
      {ci && kind !== 'pooled' && (
        <line x1={xOf(ci[0])} x2={xOf(ci[1])} y1={8} y2={8} stroke={color} strokeWidth={1.5} />
      )}
      {kind === 'pooled' && ci && (
        <polygon
          points={`${xOf(ci[0])},8 ${x},2 ${xOf(ci[1])},8 ${x},14`}
          fill="#222"
          className="pooled-diamond"
        />
      )}
      {kind === 'study' && Number.isFinite(rho) && (
        <rect x={x - 3.5} y={4.5} width={7} height={7} fill={color} />
      )}
      {kind === 'reported' && (
        <rect
          x={x - 3.5}
          y={4.5}
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

const ciText = (ci: readonly [number, number] | null | undefined): string =>
  ci ? `[${fmt(ci[0])}, ${fmt(ci[1])}]` : '';

function StudyRow(props: {
  readonly s: StudyCorrelation;
  readonly section: ForestSection;
  readonly style: StudyStyle;
}) {
  const { s, section, style } = props;
  const color = style.colorOf(s.studyId);
  const row = section.meta.rows.find((r) => r.label === s.studyId);
  const out = section.meta.excluded.find((e) => e.label === s.studyId);
  return (
    <tr data-testid="forest-row" className={out ? 'not-pooled' : undefined}>
      <th scope="row" title={s.title}>
        <span className="swatch" style={{ background: color }} aria-hidden="true" />
        {style.labelOf(s.studyId)}
        {s.config && <span className="small muted"> ({s.config})</span>}
      </th>
      <td>{s.n}</td>
      <td>
        {fmt(s.rho)} {ciText(row?.ci)}
      </td>
      <td>
        <Whisker rho={s.rho} ci={row?.ci ?? null} kind="study" color={color} />
      </td>
      <td className="small">
        {out
          ? `not pooled: ${out.reason}`
          : `${((row?.weight ?? 0) * 100).toFixed(0)}% · bootstrap ${s.bootstrap ? `[${fmt(s.bootstrap.lo)}, ${fmt(s.bootstrap.hi)}]` : 'n/a'}`}
        {s.averaged > 0 ? ` · ${s.averaged} point(s) average replicates` : ''}
      </td>
    </tr>
  );
}

function PooledRow({ section }: { readonly section: ForestSection }) {
  const p = section.meta.pooled;
  return (
    <tr data-testid="forest-pooled" className="pooled">
      <th scope="row">Pooled (random effects, k = {section.meta.k})</th>
      <td />
      <td>{p ? `${fmt(p.rho)} ${ciText(p.ci)}` : 'none'}</td>
      <td>{p && <Whisker rho={p.rho} ci={p.ci} kind="pooled" color="#222" />}</td>
      <td className="small">
        {p
          ? `τ² = ${fmt(p.tau2, 3)}, I² = ${p.i2 === null ? 'n/a (one study)' : `${(p.i2 * 100).toFixed(0)}%`}`
          : `no study has n ≥ 4 independent architectures here`}
      </td>
    </tr>
  );
}

function ReportedStatRow({ r, style }: { readonly r: ReportedRow; readonly style: StudyStyle }) {
  return (
    <tr data-testid="forest-reported" className="reported">
      <th scope="row" title={`${r.stat.name}. Source: ${r.stat.source}`}>
        {style.labelOf(r.studyId)}: {r.notRecomputable ? 'reported, not recomputable' : 'reported'}
      </th>
      <td>{r.stat.n ?? 'n/a'}</td>
      <td>{formatReported(r.stat)}</td>
      <td>
        <Whisker rho={r.stat.value} kind="reported" color="#222" />
      </td>
      <td className="small">not pooled · {r.stat.confidence}</td>
    </tr>
  );
}

function ForestTable({
  section,
  style,
}: {
  readonly section: ForestSection;
  readonly style: StudyStyle;
}) {
  return (
    <table className="forest-table" data-group={section.group}>
      <caption>{SECTION_LABEL[section.group]}</caption>
      <thead>
        <tr>
          <th scope="col">Study</th>
          <th scope="col">n</th>
          <th scope="col">ρ [95% CI]</th>
          <th scope="col">
            <span className="sr-only">Forest plot, ρ from −1 to 1</span>
            <span aria-hidden="true">−1 · 0 · 1</span>
          </th>
          <th scope="col">Weight · bootstrap CI</th>
        </tr>
      </thead>
      <tbody>
        {section.studies.map((s) => (
          <StudyRow key={s.studyId} s={s} section={section} style={style} />
        ))}
        <PooledRow section={section} />
        {section.reported.map((r) => (
          <ReportedStatRow key={r.stat.id} r={r} style={style} />
        ))}
      </tbody>
    </table>
  );
}

/**
 * @param props the question's forest sections, and each study's colour and label
 * @returns one table per section
 */
export function ForestPlot(props: {
  readonly question: string;
  readonly sections: readonly ForestSection[];
  readonly style: StudyStyle;
}) {
  return (
    <div className="forest" data-testid={`forest-${props.question}`}>
      {props.sections.map((section) => (
        <ForestTable key={section.group} section={section} style={props.style} />
      ))}
    </div>
  );
}
