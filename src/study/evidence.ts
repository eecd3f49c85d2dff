/**
 * The cross-study evidence view: every study in the library (published, imported, My runs, grids)
 * shaped by the same selectors as the single-study charts (so design-aware units, the top-1 of the
 * weights actually used, and the other-pretraining group apply here too), then:
 *  - y centred within each study and initialisation (AUC minus that group's mean), because the
 *    studies use different datasets and metrics and must not share a raw axis;
 *  - per study, Spearman ρ over its units with its p, its Fisher interval and a bootstrap CI,
 *    each interval made to agree with the p beside it (stats/agreement.ts);
 *  - a random-effects pooling across independent papers (stats/meta.ts: studies of one paper
 *    combined first, nothing pooled below 3 papers), with reported statistics (CheXtransfer's)
 *    shown beside it, each with an interval computed from its ρ and n, and never pooled.
 * Pure: no DOM, no React.
 */
import { paperOf } from './papers.ts';
import { isMarkedNotVerifiable } from './sources.ts';
import { APPROXIMATE_BELOW_N, agreeWithTest } from './stats/agreement.ts';
import { bootstrapSpearmanCi } from './stats/bootstrap.ts';
import { fisherInterval, randomEffectsSpearman } from './stats/meta.ts';
import { tTestP } from './stats/pearson.ts';
import { spearman } from './stats/spearman.ts';
import type { ChartFilters, ChartPoint, Exclusion, StatInput } from './chartTypes.ts';
import type {
  EvidenceChart,
  EvidenceExclusion,
  EvidenceInput,
  EvidencePoint,
  ForestSection,
  ReportedRow,
  SectionGroup,
  StudyCorrelation,
} from './evidenceTypes.ts';
import { boostVsParams, paramsVsMetric, top1VsMetric, truncationLines } from './selectors.ts';
import type { ChartId, ReportedStatistic, StatisticRelation, Study } from './types.ts';

export type * from './evidenceTypes.ts';

/** The four questions, in the order of CheXtransfer's findings. */
export const EVIDENCE_QUESTIONS: readonly ChartId[] = [
  'top1-vs-auc',
  'params-vs-auc',
  'boost-vs-params',
  'truncation',
];

/** Results with this flag are not chest X-rays (synthetic phantoms): shown only on truncation. */
export const NOT_CHEST_XRAY_FLAG = 'synthetic';

/** Bootstrap settings for per-study intervals: fixed, so the same data give the same interval. */
export const EVIDENCE_BOOTSTRAP = { resamples: 2000, seed: 20210118, level: 0.95 } as const;

const RELATION: Record<ChartId, StatisticRelation> = {
  'top1-vs-auc': 'top1-vs-auc',
  'params-vs-auc': 'logparams-vs-auc',
  'boost-vs-params': 'boost-vs-params',
  truncation: 'truncation-efficiency',
};

const Y_LABEL: Record<ChartId, string> = {
  'top1-vs-auc': 'AUC − study mean (centred within each study and initialisation)',
  'params-vs-auc': 'AUC − study mean (centred within each study and initialisation)',
  'boost-vs-params': 'AUC gain from ImageNet pretraining (pretrained − random, within a study)',
  truncation: 'AUC change from the full model (same study, architecture and initialisation)',
};

interface Shaped {
  readonly study: Study;
  readonly points: readonly ChartPoint[];
  readonly lines: readonly (readonly ChartPoint[])[];
  readonly excluded: readonly Exclusion[];
  readonly stats: readonly StatInput[];
}

function shape(question: ChartId, study: Study, input: EvidenceInput): Shaped {
  const filters: ChartFilters = {
    condition: 'both',
    hiddenFamilies: [],
    archs: [],
    design: input.design,
  };
  if (question === 'truncation') {
    const t = truncationLines(study, input.archs, filters);
    const lines = t.lines.map((l) => l.points);
    return { study, points: lines.flat(), lines, excluded: t.excluded, stats: [] };
  }
  const s =
    question === 'top1-vs-auc'
      ? top1VsMetric(study, input.archs, filters, input.top1Set)
      : question === 'params-vs-auc'
        ? paramsVsMetric(study, input.archs, filters)
        : boostVsParams(study, input.archs, filters);
  return { study, points: s.points, lines: [], excluded: s.excluded, stats: s.stats };
}

/** Removes results that are not chest X-rays; returns the study and how many went. */
function chestXrayOnly(study: Study): { study: Study; dropped: number } {
  const results = study.results.filter((r) => !r.flags.includes(NOT_CHEST_XRAY_FLAG));
  return { study: { ...study, results }, dropped: study.results.length - results.length };
}

const mean = (v: readonly number[]): number => v.reduce((a, b) => a + b, 0) / v.length;

/** y as the chart plots it: centred per study and group, the boost as is, truncation vs full. */
function centred(question: ChartId, s: Shaped, excluded: EvidenceExclusion[]): EvidencePoint[] {
  const base = (p: ChartPoint): number => {
    if (question === 'boost-vs-params') return 0;
    if (question === 'truncation') {
      const line = s.lines.find((l) => l.includes(p));
      return line?.find((q) => q.unitsRemoved === 0)?.y ?? NaN;
    }
    return mean(s.points.filter((q) => q.group === p.group).map((q) => q.y));
  };
  return s.points.flatMap((p) => {
    const y = p.y - base(p);
    if (!Number.isFinite(y)) {
      excluded.push({
        studyId: s.study.id,
        arch: p.arch,
        reason: `−${p.unitsRemoved} units: no full-model result of this architecture to compare with`,
      });
      return [];
    }
    return [
      {
        ...p,
        id: `${s.study.id}:${p.id}`,
        y,
        raw: p.y,
        studyId: s.study.id,
        studyTitle: s.study.title,
        paper: paperOf(s.study),
        dataset: s.study.dataset,
        metric: `${s.study.metric.name}, ${s.study.metric.averaging}`,
      },
    ];
  });
}

function correlationOf(s: Shaped, stat: StatInput): StudyCorrelation {
  const n = stat.x.length;
  const { value: rho, p, method } = spearman(stat.x, stat.y);
  const fisher = fisherInterval(rho, n);
  const boot =
    n >= 4 && Number.isFinite(rho) ? bootstrapSpearmanCi(stat.x, stat.y, EVIDENCE_BOOTSTRAP) : null;
  const members = s.points.filter((q) => q.group === stat.group);
  return {
    studyId: s.study.id,
    title: s.study.title,
    paper: paperOf(s.study),
    n,
    rho,
    p,
    pMethod: method === 'exact' ? 'exact' : 't',
    interval: fisher ? agreeWithTest(fisher[0], fisher[1], p) : null,
    approximate: n < APPROXIMATE_BELOW_N,
    bootstrap: boot ? agreeWithTest(boot.lo, boot.hi, p) : null,
    config: members[0]?.config ?? '',
    averaged: members.filter((q) => q.replicates > 1).length,
  };
}

function reportedRow(study: Study, stat: ReportedStatistic, recomputed: boolean): ReportedRow {
  const n = stat.n ?? 0;
  const p = n >= 3 ? tTestP(stat.value, n) : NaN;
  const ci = stat.n === null ? null : fisherInterval(stat.value, stat.n);
  return {
    studyId: study.id,
    title: study.title,
    stat,
    notRecomputable: !recomputed,
    interval: ci ? agreeWithTest(ci[0], ci[1], p) : null,
    p,
    unverifiable: isMarkedNotVerifiable(stat.source),
  };
}

function section(question: ChartId, group: SectionGroup, shaped: readonly Shaped[]): ForestSection {
  const statGroup = group === 'pairs' ? 'pretrained' : group;
  const withStat = shaped.flatMap((s) => {
    const stat = s.stats.find((x) => x.group === statGroup);
    return stat ? [{ s, stat }] : [];
  });
  const studies = withStat.map(({ s, stat }) => correlationOf(s, stat));
  const condition = group === 'pairs' ? 'both' : group;
  const reported = shaped.flatMap(({ study }) =>
    study.reportedStatistics
      .filter(
        (r) =>
          r.kind === 'spearman' && r.relation === RELATION[question] && r.condition === condition,
      )
      .map((stat) =>
        reportedRow(
          study,
          stat,
          studies.some((c) => c.studyId === study.id),
        ),
      ),
  );
  const meta = randomEffectsSpearman(
    studies.map((c) => ({ label: c.studyId, rho: c.rho, n: c.n, paper: c.paper.id })),
  );
  const entering = studies.filter((c) => meta.rows.some((r) => r.label === c.studyId));
  const count = (list: readonly StudyCorrelation[]) => ({
    points: list.reduce((a, c) => a + c.n, 0),
    studies: list.length,
    papers: new Set(list.map((c) => c.paper.id)).size,
  });
  return { group, studies, meta, reported, shown: count(studies), entering: count(entering) };
}

const SECTIONS: Record<ChartId, readonly SectionGroup[]> = {
  'top1-vs-auc': ['pretrained', 'random'],
  'params-vs-auc': ['pretrained', 'random'],
  'boost-vs-params': ['pairs'],
  truncation: [],
};

/**
 * Shapes one question across every visible study.
 * @param question which of the four questions
 * @param input the studies, facts, top-1 set, design choices and hidden studies
 * @returns points (y centred), exclusions, and the forest sections with pooled estimates
 */
export function evidenceChart(question: ChartId, input: EvidenceInput): EvidenceChart {
  const hidden = new Set(input.hiddenStudies);
  const excluded: EvidenceExclusion[] = [];
  const shaped: Shaped[] = [];
  for (const original of input.studies) {
    if (hidden.has(original.id)) continue;
    const { study, dropped } =
      question === 'truncation' ? { study: original, dropped: 0 } : chestXrayOnly(original);
    if (dropped > 0)
      excluded.push({
        studyId: study.id,
        arch: `${dropped} result(s)`,
        reason: 'synthetic phantoms, not chest X-rays (shown on the truncation chart only)',
      });
    const s = shape(question, study, input);
    shaped.push(s);
    excluded.push(...s.excluded.map((e) => ({ ...e, studyId: study.id })));
  }
  const points = shaped.flatMap((s) => centred(question, s, excluded));
  const byId = new Map(points.map((p) => [p.id, p]));
  const lines = shaped.flatMap((s) =>
    s.lines.map((l) => l.flatMap((p) => byId.get(`${s.study.id}:${p.id}`) ?? [])),
  );
  return {
    question,
    points,
    lines: lines.filter((l) => l.length > 1),
    excluded,
    sections: SECTIONS[question].map((g) => section(question, g, shaped)),
    yLabel: Y_LABEL[question],
    studyIds: [...new Set(points.map((p) => p.studyId))],
    papers: [...new Map(points.map((p) => [p.paper.id, p.paper])).values()],
  };
}
