/**
 * What a platform engineer must give Coiled after a deploy, rendered from the stack outputs.
 *
 * The output names below are a public contract: the stacks emit them, the `coiled-byoc handoff`
 * command reads them back from the deploy tool's output file. Keys and meanings of Coiled's side
 * are from coiled-contract §5 (`backend_options.ingress`, the bring-your-own-network `network`
 * dict, `use_scheduler_public_ip`) and §2.1/§2.10 (role ARN + external ID in the setup form, then
 * instance profile, VPC, subnets and security groups in the Infrastructure tab).
 */
import { checkCidr } from './cidr';
import { EXTERNAL_ID_ALPHABET, externalIdWeakness } from './external-id';
import { HandoffSecrets, SecretsOutputError, parseSecretsOutput, renderSecrets } from './handoff-secrets';
import { gcpComputeLinkPattern, gcpProjectIdSource } from './naming';

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

/** How the AWS stack's ingress output starts when the list was too long for an output. */
export const INGRESS_TOO_LONG_NOTE = 'too long for an output';

/**
 * Largest outputs file the hand-off command reads. Deploy tools write a few kilobytes per stack; a
 * Terraform root module with many outputs stays far below this.
 */
export const MAX_OUTPUTS_FILE_BYTES = 64 * 1024 * 1024;

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
  /** The ingress list was too long for a stack output: how many rules it had, when the note says. */
  readonly ingressOmitted?: { readonly rules?: number };
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
  readonly ingressOmitted?: { readonly rules?: number };
  readonly secrets?: HandoffSecrets;
}

export type Handoff = AwsHandoff | GcpHandoff;

/** The `~/.config/dask/coiled.yaml` fragment (values are validated; CIDRs quoted for YAML). */
export function renderCoiledYaml(h: Handoff): string {
  const lines = ['coiled:'];
  if (!h.useSchedulerPublicIp) lines.push('  use_scheduler_public_ip: false');
  if (h.ingress && h.ingress.length > 0) {
    lines.push('  backend-options:', '    ingress:');
    for (const rule of h.ingress) lines.push(`      - ports: [${rule.ports.join(', ')}]`, `        cidr: "${rule.cidr}"`);
  } else if (h.ingressOmitted) {
    lines.push('  # backend-options.ingress: the list was too long for a stack output; copy it from your app (see above)');
  }
  if (lines.length === 1) return "# nothing to set: Coiled's defaults match this workspace";
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

/**
 * A value for a POSIX shell, single-quoted: nothing in it is interpreted. The hand-off validates
 * every value first; quoting makes a printed command safe to copy even so.
 */
export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, "'\\''")}'`;
}

/**
 * A value from an outputs file made safe to print: control characters (newlines, ANSI escapes),
 * Unicode line separators and bidirectional or invisible formatting characters are shown as
 * escapes, and long values are cut. Nothing printed can forge a line or recolour the terminal.
 */
export function displayText(value: unknown, max = 200): string {
  const raw = typeof value === 'string' ? value : JSON.stringify(value) ?? String(value);
  const escaped = raw.replace(/[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return escaped.length > max ? `${escaped.slice(0, max - 3)}...` : escaped;
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
    const weakness = externalIdWeakness(h.externalId);
    if (weakness) out.push(`  WARNING: the external ID is unsafe (${weakness}): set the external ID Coiled gave you and deploy again.`);
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
      // Rebuilt from validated values, every one quoted: never the file's text.
      out.push(`      gcloud iam service-accounts keys create coiled-key.json --iam-account=${shellQuote(h.controlPlaneServiceAccountEmail)} --project=${shellQuote(h.projectId)}`);
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
  out.push('', '4. ~/.config/dask/coiled.yaml:', '');
  if (h.ingressOmitted) {
    out.push(
      `   The scheduler ingress list${h.ingressOmitted.rules !== undefined ? ` (${h.ingressOmitted.rules} rules)` : ''} was too long for a CloudFormation output (${MAX_OUTPUT_VALUE_LENGTH} characters),`,
      "   so it is not in this file: copy your app's ingress list into backend-options.ingress below.",
      '',
    );
  }
  out.push(indent(renderCoiledYaml(h)));
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
 * The text of an outputs file from its bytes: UTF-8 (with or without a byte-order mark) or UTF-16
 * (what Windows PowerShell's `>` writes). Anything else is refused in one line.
 */
export function decodeOutputsFile(bytes: Uint8Array): string {
  const decoded = decodeText(bytes);
  if (decoded.includes('\u0000')) throw new HandoffInputError('holds NUL characters (a binary or UTF-32 file): give the JSON file your deploy tool wrote');
  return decoded;
}

function decodeText(b: Uint8Array): string {
  const two = b.length >= 2;
  // A byte-order mark, or (PowerShell without one) ASCII JSON whose every other byte is zero.
  if (two && b[0] === 0xff && b[1] === 0xfe) return decodeUtf16(b.subarray(2), true);
  if (two && b[0] === 0xfe && b[1] === 0xff) return decodeUtf16(b.subarray(2), false);
  if (two && b[0] !== 0 && b[1] === 0) return decodeUtf16(b, true);
  if (two && b[0] === 0 && b[1] !== 0) return decodeUtf16(b, false);
  try {
    // TextDecoder drops a leading UTF-8 byte-order mark itself (its ignoreBOM option is off).
    return new TextDecoder('utf-8', { fatal: true }).decode(b);
  } catch {
    throw new HandoffInputError('is neither UTF-8 nor UTF-16 text: give the JSON file your deploy tool wrote');
  }
}

function decodeUtf16(bytes: Uint8Array, littleEndian: boolean): string {
  if (bytes.length % 2 !== 0) throw new HandoffInputError('is cut off in the middle of a UTF-16 character: give the complete file');
  try {
    return new TextDecoder(littleEndian ? 'utf-16le' : 'utf-16be', { fatal: true }).decode(bytes);
  } catch {
    throw new HandoffInputError('is not valid UTF-16 text: give the JSON file your deploy tool wrote');
  }
}

/**
 * Reads the workspaces out of a deploy tool's outputs file, in any of its three shapes:
 * `cdk deploy --outputs-file` (`{stack: {Key: "value"}}`), `cdktf output --outputs-file`
 * (`{stack: {key: value}}`), or `terraform output -json` (`{key: {value, type, sensitive}}`).
 * Every value the hand-off prints is checked against the shape the stacks write; a value of any
 * other shape fails in one line naming the output.
 */
export function parseOutputsFile(json: unknown): Handoff[] {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw new HandoffInputError('the file is not a JSON object of stack outputs');
  }
  const top = json as Record<string, unknown>;
  const terraformShape = top[GCP_OUTPUT_KEYS.cloud];
  if (terraformShape !== null && typeof terraformShape === 'object' && !Array.isArray(terraformShape) && 'value' in terraformShape) {
    const flat: Outputs = {};
    for (const [key, entry] of Object.entries(top)) {
      if (entry === null || typeof entry !== 'object' || Array.isArray(entry) || !('value' in entry)) {
        throw new HandoffInputError(`terraform outputs: output ${displayText(key, 80)} is not {"value": ...} as \`terraform output -json\` writes it`);
      }
      flat[key] = (entry as { value: unknown }).value;
    }
    return [gcpHandoff('terraform outputs', flat)];
  }
  const handoffs: Handoff[] = [];
  for (const [stack, outputs] of Object.entries(top)) {
    if (outputs === null || typeof outputs !== 'object' || Array.isArray(outputs)) continue;
    const o = outputs as Outputs;
    const where = `stack ${displayText(stack, 80)}`;
    if (AWS_OUTPUT_KEYS.cloud in o) {
      if (o[AWS_OUTPUT_KEYS.cloud] !== 'aws') throw invalid(where, AWS_OUTPUT_KEYS.cloud, o[AWS_OUTPUT_KEYS.cloud], '"aws"');
      handoffs.push(awsHandoff(where, o));
    } else if (GCP_OUTPUT_KEYS.cloud in o) {
      if (o[GCP_OUTPUT_KEYS.cloud] !== 'gcp') throw invalid(where, GCP_OUTPUT_KEYS.cloud, o[GCP_OUTPUT_KEYS.cloud], '"gcp"');
      handoffs.push(gcpHandoff(where, o));
    }
  }
  if (handoffs.length === 0) {
    throw new HandoffInputError(
      'no Coiled workspace outputs found: give the file written by `cdk deploy --outputs-file out.json`, `cdktf output --outputs-file out.json`, or `terraform output -json > out.json`, for a stack built with coiled-byoc',
    );
  }
  return handoffs;
}

function invalid(where: string, key: string, value: unknown, expected: string): HandoffInputError {
  return new HandoffInputError(`${where}: output ${key} = ${displayText(JSON.stringify(value), 120)} is not ${expected}`);
}

function requireOutputs(where: string, outputs: Outputs, keys: string[]): void {
  const missing = keys.filter((k) => outputs[k] === undefined || outputs[k] === null);
  if (missing.length > 0) {
    throw new HandoffInputError(`${where} lacks the output${missing.length > 1 ? 's' : ''} ${missing.join(', ')}: redeploy it with this version of coiled-byoc`);
  }
}

/** One output's expected shape: a pattern and how to say it (of a list output, of its items). */
interface Shape {
  readonly pattern: RegExp;
  readonly what: string;
  readonly whatMany?: string;
}

/**
 * The shape of every output, built per hand-off rather than when the module loads: nothing runs
 * at load, so mutation testing attributes each pattern to the tests that read it instead of
 * re-running the whole suite for it (docs/mutation.md). Twenty regular expressions per hand-off
 * cost nothing a user waits for.
 */
function outputShapes() {
  const partition = 'aws(?:-cn|-us-gov|-iso(?:-[a-z])?)?';
  return {
    workspaceName: { pattern: /^[a-z0-9]([a-z0-9_-]{0,55}[a-z0-9])?$/, what: 'a Coiled workspace slug' },
    awsRegion: { pattern: /^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d{1,2}$/, what: 'an AWS region (e.g. us-east-1)' },
    roleArn: { pattern: new RegExp(`^arn:${partition}:iam::\\d{12}:role/[\\w+=,.@/-]{1,512}$`), what: 'an IAM role ARN (arn:aws:iam::<12 digits>:role/<name>)' },
    externalId: { pattern: EXTERNAL_ID_ALPHABET, what: 'an external ID (2-1224 letters, digits and +=,.@:/-_)' },
    instanceProfileArn: { pattern: new RegExp(`^arn:${partition}:iam::\\d{12}:instance-profile/[\\w+=,.@/-]{1,512}$`), what: 'an instance profile ARN' },
    instanceProfileName: { pattern: /^[\w+=,.@-]{1,128}$/, what: 'an instance profile name' },
    vpcId: { pattern: /^vpc-[0-9a-f]{8}([0-9a-f]{9})?$/, what: 'a VPC id (vpc- followed by 8 or 17 hex digits)' },
    subnetId: { pattern: /^subnet-[0-9a-f]{8}([0-9a-f]{9})?$/, what: 'a subnet id (subnet- followed by 8 or 17 hex digits)', whatMany: 'subnet ids (subnet- followed by 8 or 17 hex digits)' },
    securityGroupId: { pattern: /^sg-[0-9a-f]{8}([0-9a-f]{9})?$/, what: 'a security group id (sg- followed by 8 or 17 hex digits)' },
    logGroupName: { pattern: /^[\w.\-/#]{1,512}$/, what: 'a log group name' },
    ipv4Address: { pattern: /^((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/, what: 'an IPv4 address', whatMany: 'IPv4 addresses' },
    gcpProject: { pattern: new RegExp(`^${gcpProjectIdSource()}$`), what: 'a GCP project id' },
    gcpRegion: { pattern: /^[a-z]+-[a-z]+\d+$/, what: 'a GCP region (e.g. us-east1)' },
    networkSelfLink: {
      pattern: gcpComputeLinkPattern('global/networks/[a-z]([-a-z0-9]{0,61}[a-z0-9])?'),
      what: 'a network selfLink (https://www.googleapis.com/compute/v1/projects/<project>/global/networks/<name>)',
    },
    subnetSelfLink: {
      pattern: gcpComputeLinkPattern('regions/[a-z]+-[a-z]+\\d+/subnetworks/[a-z]([-a-z0-9]{0,61}[a-z0-9])?'),
      what: 'a subnet selfLink (https://www.googleapis.com/compute/v1/projects/<project>/regions/<region>/subnetworks/<name>)',
    },
    networkTag: { pattern: /^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/, what: 'a network tag (RFC 1035)' },
    serviceAccountEmail: { pattern: /^[a-z][-a-z0-9]{4,28}[a-z0-9]@[a-z][-a-z0-9]{4,28}[a-z0-9](\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\.iam\.gserviceaccount\.com$/, what: 'a service-account email (<id>@<project>.iam.gserviceaccount.com)' },
    roleId: { pattern: /^[a-zA-Z0-9_.]{3,64}$/, what: 'a custom role id' },
    artifactRegistry: { pattern: /^[a-z]+-[a-z]+\d+-docker\.pkg\.dev\/([a-z0-9][-a-z0-9.]*[a-z0-9]\/)?[a-z][-a-z0-9]{4,28}[a-z0-9]\/coiled$/, what: 'an Artifact Registry repository (<region>-docker.pkg.dev/<project>/coiled)' },
    keyCommand: { pattern: /^gcloud iam service-accounts keys create /, what: 'the gcloud command the stack writes' },
  } satisfies Record<string, Shape>;
}

/** A string output of the expected shape. */
function text(where: string, o: Outputs, key: string, shape: Shape): string {
  const value = o[key];
  if (typeof value !== 'string' || !shape.pattern.test(value)) throw invalid(where, key, value, shape.what);
  return value;
}

/** A list output: a JSON list, or the comma-separated text CloudFormation outputs hold. */
function list(where: string, o: Outputs, key: string, shape: Shape & { readonly whatMany: string }, allowEmpty: boolean): string[] {
  const value = o[key];
  const items = Array.isArray(value) ? value : typeof value === 'string' ? (value === '' ? [] : value.split(',')) : undefined;
  if (items === undefined || items.some((item) => typeof item !== 'string' || !shape.pattern.test(item)) || (!allowEmpty && items.length === 0)) {
    throw invalid(where, key, value, `a comma-separated list of ${shape.whatMany}${allowEmpty ? '' : ' (at least one)'}`);
  }
  return items as string[];
}

/** The secrets output (handoff-secrets.ts checks every field's shape). */
function secrets(where: string, cloud: 'aws' | 'gcp', o: Outputs, key: string): HandoffSecrets | undefined {
  try {
    return parseSecretsOutput(cloud, o[key]);
  } catch (e) {
    if (e instanceof SecretsOutputError) throw new HandoffInputError(`${where}: output ${key}: ${e.message}`);
    throw e;
  }
}

function bool(where: string, o: Outputs, key: string): boolean {
  const value = o[key];
  if (value === undefined) return true;
  if (value === true || value === 'true') return true;
  if (value === false || value === 'false') return false;
  throw invalid(where, key, value, 'true or false');
}

/** The ingress output: a JSON list of {ports, cidr}, or the note that it was too long. */
function ingress(where: string, o: Outputs, key: string): { rules?: HandoffIngressRule[]; omitted?: { rules?: number } } {
  const value = o[key];
  if (value === undefined || value === null) return {};
  if (typeof value === 'string' && value.startsWith(INGRESS_TOO_LONG_NOTE)) {
    const count = /(\d+) rules/.exec(value)?.[1];
    return { omitted: { rules: count === undefined ? undefined : Number(count) } };
  }
  const expected = 'the JSON list of {"ports": [numbers 1-65535], "cidr": "<CIDR block>"} the stack writes';
  let parsed: unknown = value;
  if (typeof value === 'string') {
    try {
      parsed = JSON.parse(value);
    } catch {
      throw invalid(where, key, value, expected);
    }
  }
  if (!Array.isArray(parsed)) throw invalid(where, key, value, expected);
  const rules: HandoffIngressRule[] = [];
  for (let i = 0; i < parsed.length; i++) {
    const rule: unknown = parsed[i];
    const bad = (why: string) => new HandoffInputError(`${where}: output ${key}, rule ${i} = ${displayText(JSON.stringify(rule), 120)}: ${why}; expected ${expected}`);
    if (rule === null || typeof rule !== 'object' || Array.isArray(rule)) throw bad('not an object');
    const { ports, cidr } = rule as { ports?: unknown; cidr?: unknown };
    if (!Array.isArray(ports) || ports.length === 0 || ports.some((p) => !Number.isInteger(p) || (p as number) < 1 || (p as number) > 65535)) throw bad('ports is not a list of port numbers');
    const check = checkCidr(cidr);
    if (!check.ok) throw bad(`cidr is not a CIDR block (${check.problem})`);
    rules.push({ ports: ports as number[], cidr: check.value.cidr });
  }
  return { rules };
}

function awsHandoff(where: string, o: Outputs): AwsHandoff {
  const k = AWS_OUTPUT_KEYS;
  requireOutputs(where, o, [
    k.workspaceName,
    k.region,
    k.controlPlaneRoleArn,
    k.externalId,
    k.instanceProfileArn,
    k.instanceProfileName,
    k.vpcId,
    k.subnetIds,
    k.schedulerSecurityGroupId,
    k.clusterSecurityGroupId,
    k.logGroupName,
  ]);
  const shape = outputShapes();
  const subnetIds = list(where, o, k.subnetIds, shape.subnetId, false);
  if (o[k.instanceRoleArn] !== undefined) text(where, o, k.instanceRoleArn, shape.roleArn);
  const { rules, omitted } = ingress(where, o, k.ingress);
  return {
    cloud: 'aws',
    workspaceName: text(where, o, k.workspaceName, shape.workspaceName),
    region: text(where, o, k.region, shape.awsRegion),
    controlPlaneRoleArn: text(where, o, k.controlPlaneRoleArn, shape.roleArn),
    externalId: text(where, o, k.externalId, shape.externalId),
    instanceProfileArn: text(where, o, k.instanceProfileArn, shape.instanceProfileArn),
    instanceProfileName: text(where, o, k.instanceProfileName, shape.instanceProfileName),
    vpcId: text(where, o, k.vpcId, shape.vpcId),
    subnetIds,
    schedulerSubnetIds: o[k.schedulerSubnetIds] === undefined ? subnetIds : list(where, o, k.schedulerSubnetIds, shape.subnetId, false),
    workerSubnetIds: o[k.workerSubnetIds] === undefined ? subnetIds : list(where, o, k.workerSubnetIds, shape.subnetId, false),
    schedulerSecurityGroupId: text(where, o, k.schedulerSecurityGroupId, shape.securityGroupId),
    clusterSecurityGroupId: text(where, o, k.clusterSecurityGroupId, shape.securityGroupId),
    logGroupName: text(where, o, k.logGroupName, shape.logGroupName),
    natPublicIps: o[k.natPublicIps] === undefined ? [] : list(where, o, k.natPublicIps, shape.ipv4Address, true),
    giveWorkersPublicIp: bool(where, o, k.giveWorkersPublicIp),
    useSchedulerPublicIp: bool(where, o, k.useSchedulerPublicIp),
    ingress: rules,
    ingressOmitted: omitted,
    secrets: secrets(where, 'aws', o, k.secrets),
  };
}

function present(value: unknown): boolean {
  return value !== undefined && value !== null;
}

function gcpHandoff(where: string, o: Outputs): GcpHandoff {
  const k = GCP_OUTPUT_KEYS;
  requireOutputs(where, o, [
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
  const shape = outputShapes();
  const keyCommand = present(o[k.keyCommand]) ? text(where, o, k.keyCommand, shape.keyCommand) : undefined;
  for (const roleKey of [k.controlPlaneRoleId, k.dataRoleId]) {
    if (o[roleKey] !== undefined && o[roleKey] !== null) text(where, o, roleKey, shape.roleId);
  }
  const { rules, omitted } = ingress(where, o, k.ingress);
  return {
    cloud: 'gcp',
    workspaceName: text(where, o, k.workspaceName, shape.workspaceName),
    projectId: text(where, o, k.projectId, shape.gcpProject),
    region: text(where, o, k.region, shape.gcpRegion),
    networkSelfLink: text(where, o, k.networkSelfLink, shape.networkSelfLink),
    subnetSelfLink: text(where, o, k.subnetSelfLink, shape.subnetSelfLink),
    schedulerTag: text(where, o, k.schedulerTag, shape.networkTag),
    clusterTag: text(where, o, k.clusterTag, shape.networkTag),
    controlPlaneServiceAccountEmail: text(where, o, k.controlPlaneServiceAccountEmail, shape.serviceAccountEmail),
    dataServiceAccountEmail: text(where, o, k.dataServiceAccountEmail, shape.serviceAccountEmail),
    artifactRegistry: present(o[k.artifactRegistry]) ? text(where, o, k.artifactRegistry, shape.artifactRegistry) : undefined,
    keyCommand,
    // Tools leave sensitive outputs out of their files; no key command means the key was created.
    keyCreated: keyCommand === undefined,
    giveWorkersPublicIp: bool(where, o, k.giveWorkersPublicIp),
    useSchedulerPublicIp: bool(where, o, k.useSchedulerPublicIp),
    ingress: rules,
    ingressOmitted: omitted,
    secrets: secrets(where, 'gcp', o, k.secrets),
  };
}
