/**
 * The fields of each batch/v1 Job object type that the manifests use, for the unknown-field check
 * (the API server's strict field validation, which kubernetes-models' schema validation lacks).
 * Data: each table must list exactly the keys of kubernetes-models' interface (the compiler checks
 * `Record<keyof T, true>` both ways), so the tables follow the Kubernetes version it models.
 * Reference: https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/job-v1/
 */
import type { IJob } from 'kubernetes-models/batch/v1';

export type Job = IJob;
export type JobSpec = NonNullable<IJob['spec']>;
export type PodTemplate = JobSpec['template'];
export type PodSpec = NonNullable<PodTemplate['spec']>;
export type Container = PodSpec['containers'][number];
export type EnvVar = NonNullable<Container['env']>[number];
export type VolumeMount = NonNullable<Container['volumeMounts']>[number];
export type Volume = NonNullable<PodSpec['volumes']>[number];
export type PvcSource = NonNullable<Volume['persistentVolumeClaim']>;
export type Resources = NonNullable<Container['resources']>;
export type ObjectMeta = NonNullable<IJob['metadata']>;

/** A table of field names (values unused). */
export type Fields = Readonly<Record<string, true>>;

export const JOB_FIELDS = {
  apiVersion: true,
  kind: true,
  metadata: true,
  spec: true,
  status: true,
} as const satisfies Record<keyof Job, true>;

export const JOB_SPEC_FIELDS = {
  activeDeadlineSeconds: true,
  backoffLimit: true,
  backoffLimitPerIndex: true,
  completionMode: true,
  completions: true,
  managedBy: true,
  manualSelector: true,
  maxFailedIndexes: true,
  parallelism: true,
  podFailurePolicy: true,
  podReplacementPolicy: true,
  selector: true,
  successPolicy: true,
  suspend: true,
  template: true,
  ttlSecondsAfterFinished: true,
} as const satisfies Record<keyof JobSpec, true>;

export const POD_TEMPLATE_FIELDS = { metadata: true, spec: true } as const satisfies Record<
  keyof PodTemplate,
  true
>;

export const POD_SPEC_FIELDS = {
  activeDeadlineSeconds: true,
  affinity: true,
  automountServiceAccountToken: true,
  containers: true,
  dnsConfig: true,
  dnsPolicy: true,
  enableServiceLinks: true,
  ephemeralContainers: true,
  hostAliases: true,
  hostIPC: true,
  hostNetwork: true,
  hostPID: true,
  hostUsers: true,
  hostname: true,
  hostnameOverride: true,
  imagePullSecrets: true,
  initContainers: true,
  nodeName: true,
  nodeSelector: true,
  os: true,
  overhead: true,
  preemptionPolicy: true,
  priority: true,
  priorityClassName: true,
  readinessGates: true,
  resourceClaims: true,
  resources: true,
  restartPolicy: true,
  runtimeClassName: true,
  schedulerName: true,
  schedulingGates: true,
  schedulingGroup: true,
  securityContext: true,
  serviceAccount: true,
  serviceAccountName: true,
  setHostnameAsFQDN: true,
  shareProcessNamespace: true,
  subdomain: true,
  terminationGracePeriodSeconds: true,
  tolerations: true,
  topologySpreadConstraints: true,
  volumes: true,
} as const satisfies Record<keyof PodSpec, true>;

export const CONTAINER_FIELDS = {
  args: true,
  command: true,
  env: true,
  envFrom: true,
  image: true,
  imagePullPolicy: true,
  lifecycle: true,
  livenessProbe: true,
  name: true,
  ports: true,
  readinessProbe: true,
  resizePolicy: true,
  resources: true,
  restartPolicy: true,
  restartPolicyRules: true,
  securityContext: true,
  startupProbe: true,
  stdin: true,
  stdinOnce: true,
  terminationMessagePath: true,
  terminationMessagePolicy: true,
  tty: true,
  volumeDevices: true,
  volumeMounts: true,
  workingDir: true,
} as const satisfies Record<keyof Container, true>;

export const ENV_VAR_FIELDS = {
  name: true,
  value: true,
  valueFrom: true,
} as const satisfies Record<keyof EnvVar, true>;

export const VOLUME_MOUNT_FIELDS = {
  mountPath: true,
  mountPropagation: true,
  name: true,
  readOnly: true,
  recursiveReadOnly: true,
  subPath: true,
  subPathExpr: true,
} as const satisfies Record<keyof VolumeMount, true>;

export const VOLUME_FIELDS = {
  awsElasticBlockStore: true,
  azureDisk: true,
  azureFile: true,
  cephfs: true,
  cinder: true,
  configMap: true,
  csi: true,
  downwardAPI: true,
  emptyDir: true,
  ephemeral: true,
  fc: true,
  flexVolume: true,
  flocker: true,
  gcePersistentDisk: true,
  gitRepo: true,
  glusterfs: true,
  hostPath: true,
  image: true,
  iscsi: true,
  name: true,
  nfs: true,
  persistentVolumeClaim: true,
  photonPersistentDisk: true,
  portworxVolume: true,
  projected: true,
  quobyte: true,
  rbd: true,
  scaleIO: true,
  secret: true,
  storageos: true,
  vsphereVolume: true,
} as const satisfies Record<keyof Volume, true>;

export const PVC_SOURCE_FIELDS = { claimName: true, readOnly: true } as const satisfies Record<
  keyof PvcSource,
  true
>;

export const RESOURCES_FIELDS = {
  claims: true,
  limits: true,
  requests: true,
} as const satisfies Record<keyof Resources, true>;

export const META_FIELDS = {
  annotations: true,
  creationTimestamp: true,
  deletionGracePeriodSeconds: true,
  deletionTimestamp: true,
  finalizers: true,
  generateName: true,
  generation: true,
  labels: true,
  managedFields: true,
  name: true,
  namespace: true,
  ownerReferences: true,
  resourceVersion: true,
  selfLink: true,
  uid: true,
} as const satisfies Record<keyof ObjectMeta, true>;
