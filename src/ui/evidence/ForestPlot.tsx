/**
 * A forest plot as a table (readable by screen readers, selectable text), one per section: per
 * study its n, Spearman ρ with the 95% interval used in the pooling (Fisher z, variance
 * 1.06/(n−3), extended to 0 where the p beside it does not reject), the p, and a whisker; the
 * pooled row across independent papers (or why there is none); reported statistics on their own
 * labelled rows (never pooled). Notes under the tables say which studies share a paper, which
 * configuration each shows, and what the marks mean. Class names are stable for the stylesheet.
 */
import type { ForestSection, SectionGroup } from '../../study/evidence.ts';
import { plural } from '../../study/papers.ts';
import { MARK, PooledRow, ReportedStatRow, StudyRow } from './ForestRows.tsx';
import type { StudyStyle } from './studyStyle.ts';

const SECTION_LABEL: Record<SectionGroup, string> = {
  pretrained: 'ImageNet-pretrained (supervised weights)',
  random: 'Random initialisation',
  pairs: 'Pretrained − random pairs',
};

/** The footnotes a section needs, in a fixed order. */
function notes(section: ForestSection, style: StudyStyle): string[] {
  const out: string[] = [];
  const shared = section.meta.papers.filter((p) => p.labels.length > 1);
  for (const p of shared) {
    const label = section.studies.find((s) => s.paper.id === p.paper)?.paper.label ?? p.paper;
    out.push(
      `${p.labels.map(style.labelOf).join(' and ')} are one paper (${label}): combined as their mean Fisher z and mean variance, as if fully dependent, before pooling.`,
    );
  }
  const configs = section.studies.filter((s) => s.config);
  if (configs.length > 0)
    out.push(
      `Configuration: ${configs.map((s) => `${style.labelOf(s.studyId)} ${s.config}`).join('; ')}.`,
    );
  if (section.studies.some((s) => s.approximate && s.interval))
    out.push(
      `${MARK.approximate} n < 10: the Fisher interval is approximate; p beside it is exact (permutation).`,
    );
  const extended = [
    ...section.studies.map((s) => s.interval),
    ...section.reported.map((r) => r.interval),
  ];
  if (extended.some((i) => i?.extended))
    out.push(`${MARK.extended} extended to 0: the p beside it is ≥ 0.05.`);
  if (section.reported.some((r) => r.interval))
    out.push(
      `${MARK.computed} computed here from the reported ρ and n (Fisher z); the source gives no interval.`,
    );
  return out;
}

function ForestTable(props: { readonly section: ForestSection; readonly style: StudyStyle }) {
  const { section, style } = props;
  return (
    <table className="forest-table" data-group={section.group}>
      <caption>
        {SECTION_LABEL[section.group]}{' '}
        <span className="forest-counts">
          · {plural(section.shown.studies, 'study', 'studies')} in{' '}
          {plural(section.shown.papers, 'paper')}
        </span>
      </caption>
      <thead>
        <tr>
          <th scope="col">Study</th>
          <th scope="col">n</th>
          <th scope="col">ρ [95% CI]</th>
          <th scope="col">p</th>
          <th scope="col">
            <span className="sr-only">Forest plot, ρ from −1 to 1</span>
            <span aria-hidden="true">−1 · 0 · 1</span>
          </th>
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
  const foot = [...new Set(props.sections.flatMap((s) => notes(s, props.style)))];
  return (
    <div className="forest" data-testid={`forest-${props.question}`}>
      {props.sections.map((section) => (
        <ForestTable key={section.group} section={section} style={props.style} />
      ))}
      {foot.length > 0 && (
        <p className="forest-notes" data-testid="forest-notes">
          {foot.join(' ')}
        </p>
      )}
    </div>
  );
}
