import { ARCHITECTURES } from './src/study/architectures.ts';
import { PUBLISHED_STUDIES } from './src/study/library.ts';
import { evidenceChart, EVIDENCE_QUESTIONS } from './src/study/evidence.ts';
for (const top1Set of ['paperEra', 'torchvision'] as const) {
  console.log('===== top1Set', top1Set);
  for (const q of EVIDENCE_QUESTIONS) {
    const t0 = performance.now();
    const c = evidenceChart(q, { studies: PUBLISHED_STUDIES, archs: ARCHITECTURES, top1Set, design: {}, hiddenStudies: [] });
    const ms = performance.now() - t0;
    console.log(`## ${q}: ${c.points.length} points, ${c.excluded.length} excluded, ${ms.toFixed(0)} ms`);
    for (const s of c.sections) {
      console.log(`  [${s.group}]`);
      for (const st of s.studies) console.log(`    ${st.studyId} n=${st.n} rho=${st.rho.toFixed(3)} boot=${st.bootstrap ? st.bootstrap.lo.toFixed(2)+'..'+st.bootstrap.hi.toFixed(2) : '-'} cfg='${st.config}' avg=${st.averaged}`);
      const p = s.meta.pooled;
      console.log(`    pooled k=${s.meta.k}`, p ? `rho=${p.rho.toFixed(3)} [${p.ci[0].toFixed(3)}, ${p.ci[1].toFixed(3)}] tau2=${p.tau2.toFixed(3)} i2=${p.i2}` : 'none', 'excluded', s.meta.excluded.map(e=>e.label+':'+e.reason).join('; '));
      for (const r of s.reported) console.log(`    reported ${r.studyId} ${r.stat.value} notRecomputable=${r.notRecomputable}`);
    }
  }
}
