/**
 * The worker's name for the LayersModel-to-engine adapter, which lives in the zoo
 * (zoo/engineSource.ts) so that tests and benchmarks use the same one.
 */
export { engineSource as engineSourceOf } from '../../zoo/engineSource.ts';
