/**
 * `chextransfer k8s SPEC --image IMG --out DIR [options]` writes DIR/grid-job.json (an Indexed Job),
 * DIR/collect-job.json and DIR/grid.json (the spec with container paths), each validated offline.
 * `chextransfer k8s --check FILE --role grid|collect` validates a manifest someone edited.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  collectJob,
  DATA_MOUNT,
  gridJob,
  jobName,
  validateJob,
  type K8sOptions,
} from '../grid/k8s.ts';
import { GRID_LIMITS } from '../grid/gridLimits.ts';
import type { GridSpec } from '../grid/spec.ts';
import type { Io } from './command.ts';
import { UsageError } from './command.ts';
import { intFlag, loadGrid, writeAtomic, type LoadedGrid } from './gridFiles.ts';
import { moveInitFile } from './gridPortable.ts';
import { readUserFileSync } from './userFile.ts';

const HELP = `usage: chextransfer k8s SPEC --image IMG --out DIR [--data-claim PVC] [--results-claim PVC]
         [--parallelism N] [--retries N] [--gpus N] [--cpu 2] [--memory 8Gi] [--namespace NS]
         [--engine node|chromium] [--allow-software-gpu]
       chextransfer k8s --check FILE --role grid|collect

Writes DIR/grid-job.json: an Indexed Job (completionMode Indexed, one index per task, read by the
runner from JOB_COMPLETION_INDEX, backoffLimitPerIndex --retries, default 3), the dataset volume
--data-claim (default chextransfer-data) read-only at ${DATA_MOUNT} and the results volume
--results-claim (default chextransfer-results) at /results; DIR/collect-job.json (merges
/results/runs.json); DIR/grid.json, the spec with the dataset, weights and checkpoint files at
${DATA_MOUNT}/<their file or folder name> (copy them to the root of the data volume).
Copy DIR/grid.json to the root of the results volume, then:
  kubectl apply -f DIR/grid-job.json
  until kubectl get job JOB -o jsonpath='{.status.conditions[*].type}' | grep -qE 'Complete|Failed'; do sleep 60; done
  kubectl apply -f DIR/collect-job.json
Both manifests are validated against the batch/v1 schema (kubernetes-models) plus checks for unknown
fields and restartPolicy; --check runs the same validation on a JSON manifest.
`;

/**
 * @param grid a loaded grid
 * @returns its spec with the dataset, ImageNet weights and in-domain checkpoint files where the
 *   data volume mounts them (URLs are kept: the pod downloads them)
 */
export function containerSpec(grid: LoadedGrid): GridSpec {
  const inData = (p: string): string =>
    /^https?:\/\//.test(p) ? p : `${DATA_MOUNT}/${path.basename(p)}`;
  const { spec } = grid;
  const d = spec.dataset;
  return {
    ...spec,
    initialisations: spec.initialisations.map((i) => moveInitFile(i, inData)),
    dataset: d.kind === 'synthetic' ? d : { ...d, path: inData(d.path) },
  };
}

function check(file: string, role: string | undefined, io: Io): number {
  if (role !== 'grid' && role !== 'collect')
    throw new UsageError('--check needs --role grid or --role collect');
  const bytes = readUserFileSync(file, {
    what: 'the manifest',
    maxBytes: GRID_LIMITS.specBytes.value,
  });
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder().decode(bytes));
  } catch (e) {
    throw new UsageError(`cannot read ${file} as JSON: ${(e as Error).message}`);
  }
  const errors = validateJob(value, role);
  if (errors.length === 0) {
    io.out(`${file}: valid batch/v1 ${role} Job\n`);
    return 0;
  }
  io.err(`${file} is not a valid ${role} Job:\n  ${errors.join('\n  ')}\n`);
  return 2; // bad input (exit 1 is only ever a bug)
}

/**
 * @param args arguments after `k8s`
 * @param io output streams
 * @returns 0 when the manifests are written (or valid), 2 when invalid or on a usage error
 */
export async function run(args: readonly string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...args],
    allowPositionals: true,
    options: {
      image: { type: 'string' },
      out: { type: 'string' },
      'data-claim': { type: 'string', default: 'chextransfer-data' },
      'results-claim': { type: 'string', default: 'chextransfer-results' },
      parallelism: { type: 'string' },
      retries: { type: 'string', default: '3' },
      gpus: { type: 'string' },
      cpu: { type: 'string', default: '2' },
      memory: { type: 'string', default: '8Gi' },
      namespace: { type: 'string' },
      engine: { type: 'string', default: 'node' },
      'allow-software-gpu': { type: 'boolean', default: false },
      check: { type: 'string' },
      role: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    io.out(HELP);
    return 0;
  }
  if (values.check !== undefined) return check(values.check, values.role, io);
  const [specFile] = positionals;
  if (specFile === undefined || !values.image || !values.out)
    throw new UsageError('k8s needs SPEC, --image IMG and --out DIR');
  if (!['node', 'chromium'].includes(values.engine))
    throw new UsageError(`--engine must be node or chromium (got ${values.engine})`);
  const grid = loadGrid(specFile);
  const opts: K8sOptions = {
    name: grid.spec.name,
    tasks: grid.tasks.length,
    image: values.image,
    engineArgs: [
      '--engine',
      values.engine,
      ...(values['allow-software-gpu'] ? ['--allow-software-gpu'] : []),
    ],
    dataClaim: values['data-claim'],
    resultsClaim: values['results-claim'],
    retries: intFlag(values.retries, '--retries', 0),
    cpu: values.cpu,
    memory: values.memory,
    ...(values.parallelism === undefined
      ? {}
      : { parallelism: intFlag(values.parallelism, '--parallelism', 1) }),
    ...(values.gpus === undefined ? {} : { gpus: intFlag(values.gpus, '--gpus', 0) }),
    ...(values.namespace === undefined ? {} : { namespace: values.namespace }),
  };
  const manifests = { 'grid-job.json': gridJob(opts), 'collect-job.json': collectJob(opts) };
  for (const [file, job] of Object.entries(manifests)) {
    const errors = validateJob(job, file.startsWith('grid') ? 'grid' : 'collect');
    if (errors.length > 0)
      throw new UsageError(`the ${file} manifest is invalid:\n  ${errors.join('\n  ')}`);
    writeAtomic(path.join(values.out, file), `${JSON.stringify(job, null, 2)}\n`);
  }
  writeAtomic(
    path.join(values.out, 'grid.json'),
    `${JSON.stringify(containerSpec(grid), null, 2)}\n`,
  );
  io.err(
    `wrote ${values.out}/grid-job.json (Job ${jobName(grid.spec.name)}, ${grid.tasks.length} indexes), collect-job.json and grid.json (validated offline)\n`,
  );
  return 0;
}
