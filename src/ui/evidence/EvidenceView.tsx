/**
 * The first screen: the evidence from every chest X-ray study in the library on CheXtransfer's
 * four questions. On top, the question and a one-sentence answer computed from the data; then
 * the first chart (one colour per study, y centred within study) with its forest plot beside it
 * (per-study Spearman ρ, pooled across independent papers only when there are at least 3); the
 * legend, the paper's findings (one click away) and the other three questions below.
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
import { papersOf, plural } from '../../study/papers.ts';
import type { ChartId, Study } from '../../study/types.ts';
import { EvidenceAnswer, FINDINGS_ID } from './EvidenceAnswer.tsx';
import type { LibraryCounts } from './EvidenceAnswer.tsx';
import './evidence.css';

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

function Intro({ library }: { readonly library: LibraryCounts }) {
  return (
    <section className="evidence-intro" aria-label="About this view">
      <p>
        The library holds {plural(library.results, 'per-architecture result')} from{' '}
        {plural(library.studies, 'study', 'studies')} in {plural(library.papers, 'paper')} on
        CheXtransfer’s questions. A point is one architecture under one configuration (only true
        replicates, such as seeds, are averaged), centred within its study because datasets and
        metrics differ. Beside each chart: Spearman ρ per study with its p; studies of one paper are
        combined, and a random-effects pooled ρ is shown only from 3 or more independent papers.
        CheXtransfer’s own ρ is reported, never pooled (its per-model values are not published in
        text).
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
  const library: LibraryCounts = {
    results: withData.reduce((n, s) => n + s.results.length, 0),
    studies: withData.length,
    papers: papersOf(withData).length,
  };
  return (
    <div className="explorer evidence">
      <StudyPicker studies={input.studies} current={null} />
      {first && <EvidenceAnswer chart={first} library={library} style={style} />}
      <div className="charts evidence-charts evidence-first">
        {first && <EvidenceChart chart={first} input={input} style={style} />}
      </div>
      <div className="controls" aria-label="Evidence filters">
        <StudyLegend studies={withData} style={style} />
        <div className="filter-bar">
          <Top1SourceSelect />
        </div>
      </div>
      <Intro library={library} />
      <Findings
        id={FINDINGS_ID}
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
