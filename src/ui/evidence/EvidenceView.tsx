/**
 * The first screen: the evidence from every chest X-ray study in the library on CheXtransfer's
 * four questions. Each question gets a scatter (one colour per study, y centred within study)
 * with a forest plot of per-study Spearman ρ and their random-effects pooling beside it; the
 * paper's findings sit on top and link to these charts.
 */
import { startTransition, useEffect, useMemo, useState } from 'react';
import { EVIDENCE_QUESTIONS } from '../../study/evidence.ts';
import type { EvidenceChart as EvidenceChartData, EvidenceInput } from '../../study/evidence.ts';
import { CHEXTRANSFER } from '../../study/studies/chextransfer.ts';
import { chartAnchor } from '../charts/ChartFrame.tsx';
import { Findings } from '../components/Findings.tsx';
import { ImportPanel } from '../components/ImportPanel.tsx';
import { StudyPicker } from '../components/StudyPicker.tsx';
import { Top1SourceSelect } from '../components/Top1SourceSelect.tsx';
import { DesignControls } from './DesignControls.tsx';
import { EvidenceChart } from './EvidenceChart.tsx';
import { StudyLegend } from './StudyLegend.tsx';
import { studyStyle } from './studyStyle.ts';
import type { StudyStyle } from './studyStyle.ts';
import { useEvidenceCharts, useEvidenceInput } from './useEvidence.ts';
import { evidenceSentence } from '../../study/evidenceText.ts';
import type { ChartId, Study } from '../../study/types.ts';

/**
 * False for the first render, true right after the first paint (in a transition, so the browser
 * paints the first chart's points before the other three are computed).
 * @returns whether to draw everything
 */
function useAfterFirstPaint(): boolean {
  const [ready, setReady] = useState(false);
  useEffect(() => {
    const id = requestAnimationFrame(() => startTransition(() => setReady(true)));
    return () => cancelAnimationFrame(id);
  }, []);
  return ready;
}

function Intro(props: { readonly total: number; readonly studies: number }) {
  return (
    <section className="evidence-intro" aria-labelledby="evidence-title">
      <h2 id="evidence-title">All chest X-ray studies</h2>
      <p>
        {props.total} per-architecture results from {props.studies} studies on CheXtransfer’s
        questions. A point is one architecture under one configuration (replicates averaged),
        centred within its study because datasets and metrics differ. Beside each chart: Spearman ρ
        per study and a random-effects pooled ρ; CheXtransfer’s own ρ is reported, never pooled (its
        per-model values are not published in text).
      </p>
    </section>
  );
}

/** Every study's design: selects for the factors it varies, its fixed factors stated. */
function DesignPanel(props: { readonly studies: readonly Study[]; readonly style: StudyStyle }) {
  return (
    <details className="design-panel">
      <summary>Which configuration of each study is plotted (change any)</summary>
      {props.studies.map((s) => (
        <div key={s.id} className="design-study">
          <h4>{props.style.labelOf(s.id)}</h4>
          <DesignControls study={s} />
        </div>
      ))}
    </details>
  );
}

/** A chart after the first: drawn once shaped, a titled placeholder (and link target) before. */
function LaterChart(props: {
  readonly question: ChartId;
  readonly chart: EvidenceChartData | null;
  readonly input: EvidenceInput;
  readonly style: StudyStyle;
}) {
  return props.chart ? (
    <EvidenceChart chart={props.chart} input={props.input} style={props.style} />
  ) : (
    <section id={chartAnchor(props.question)} className="chart" tabIndex={-1}>
      <p className="muted">Drawing…</p>
    </section>
  );
}

/** @returns the evidence view */
export function EvidenceView() {
  const input = useEvidenceInput();
  const ready = useAfterFirstPaint();
  const charts = useEvidenceCharts(input, ready);
  const [first, ...rest] = charts;
  const sentence = (id: ChartId): string | null => {
    const c = charts.find((x) => x?.question === id);
    return c ? evidenceSentence(c) : null;
  };
  const style = useMemo(() => studyStyle(input.studies), [input.studies]);
  const withData = input.studies.filter((s) => s.results.length > 0);
  const total = withData.reduce((n, s) => n + s.results.length, 0);
  return (
    <div className="explorer evidence">
      <StudyPicker studies={input.studies} current={null} />
      <Intro total={total} studies={withData.length} />
      <div className="controls" aria-label="Evidence filters">
        <StudyLegend studies={withData} style={style} />
        <div className="filter-bar">
          <Top1SourceSelect />
        </div>
      </div>
      <div className="charts evidence-charts">
        {first && <EvidenceChart chart={first} input={input} style={style} />}
      </div>
      <Findings
        study={CHEXTRANSFER}
        heading="What CheXtransfer found, and the evidence here"
        evidence={sentence}
      />
      <DesignPanel studies={withData} style={style} />
      <div className="charts evidence-charts">
        {EVIDENCE_QUESTIONS.slice(1).map((q, i) => (
          <LaterChart key={q} question={q} chart={rest[i] ?? null} input={input} style={style} />
        ))}
      </div>
      <ImportPanel />
    </div>
  );
}
