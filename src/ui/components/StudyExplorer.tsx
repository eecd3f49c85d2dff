/**
 * The Study Explorer: the evidence view over all studies (the first screen), or one study: its
 * findings, filters (design included) and four charts.
 */
import { memo, useDeferredValue, useMemo } from 'react';
import { getChartArch } from '../../study/architectures.ts';
import { OTHER_FAMILY } from '../../study/selectors.ts';
import { BoostChart } from '../charts/BoostChart.tsx';
import { ParamsChart } from '../charts/ParamsChart.tsx';
import { Top1Chart, type StudyChartProps } from '../charts/Top1Chart.tsx';
import { TruncationChart } from '../charts/TruncationChart.tsx';
import type { CurrentStudy } from '../useCurrentStudy.ts';
import { useCurrentStudy } from '../useCurrentStudy.ts';
import { EvidenceView } from '../evidence/EvidenceView.tsx';
import { FamilyLegend } from './FamilyLegend.tsx';
import { FilterBar } from './FilterBar.tsx';
import { Findings } from './Findings.tsx';
import { ImportPanel } from './ImportPanel.tsx';
import { StudyPicker } from './StudyPicker.tsx';
import { MyRuns } from '../runs/MyRuns.tsx';
import { useStore } from '../../state/store.ts';

/** @returns the evidence view over all studies, or one study's view */
export function StudyExplorer() {
  const current = useCurrentStudy();
  return current.evidence ? <EvidenceView /> : <SingleStudy current={current} />;
}

/** The four charts; memoised, so a render that only moves the legend skips them. */
const ChartGrid = memo(function ChartGrid(props: StudyChartProps) {
  return (
    <div className="charts">
      <Top1Chart {...props} />
      <ParamsChart {...props} />
      <BoostChart {...props} />
      <TruncationChart {...props} />
    </div>
  );
});

function SingleStudy({ current }: { readonly current: CurrentStudy }) {
  const { study, found, studies, filters, top1Set, runStudies } = current;
  const { archs, families } = useMemo(() => {
    const keys = [...new Set(study.results.map((r) => r.arch))];
    const fams = [...new Set(keys.map((k) => getChartArch(k)?.family ?? OTHER_FAMILY))];
    return { archs: keys, families: fams };
  }, [study]);
  // The legend and filters answer a click in the same frame; the four charts (the slow part)
  // follow in a deferred render that a further click interrupts rather than queues behind.
  const deferredFilters = useDeferredValue(filters);
  // A My runs study asked for by the hash appears once the runs have loaded from IndexedDB.
  const runsPending = useStore((s) => s.runsStatus === 'idle' || s.runsStatus === 'loading');
  return (
    <div className="explorer">
      <StudyPicker studies={studies} current={study} />
      {!found && !runsPending && (
        <p className="message warning" role="status">
          The study in this link is not available here (an imported study that was not part of the
          link?). Showing {study.title} instead.
        </p>
      )}
      <Findings study={study} />
      {study.notes.length > 0 && (
        <details className="notes">
          <summary>Notes on this study’s numbers</summary>
          <ul>
            {study.notes.map((n) => (
              <li key={n}>{n}</li>
            ))}
          </ul>
        </details>
      )}
      <div className="controls" aria-label="Chart filters">
        {families.length > 0 && <FamilyLegend families={families} />}
        <FilterBar study={study} archs={archs} />
      </div>
      {/* The "stale" mark sits outside the memoised grid: changing it must not re-render it. */}
      <div
        className="charts-state"
        data-stale={deferredFilters !== filters}
        aria-busy={deferredFilters !== filters}
      >
        <ChartGrid
          study={study}
          filters={deferredFilters}
          top1Set={top1Set}
          runStudies={runStudies}
        />
      </div>
      <MyRuns />
      <ImportPanel />
    </div>
  );
}
