import { describe, expect, it } from 'vitest';
import { collectJob, gridJob, jobName, validateJob, type K8sOptions } from './k8s.ts';

const opts: K8sOptions = {
  name: 'Tiny_Grid',
  tasks: 4,
  image: 'registry.example/chextransfer:1',
  engineArgs: ['--engine', 'node'],
  dataClaim: 'data',
  resultsClaim: 'results',
  retries: 3,
  cpu: '2',
  memory: '8Gi',
};

/** A deep copy to break. */
const copy = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;
type Loose = Record<string, Record<string, Record<string, Record<string, unknown>>>>;

describe('Kubernetes manifests', () => {
  it('the Indexed grid Job and the collect Job validate offline', () => {
    expect(validateJob(gridJob(opts), 'grid')).toEqual([]);
    expect(validateJob(collectJob(opts), 'collect')).toEqual([]);
    expect(
      validateJob(gridJob({ ...opts, gpus: 1, engineArgs: ['--engine', 'chromium'] }), 'grid'),
    ).toEqual([]);
  });

  it('runs each task from its completion index, with per-index retries and the two volumes', () => {
    const job = gridJob(opts);
    expect(job.metadata?.name).toBe('chextransfer-tiny-grid');
    expect(job.spec).toMatchObject({
      completionMode: 'Indexed',
      completions: 4,
      backoffLimitPerIndex: 3,
    });
    const pod = job.spec?.template.spec;
    expect(pod?.restartPolicy).toBe('Never');
    const c = pod?.containers[0];
    // No --index: the runner reads JOB_COMPLETION_INDEX, which Kubernetes sets in Indexed Jobs.
    expect(c?.args).toEqual([
      'run',
      '--grid',
      '/results/grid.json',
      '--out',
      '/results',
      '--engine',
      'node',
    ]);
    expect(c?.volumeMounts).toEqual([
      { name: 'data', mountPath: '/data', readOnly: true },
      { name: 'results', mountPath: '/results' },
    ]);
    expect(pod?.volumes?.map((v) => v.persistentVolumeClaim?.claimName)).toEqual([
      'data',
      'results',
    ]);
    expect(
      gridJob({ ...opts, gpus: 2 }).spec?.template.spec?.containers[0]?.resources?.limits,
    ).toMatchObject({ 'nvidia.com/gpu': '2' });
  });

  it('keeps job names DNS-1123 labels short enough for indexed pod hostnames', () => {
    expect(jobName('A'.repeat(80))).toMatch(/^[a-z0-9-]{1,52}$/);
    expect(jobName('x_y.z')).toBe('chextransfer-x-y-z');
  });

  it('refuses a wrong field, anywhere in the Job', () => {
    const bad = copy(gridJob(opts)) as unknown as Loose;
    (bad['spec'] as Record<string, unknown>)['completionsMode'] = 'Indexed';
    const container = (
      bad['spec']?.['template']?.['spec']?.['containers'] as Record<string, unknown>[]
    )[0];
    if (container) container['imagePullPolice'] = 'Always';
    const errors = validateJob(bad, 'grid');
    expect(errors).toContain(
      'Job.spec.completionsMode: unknown field (not in batch/v1 JobSpec); the API server would refuse it',
    );
    expect(errors).toContain(
      'Job.spec.template.spec.containers[0].imagePullPolice: unknown field (not in batch/v1 Container); the API server would refuse it',
    );
  });

  it('refuses a bad completionMode (schema) and a NonIndexed grid Job', () => {
    const bad = copy(gridJob(opts)) as unknown as Loose;
    (bad['spec'] as Record<string, unknown>)['completionMode'] = 'indexed';
    const errors = validateJob(bad, 'grid');
    expect(errors).toContain(
      'spec.completionMode: must be equal to one of the allowed values (["Indexed","NonIndexed"])',
    );
    expect(errors.some((e) => e.startsWith('spec.completionMode: must be Indexed'))).toBe(true);
  });

  it('refuses restartPolicy Always (and OnFailure, which backoffLimitPerIndex forbids)', () => {
    for (const policy of ['Always', 'OnFailure']) {
      const bad = copy(gridJob(opts)) as unknown as Loose;
      (bad['spec']?.['template']?.['spec'] as Record<string, unknown>)['restartPolicy'] = policy;
      expect(validateJob(bad, 'grid')).toContainEqual(
        expect.stringMatching(
          new RegExp(`^spec.template.spec.restartPolicy: must be Never \\(found "${policy}"\\)`),
        ),
      );
    }
  });

  it('refuses a type error the schema knows (completions as text)', () => {
    const bad = copy(collectJob(opts)) as unknown as Loose;
    (bad['spec'] as Record<string, unknown>)['completions'] = 'one';
    expect(validateJob(bad, 'collect')).toContainEqual(
      expect.stringMatching(/^spec\.completions: must be integer/),
    );
  });
});
