/**
 * The statistics the explorer and the `chextransfer stats` command share. Pure functions, no DOM;
 * each is checked against SciPy / scikit-learn in stats.test.ts (fixtures/reference.json, made by
 * scripts/fixtures/stats_reference.py).
 */
export type { CorrelationResult } from './pearson.ts';
export { pearson } from './pearson.ts';
export { spearman } from './spearman.ts';
export { kendallTauB } from './kendall.ts';
export { rank } from './ranks.ts';
export type { LinearFit } from './regression.ts';
export { linearFit, confidenceBand } from './regression.ts';
export { bootstrapSpearmanCi } from './bootstrap.ts';
export { wilcoxonSignedRank } from './wilcoxon.ts';
export { rocAuc, delongCi } from './roc.ts';
export { mulberry32 } from './prng.ts';
export type { MetaInput, MetaResult, MetaRow, MetaExcluded, Pooled } from './meta.ts';
export { randomEffectsSpearman, fisherVariance } from './meta.ts';
