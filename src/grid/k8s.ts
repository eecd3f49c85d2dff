/**
 * Kubernetes manifests for a grid: an Indexed Job whose pods run task JOB_COMPLETION_INDEX
 * (which Kubernetes sets in each pod of an Indexed Job), retried per index, with a data volume
 * (read-only) and a results volume; and a collect Job that merges the records. Both are validated
 * offline: kubernetes-models' batch/v1 schema, then checks that schema does not make (unknown
 * fields, as the API server's strict validation would refuse them; a restartPolicy a Job cannot
 * have; the Indexed settings the runner relies on).
 */
import { Job as JobModel } from 'kubernetes-models/batch/v1';
import {
  CONTAINER_FIELDS,
  ENV_VAR_FIELDS,
  JOB_FIELDS,
  JOB_SPEC_FIELDS,
  META_FIELDS,
  POD_SPEC_FIELDS,
  POD_TEMPLATE_FIELDS,
  PVC_SOURCE_FIELDS,
  RESOURCES_FIELDS,
  VOLUME_FIELDS,
  VOLUME_MOUNT_FIELDS,
  type Container,
  type Fields,
  type Job,
} from './k8sFields.ts';

/** What the manifests need besides the grid. */
export interface K8sOptions {
  readonly name: string;
  readonly tasks: number;
  readonly image: string;
  /** `run`'s engine flags, e.g. ['--engine', 'node']. */
  readonly engineArgs: readonly string[];
  /** PersistentVolumeClaims: the dataset (mounted read-only at /data) and the results (/results). */
  readonly dataClaim: string;
  readonly resultsClaim: string;
  /** Pods running at once (default: all tasks). */
  readonly parallelism?: number;
  /** Failed attempts allowed per task before its index is marked failed. */
  readonly retries: number;
  readonly gpus?: number;
  readonly cpu: string;
  readonly memory: string;
  readonly namespace?: string;
}

/** Where the volumes are mounted in the container; the spec in /results/grid.json uses these. */
export const DATA_MOUNT = '/data';
export const RESULTS_MOUNT = '/results';

/**
 * @param name a grid name
 * @returns a DNS-1123 label of at most 52 characters (an Indexed Job's pod hostname adds the
 *   index, and must stay within 63)
 */
export function jobName(name: string): string {
  const base = `chextransfer-${name.toLowerCase().replace(/[^a-z0-9-]+/g, '-')}`;
  return base.slice(0, 52).replace(/-+$/, '');
}

const labels = (o: K8sOptions, role: string): Record<string, string> => ({
  'app.kubernetes.io/name': 'chextransfer',
  'app.kubernetes.io/instance': jobName(o.name),
  'app.kubernetes.io/component': role,
});

function container(o: K8sOptions, args: string[], withData: boolean, gpu: boolean): Container {
  return {
    name: 'runner',
    image: o.image,
    workingDir: '/app',
    command: ['node', '/app/bin/chextransfer.mjs'],
    args,
    // The chromium engine needs the driver's graphics (Vulkan) libraries, not only compute.
    env: gpu ? [{ name: 'NVIDIA_DRIVER_CAPABILITIES', value: 'compute,utility,graphics' }] : [],
    resources: {
      requests: { cpu: o.cpu, memory: o.memory },
      limits: { memory: o.memory, ...(gpu ? { 'nvidia.com/gpu': String(o.gpus) } : {}) },
    },
    volumeMounts: [
      ...(withData ? [{ name: 'data', mountPath: DATA_MOUNT, readOnly: true }] : []),
      { name: 'results', mountPath: RESULTS_MOUNT },
    ],
  };
}

const volumes = (o: K8sOptions, withData: boolean) => [
  ...(withData
    ? [{ name: 'data', persistentVolumeClaim: { claimName: o.dataClaim, readOnly: true } }]
    : []),
  { name: 'results', persistentVolumeClaim: { claimName: o.resultsClaim } },
];

/**
 * @param o the options
 * @returns the Indexed Job running every task once (retried up to `retries` times per index)
 */
export function gridJob(o: K8sOptions): Job {
  const args = [
    'run',
    '--grid',
    `${RESULTS_MOUNT}/grid.json`,
    '--out',
    RESULTS_MOUNT,
    ...o.engineArgs,
  ];
  const gpu = (o.gpus ?? 0) > 0;
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      name: jobName(o.name),
      labels: labels(o, 'grid'),
      ...(o.namespace ? { namespace: o.namespace } : {}),
    },
    spec: {
      completionMode: 'Indexed',
      completions: o.tasks,
      parallelism: Math.min(o.tasks, o.parallelism ?? o.tasks),
      backoffLimitPerIndex: o.retries,
      // Every index gets its tries even when some fail; collect reports the failures.
      maxFailedIndexes: o.tasks,
      template: {
        metadata: { labels: labels(o, 'grid') },
        spec: {
          // backoffLimitPerIndex requires Never: a failed attempt is a new pod, which resumes
          // from the task's checkpoint on the results volume.
          restartPolicy: 'Never',
          containers: [container(o, args, true, gpu)],
          volumes: volumes(o, true),
        },
      },
    },
  };
}

/**
 * @param o the options
 * @returns the Job that merges the records into /results/runs.json (apply it once the grid Job
 *   has ended: Kubernetes has no dependency between Jobs)
 */
export function collectJob(o: K8sOptions): Job {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      name: `${jobName(o.name)}-collect`,
      labels: labels(o, 'collect'),
      ...(o.namespace ? { namespace: o.namespace } : {}),
    },
    spec: {
      completions: 1,
      backoffLimit: 2,
      template: {
        metadata: { labels: labels(o, 'collect') },
        spec: {
          restartPolicy: 'Never',
          containers: [
            {
              ...container(
                { ...o, cpu: '500m', memory: '1Gi' },
                ['collect', RESULTS_MOUNT],
                false,
                false,
              ),
            },
          ],
          volumes: volumes(o, false),
        },
      },
    },
  };
}

interface Shape {
  readonly fields: Fields;
  readonly children?: Readonly<Record<string, { readonly shape: string; readonly list?: boolean }>>;
}

/** Which object types nest where (only the types the manifests use are walked). */
const SHAPES: Readonly<Record<string, Shape>> = {
  Job: {
    fields: JOB_FIELDS,
    children: { metadata: { shape: 'Meta' }, spec: { shape: 'JobSpec' } },
  },
  Meta: { fields: META_FIELDS },
  JobSpec: { fields: JOB_SPEC_FIELDS, children: { template: { shape: 'PodTemplate' } } },
  PodTemplate: {
    fields: POD_TEMPLATE_FIELDS,
    children: { metadata: { shape: 'Meta' }, spec: { shape: 'PodSpec' } },
  },
  PodSpec: {
    fields: POD_SPEC_FIELDS,
    children: {
      containers: { shape: 'Container', list: true },
      initContainers: { shape: 'Container', list: true },
      volumes: { shape: 'Volume', list: true },
    },
  },
  Container: {
    fields: CONTAINER_FIELDS,
    children: {
      env: { shape: 'EnvVar', list: true },
      volumeMounts: { shape: 'VolumeMount', list: true },
      resources: { shape: 'Resources' },
    },
  },
  EnvVar: { fields: ENV_VAR_FIELDS },
  VolumeMount: { fields: VOLUME_MOUNT_FIELDS },
  Volume: { fields: VOLUME_FIELDS, children: { persistentVolumeClaim: { shape: 'PvcSource' } } },
  PvcSource: { fields: PVC_SOURCE_FIELDS },
  Resources: { fields: RESOURCES_FIELDS },
};

const isObj = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function unknownFields(value: unknown, shape: string, at: string, errors: string[]): void {
  const s = SHAPES[shape];
  if (s === undefined || !isObj(value)) return;
  for (const [key, child] of Object.entries(value)) {
    if (!Object.hasOwn(s.fields, key)) {
      errors.push(
        `${at}.${key}: unknown field (not in batch/v1 ${shape}); the API server would refuse it`,
      );
      continue;
    }
    const c = s.children?.[key];
    if (c === undefined) continue;
    if (c.list && Array.isArray(child))
      child.forEach((item, i) => unknownFields(item, c.shape, `${at}.${key}[${i}]`, errors));
    else unknownFields(child, c.shape, `${at}.${key}`, errors);
  }
}

function schemaErrors(value: unknown): string[] {
  try {
    new JobModel(value as Job).validate();
    return [];
  } catch (e) {
    const list = (
      e as {
        errors?: { instancePath: string; message?: string; params?: { allowedValues?: unknown } }[];
      }
    ).errors;
    if (!Array.isArray(list)) return [`schema: ${(e as Error).message}`];
    return list.map((x) => {
      const allowed = x.params?.allowedValues ? ` (${JSON.stringify(x.params.allowedValues)})` : '';
      return `${x.instancePath.replace(/^\//, '').replaceAll('/', '.') || '(the Job)'}: ${x.message ?? 'invalid'}${allowed}`;
    });
  }
}

/**
 * Validates a Job manifest offline.
 * @param value a parsed manifest
 * @param role 'grid' (must be an Indexed Job with per-index retries) or 'collect'
 * @returns one message per problem; empty when the manifest is valid
 */
export function validateJob(value: unknown, role: 'grid' | 'collect'): string[] {
  const errors = schemaErrors(value);
  unknownFields(value, 'Job', 'Job', errors);
  if (!isObj(value)) return errors.length > 0 ? errors : ['the manifest is not an object'];
  const spec = isObj(value['spec']) ? value['spec'] : {};
  const template = isObj(spec['template']) ? spec['template'] : {};
  const pod = isObj(template['spec']) ? template['spec'] : {};
  const policy = pod['restartPolicy'];
  if (policy !== 'Never')
    errors.push(
      `spec.template.spec.restartPolicy: must be Never (found ${JSON.stringify(policy)}); a Job's pods cannot restart Always, and backoffLimitPerIndex needs Never`,
    );
  if (role === 'grid') {
    if (spec['completionMode'] !== 'Indexed')
      errors.push(
        `spec.completionMode: must be Indexed (found ${JSON.stringify(spec['completionMode'])}): each pod reads its task from JOB_COMPLETION_INDEX`,
      );
    if (!Number.isInteger(spec['completions']) || (spec['completions'] as number) < 1)
      errors.push('spec.completions: must be the number of tasks');
    if (!Number.isInteger(spec['backoffLimitPerIndex']))
      errors.push(
        'spec.backoffLimitPerIndex: must be set, so one failing task does not use up the retries of all',
      );
  }
  return errors;
}
