/**
 * Fixed monthly cost of a synthesized stack, from the output alone and the price table.
 */
import { Example } from './examples';
import { PRICES } from './prices';

export interface CostLine {
  readonly item: string;
  readonly count: number;
  readonly monthly: number;
}

export interface CostReport {
  readonly lines: CostLine[];
  readonly totalMonthly: number;
  /** Charges that depend on use, not on the stack (for the reader). */
  readonly variable: string[];
}

export function fixedMonthlyCost(example: Example, output: any): CostReport {
  const h = PRICES.hoursPerMonth;
  const lines: CostLine[] = [];
  const variable: string[] = [];
  const add = (item: string, count: number, unitMonthly: number) => {
    if (count > 0) lines.push({ item, count, monthly: round(count * unitMonthly) });
  };
  if (example.cloud === 'aws') {
    const resources = Object.values<any>(output.Resources ?? {});
    const ofType = (t: string) => resources.filter((r) => r.Type === t);
    const natGateways = ofType('AWS::EC2::NatGateway').length;
    add('NAT gateway', natGateways, PRICES.aws.natGatewayHour * h);
    if (natGateways > 0) variable.push(`NAT gateway data processing $${PRICES.aws.natGatewayHour}/GB`);
    const natInstances = ofType('AWS::EC2::Instance');
    for (const instance of natInstances) {
      const type = instance.Properties.InstanceType as string;
      const hourly = PRICES.aws.instanceHour[type];
      if (hourly === undefined) throw new Error(`no price for instance type ${type}: add it to scripts/lib/prices.ts`);
      add(`NAT instance ${type} (+ ${PRICES.aws.al2023RootVolumeGb} GB gp3 root volume)`, 1, hourly * h + PRICES.aws.al2023RootVolumeGb * PRICES.aws.gp3GbMonth);
    }
    // Every public IPv4 address in use is billed: Elastic IPs, and instances launched with one.
    const withPublicIp = (i: any) => (i.Properties.NetworkInterfaces ?? []).some((n: any) => n.AssociatePublicIpAddress === true);
    const instancePublicIps = natInstances.filter(withPublicIp).length;
    const eips = ofType('AWS::EC2::EIP').length;
    const eipsOnInstances = ofType('AWS::EC2::EIP').filter((e) => e.Properties.InstanceId !== undefined).length;
    add('Public IPv4 address', eips + instancePublicIps - eipsOnInstances, PRICES.aws.publicIpv4Hour * h);
    const interfaceEndpoints = ofType('AWS::EC2::VPCEndpoint').filter((e) => e.Properties.VpcEndpointType === 'Interface');
    add('Interface endpoint (per AZ)', interfaceEndpoints.reduce((n, e) => n + (e.Properties.SubnetIds?.length ?? 1), 0), PRICES.aws.interfaceEndpointAzHour * h);
    add('KMS key', ofType('AWS::KMS::Key').length, PRICES.aws.kmsKeyMonth);
    // Secrets the stack creates; an adopted one is billed where it already was.
    const secrets = ofType('AWS::SecretsManager::Secret').length;
    add('Secrets Manager secret', secrets, PRICES.aws.secretsManagerSecretMonth);
    if (secrets > 0) variable.push(`Secrets Manager API calls $${PRICES.aws.secretsManagerPer10kCalls} per 10,000 (each secret read on the cluster is one)`);
    if (ofType('AWS::EC2::FlowLog').length > 0) variable.push('VPC flow logs: CloudWatch Logs ingestion per GB');
    variable.push('CloudWatch Logs ingestion and storage of cluster logs per GB');
  } else {
    const res = output.resource ?? {};
    const nats = Object.keys(res.google_compute_router_nat ?? {}).length;
    if (nats > 0) variable.push(`Cloud NAT $${PRICES.gcp.cloudNatVmHour} per VM-hour while clusters run, plus data processing per GB`);
    add('Static external IP address', Object.keys(res.google_compute_address ?? {}).length, PRICES.gcp.staticExternalIpHour * h);
    if (Object.values<any>(res.google_compute_subnetwork ?? {}).some((s) => s.log_config)) variable.push('VPC flow logs: Cloud Logging per GB');
    // Secret Manager bills versions, not secrets: the stack creates none unless a value is allowed into state.
    add('Secret Manager active secret version', Object.keys(res.google_secret_manager_secret_version ?? {}).length, PRICES.gcp.secretVersionMonth);
    const secrets = Object.keys(res.google_secret_manager_secret ?? {}).length;
    if (secrets > 0) {
      variable.push(
        `Secret Manager $${PRICES.gcp.secretVersionMonth} a month per active version you add (${secrets} secret${secrets > 1 ? 's' : ''} here; ${PRICES.gcp.freeSecretVersions} versions per billing account free), $${PRICES.gcp.secretAccessPer10k} per 10,000 accesses`,
      );
    }
  }
  return { lines, totalMonthly: round(lines.reduce((s, l) => s + l.monthly, 0)), variable };
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}

export function formatUsd(x: number): string {
  return `$${x.toFixed(2)}`;
}
