/**
 * What a platform engineer must give Coiled after a deploy, rendered from the stack outputs.
 *
 * The output names below are a public contract: the stacks emit them, the `coiled-byoc handoff`
 * command reads them back from the deploy tool's output file. Keys and meanings of Coiled's side
 * are from coiled-contract §5 (`backend_options.ingress`, the bring-your-own-network `network`
 * dict, `use_scheduler_public_ip`) and §2.1/§2.10 (role ARN + external ID in the setup form, then
 * instance profile, VPC, subnets and security groups in the Infrastructure tab).
 */
import { HandoffSecrets, SecretsOutputError, parseSecretsOutput, renderSecrets } from './handoff-secrets';

/** CloudFormation output keys of `aws.CoiledWorkspaceStack`. */
export const AWS_OUTPUT_KEYS = {
  cloud: 'CoiledCloud',
  workspaceName: 'CoiledWorkspaceName',
  region: 'CoiledRegion',
  controlPlaneRoleArn: 'CoiledControlPlaneRoleArn',
  externalId: 'CoiledExternalId',
  instanceProfileArn: 'CoiledInstanceProfileArn',
  instanceProfileName: 'CoiledInstanceProfileName',
  instanceRoleArn: 'CoiledInstanceRoleArn',
  vpcId: 'CoiledVpcId',
  subnetIds: 'CoiledSubnetIds',
  schedulerSubnetIds: 'CoiledSchedulerSubnetIds',
  workerSubnetIds: 'CoiledWorkerSubnetIds',
  schedulerSecurityGroupId: 'CoiledSchedulerSecurityGroupId',
  clusterSecurityGroupId: 'CoiledClusterSecurityGroupId',
  logGroupName: 'CoiledLogGroupName',
  natPublicIps: 'CoiledNatPublicIps',
  giveWorkersPublicIp: 'CoiledGiveWorkersPublicIp',
  useSchedulerPublicIp: 'CoiledUseSchedulerPublicIp',
  ingress: 'CoiledIngress',
  secrets: 'CoiledSecrets',
} as const;

/** Terraform output names of `gcp.CoiledGcpStack`. */
export const GCP_OUTPUT_KEYS = {
  cloud: 'coiled_cloud',
  workspaceName: 'coiled_workspace_name',
  projectId: 'coiled_project_id',
  region: 'coiled_region',
  networkSelfLink: 'coiled_network_self_link',
  subnetSelfLink: 'coiled_subnet_self_link',
  schedulerTag: 'coiled_scheduler_network_tag',
  clusterTag: 'coiled_cluster_network_tag',
  controlPlaneServiceAccountEmail: 'coiled_control_plane_service_account_email',
  dataServiceAccountEmail: 'coiled_data_service_account_email',
  controlPlaneRoleId: 'coiled_control_plane_role_id',
  dataRoleId: 'coiled_data_role_id',
  artifactRegistry: 'coiled_artifact_registry_repository',
  keyCommand: 'coiled_service_account_key_command',
  serviceAccountKey: 'coiled_service_account_key',
  giveWorkersPublicIp: 'coiled_give_workers_public_ip',
  useSchedulerPublicIp: 'coiled_use_scheduler_public_ip',
  ingress: 'coiled_ingress',
  secrets: 'coiled_secrets',
} as const;

/** Largest CloudFormation output value we emit; the ingress JSON is replaced by a note above it. */
export const MAX_OUTPUT_VALUE_LENGTH = 4000;

export interface HandoffIngressRule {
  readonly ports: number[];
  readonly cidr: string;
}

export interface AwsHandoff {
  readonly cloud: 'aws';
  readonly workspaceName: string;
  readonly region: string;
  readonly controlPlaneRoleArn: string;
  readonly externalId: string;
  readonly instanceProfileArn: string;
  readonly instanceProfileName: string;
  readonly vpcId: string;
  readonly subnetIds: string[];
  readonly schedulerSubnetIds: string[];
  readonly workerSubnetIds: string[];
  readonly schedulerSecurityGroupId: string;
  readonly clusterSecurityGroupId: string;
  readonly logGroupName: string;
  readonly natPublicIps: string[];
  readonly giveWorkersPublicIp: boolean;
  readonly useSchedulerPublicIp: boolean;
  readonly ingress?: HandoffIngressRule[];
  readonly secrets?: HandoffSecrets;
}

export interface GcpHandoff {
  readonly cloud: 'gcp';
  readonly workspaceName: string;
  readonly projectId: string;
  readonly region: string;
  readonly networkSelfLink: string;
  readonly subnetSelfLink: string;
  readonly schedulerTag: string;
  readonly clusterTag: string;
  readonly controlPlaneServiceAccountEmail: string;
  readonly dataServiceAccountEmail: string;
  readonly artifactRegistry?: string;
  readonly keyCommand?: string;
  readonly keyCreated: boolean;
  readonly giveWorkersPublicIp: boolean;
  readonly useSchedulerPublicIp: boolean;
  readonly ingress?: HandoffIngressRule[];
  readonly secrets?: HandoffSecrets;
}

export type Handoff = AwsHandoff | GcpHandoff;

/** The `~/.config/dask/coiled.yaml` fragment. */
export function renderCoiledYaml(h: Handoff): string {
  const lines = ['coiled:'];
  if (!h.useSchedulerPublicIp) lines.push('  use_scheduler_public_ip: false');
  if (h.ingress && h.ingress.length > 0) {
    lines.push('  backend-options:', '    ingress:');
    for (const rule of h.ingress) lines.push(`      - ports: [${rule.ports.join(', ')}]`, `        cidr: ${rule.cidr}`);
  }
  return lines.join('\n');
}

/** The bring-your-own-network `network` dict, as Python. */
export function renderNetworkDict(h: Handoff): string {
  const entries: Array<[string, string]> =
    h.cloud === 'aws'
      ? [
        ['network_id', py(h.vpcId)],
        ['scheduler_subnet_id', py(h.schedulerSubnetIds[0] ?? '')],
        ['worker_subnet_id', py(h.workerSubnetIds[0] ?? '')],
        ['scheduler_firewall_id', py(h.schedulerSecurityGroupId)],
        ['firewall_id', py(h.clusterSecurityGroupId)],
        ['give_workers_public_ip', h.giveWorkersPublicIp ? 'True' : 'False'],
      ]
      : [
        ['network_id', py(h.networkSelfLink)],
        ['scheduler_subnet_id', py(h.subnetSelfLink)],
        ['worker_subnet_id', py(h.subnetSelfLink)],
        ['scheduler_firewall_id', py(h.schedulerTag)],
        ['firewall_id', py(h.clusterTag)],
        ['give_workers_public_ip', h.giveWorkersPublicIp ? 'True' : 'False'],
      ];
  return ['network = {', ...entries.map(([k, v]) => `    "${k}": ${v},`), '}'].join('\n');
}

function py(value: string): string {
  return JSON.stringify(value);
}

/** Everything the `handoff` command prints. */
export function renderHandoff(h: Handoff): string {
  const out: string[] = [];
  const field = (label: string, value: string) => out.push(`  ${label.padEnd(34)} ${value}`);
  if (h.cloud === 'aws') {
    out.push(`Coiled workspace "${h.workspaceName}" on AWS (${h.region})`, '');
    out.push('1. Coiled > Settings > Cloud provider > AWS, "Role assumption":');
    field('Role ARN', h.controlPlaneRoleArn);
    field('External ID', h.externalId);
    if (/CHANGE-?ME|REPLACE/i.test(h.externalId)) out.push('  WARNING: this is the example placeholder: set the external ID Coiled gave you and deploy again.');
    out.push('', '2. Coiled > Infrastructure: adopt these resources:');
    field('Instance profile', `${h.instanceProfileName} (${h.instanceProfileArn})`);
    field('VPC', h.vpcId);
    field('Subnets', h.subnetIds.join(', '));
    if (h.schedulerSubnetIds.join() !== h.subnetIds.join()) field('Scheduler subnets', h.schedulerSubnetIds.join(', '));
    field('Scheduler security group', h.schedulerSecurityGroupId);
    field('Cluster security group', h.clusterSecurityGroupId);
    field('Log group', h.logGroupName);
    if (h.natPublicIps.length > 0) field('Egress IPs (allow-list these)', h.natPublicIps.join(', '));
  } else {
    out.push(`Coiled workspace "${h.workspaceName}" on GCP (project ${h.projectId}, ${h.region})`, '');
    out.push('1. Coiled > Settings > Cloud provider > GCP:');
    field('Service account (Coiled acts as)', h.controlPlaneServiceAccountEmail);
    field('Instance service account (VMs)', h.dataServiceAccountEmail);
    if (h.keyCreated) {
      field('Service account key', `created by Terraform: read it with \`terraform output -raw ${GCP_OUTPUT_KEYS.serviceAccountKey} | base64 -d\``);
    } else if (h.keyCommand) {
      field('Service account key', 'not stored in Terraform state; create it yourself and upload it to Coiled:');
      out.push(`      ${h.keyCommand}`);
    }
    out.push('', '2. Coiled > Infrastructure (bring your own network):');
    field('Network', h.networkSelfLink);
    field('Subnet', h.subnetSelfLink);
    field('Scheduler network tag', h.schedulerTag);
    field('Cluster network tag', h.clusterTag);
    if (h.artifactRegistry) field('Artifact Registry repository', h.artifactRegistry);
  }
  out.push(
    '',
    `3. Public IPs: give_workers_public_ip=${h.giveWorkersPublicIp ? 'True' : 'False'}, use_scheduler_public_ip=${h.useSchedulerPublicIp ? 'True' : 'False'}`,
  );
  if (!h.useSchedulerPublicIp) out.push('   The scheduler has no public IP: your Dask client must reach its private address (VPN, peering).');
  out.push(
    h.cloud === 'aws'
      ? '   The scheduler carries both security groups (scheduler and cluster); workers carry the cluster group.'
      : '   The scheduler carries both network tags (scheduler and cluster); workers carry the cluster tag.',
  );
  out.push('', '4. ~/.config/dask/coiled.yaml:', '', indent(renderCoiledYaml(h)));
  out.push('', '5. Bring-your-own-network dict (coiled.set_backend_options(network=network, ...)):', '', indent(renderNetworkDict(h)));
  out.push(...renderSecrets(h, 6));
  return out.join('\n');
}

function indent(block: string): string {
  return block
    .split('\n')
    .map((l) => `    ${l}`)
    .join('\n');
}

/** A problem with an outputs file, said in one line. */
export class HandoffInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HandoffInputError';
  }
}

type Outputs = Record<string, unknown>;

/**
 * Reads the workspaces out of a deploy tool's outputs file, in any of its three shapes:
 * `cdk deploy --outputs-file` (`{stack: {Key: "value"}}`), `cdktf output --outputs-file`
 * (`{stack: {key: value}}`), or `terraform output -json` (`{key: {value, type, sensitive}}`).
 */
export function parseOutputsFile(json: unknown): Handoff[] {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw new HandoffInputError('the file is not a JSON object of stack outputs');
  }
  const top = json as Record<string, unknown>;
  const terraformShape = top[GCP_OUTPUT_KEYS.cloud] as { value?: unknown } | undefined;
  if (terraformShape && typeof terraformShape === 'object' && 'value' in terraformShape) {
    const flat = Object.fromEntries(Object.entries(top).map(([k, v]) => [k, (v as { value?: unknown })?.value]));
    return [gcpHandoff('terraform outputs', flat)];
  }
  const handoffs: Handoff[] = [];
  for (const [stack, outputs] of Object.entries(top)) {
    if (outputs === null || typeof outputs !== 'object') continue;
    const o = outputs as Outputs;
    if (o[AWS_OUTPUT_KEYS.cloud] === 'aws') handoffs.push(awsHandoff(stack, o));
    else if (o[GCP_OUTPUT_KEYS.cloud] === 'gcp') handoffs.push(gcpHandoff(stack, o));
  }
  if (handoffs.length === 0) {
    throw new HandoffInputError(
      'no Coiled workspace outputs found: give the file written by `cdk deploy --outputs-file out.json`, `cdktf output --outputs-file out.json`, or `terraform output -json > out.json`, for a stack built with coiled-byoc',
    );
  }
  return handoffs;
}

function requireOutputs(where: string, outputs: Outputs, keys: string[]): void {
  const missing = keys.filter((k) => outputs[k] === undefined || outputs[k] === null);
  if (missing.length > 0) {
    throw new HandoffInputError(`${where} lacks the output${missing.length > 1 ? 's' : ''} ${missing.join(', ')}: redeploy it with this version of coiled-byoc`);
  }
}

function asText(value: unknown): string {
  return String(value);
}

function list(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  const s = value === undefined || value === null ? '' : String(value);
  return s === '' ? [] : s.split(',');
}

function bool(value: unknown): boolean {
  return value === true || value === 'true';
}

function ingress(where: string, value: unknown): HandoffIngressRule[] | undefined {
  if (value === undefined || value === null) return undefined;
  try {
    const parsed = typeof value === 'string' ? JSON.parse(value) : value;
    return Array.isArray(parsed) ? parsed : undefined;
  } catch {
    // The stack writes a note instead of the list when it is too long for an output.
    if (typeof value === 'string' && value.startsWith('too long')) return undefined;
    throw new HandoffInputError(`${where}: the ingress output is not the JSON list the stack writes`);
  }
}

function secrets(where: string, cloud: 'aws' | 'gcp', value: unknown): HandoffSecrets | undefined {
  try {
    return parseSecretsOutput(cloud, value);
  } catch (e) {
    if (e instanceof SecretsOutputError) throw new HandoffInputError(`${where}: ${e.message}`);
    throw e;
  }
}

function awsHandoff(stack: string, o: Outputs): AwsHandoff {
  const k = AWS_OUTPUT_KEYS;
  requireOutputs(`stack ${stack}`, o, [k.workspaceName, k.region, k.controlPlaneRoleArn, k.externalId, k.instanceProfileArn, k.instanceProfileName, k.vpcId, k.subnetIds, k.schedulerSecurityGroupId, k.clusterSecurityGroupId, k.logGroupName]);
  const subnetIds = list(o[k.subnetIds]);
  return {
    cloud: 'aws',
    workspaceName: asText(o[k.workspaceName]),
    region: asText(o[k.region]),
    controlPlaneRoleArn: asText(o[k.controlPlaneRoleArn]),
    externalId: asText(o[k.externalId]),
    instanceProfileArn: asText(o[k.instanceProfileArn]),
    instanceProfileName: asText(o[k.instanceProfileName]),
    vpcId: asText(o[k.vpcId]),
    subnetIds,
    schedulerSubnetIds: o[k.schedulerSubnetIds] === undefined ? subnetIds : list(o[k.schedulerSubnetIds]),
    workerSubnetIds: o[k.workerSubnetIds] === undefined ? subnetIds : list(o[k.workerSubnetIds]),
    schedulerSecurityGroupId: asText(o[k.schedulerSecurityGroupId]),
    clusterSecurityGroupId: asText(o[k.clusterSecurityGroupId]),
    logGroupName: asText(o[k.logGroupName]),
    natPublicIps: list(o[k.natPublicIps]),
    giveWorkersPublicIp: o[k.giveWorkersPublicIp] === undefined ? true : bool(o[k.giveWorkersPublicIp]),
    useSchedulerPublicIp: o[k.useSchedulerPublicIp] === undefined ? true : bool(o[k.useSchedulerPublicIp]),
    ingress: ingress(`stack ${stack}`, o[k.ingress]),
    secrets: secrets(`stack ${stack}`, 'aws', o[k.secrets]),
  };
}

function gcpHandoff(stack: string, o: Outputs): GcpHandoff {
  const k = GCP_OUTPUT_KEYS;
  requireOutputs(stack === 'terraform outputs' ? stack : `stack ${stack}`, o, [
    k.workspaceName,
    k.projectId,
    k.region,
    k.networkSelfLink,
    k.subnetSelfLink,
    k.schedulerTag,
    k.clusterTag,
    k.controlPlaneServiceAccountEmail,
    k.dataServiceAccountEmail,
  ]);
  const keyCommand = o[k.keyCommand] === undefined ? undefined : asText(o[k.keyCommand]);
  return {
    cloud: 'gcp',
    workspaceName: asText(o[k.workspaceName]),
    projectId: asText(o[k.projectId]),
    region: asText(o[k.region]),
    networkSelfLink: asText(o[k.networkSelfLink]),
    subnetSelfLink: asText(o[k.subnetSelfLink]),
    schedulerTag: asText(o[k.schedulerTag]),
    clusterTag: asText(o[k.clusterTag]),
    controlPlaneServiceAccountEmail: asText(o[k.controlPlaneServiceAccountEmail]),
    dataServiceAccountEmail: asText(o[k.dataServiceAccountEmail]),
    artifactRegistry: o[k.artifactRegistry] === undefined ? undefined : asText(o[k.artifactRegistry]),
    keyCommand,
    // Tools leave sensitive outputs out of their files; no key command means the key was created.
    keyCreated: keyCommand === undefined,
    giveWorkersPublicIp: o[k.giveWorkersPublicIp] === undefined ? true : bool(o[k.giveWorkersPublicIp]),
    useSchedulerPublicIp: o[k.useSchedulerPublicIp] === undefined ? true : bool(o[k.useSchedulerPublicIp]),
    ingress: ingress(stack, o[k.ingress]),
    secrets: secrets(stack === 'terraform outputs' ? stack : `stack ${stack}`, 'gcp', o[k.secrets]),
  };
}
