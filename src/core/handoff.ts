/**
 * What a platform engineer must give Coiled after a deploy, rendered from the stack outputs.
 *
 * The output names below are a public contract: the stacks emit them, the `coiled-byoc handoff`
 * command reads them back from the deploy tool's output file. Keys and meanings of Coiled's side
 * are from coiled-contract §5 (`backend_options.ingress`, the bring-your-own-network `network`
 * dict, `use_scheduler_public_ip`) and §2.1/§2.10 (role ARN + external ID in the setup form, then
 * instance profile, VPC, subnets and security groups in the Infrastructure tab).
 */

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
  out.push('   The scheduler must carry both the scheduler and the cluster firewall; workers carry the cluster one.');
  out.push('', '4. ~/.config/dask/coiled.yaml:', '', indent(renderCoiledYaml(h)));
  out.push('', '5. Bring-your-own-network dict (coiled.set_backend_options(network=network, ...)):', '', indent(renderNetworkDict(h)));
  return out.join('\n');
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((l) => `    ${l}`)
    .join('\n');
}
