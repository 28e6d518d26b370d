/**
 * The Control Tower proactive controls (bundled with @cdklabs/cdk-validator-cfnguard, run offline by
 * its own cfn-guard binary) and what they find in each AWS example, recorded with the reason.
 * `inherent` findings follow from what Coiled needs; the others from an example's choice, with the
 * option that removes them. The test fails when the findings and this record differ.
 */
import * as path from 'path';
import { CfnGuardValidator } from '@cdklabs/cdk-validator-cfnguard';
import { AwsSynthResult } from './examples';

export interface ControlTowerFinding {
  readonly rule: string;
  readonly control: string;
  readonly inherent: boolean;
  readonly why: string;
}

const LOG_RETENTION: ControlTowerFinding = {
  rule: 'cloudwatch_log_group_retention_period_check',
  control: 'CT.CLOUDWATCH.PR.2',
  inherent: false,
  why: "Coiled's cluster logs are kept 30 days (Coiled's own retention); set logRetention to ONE_YEAR (and flowLogRetention) where a year is mandated.",
};
const LOG_KMS: ControlTowerFinding = {
  rule: 'cloudwatch_log_group_encrypted_check',
  control: 'CT.CLOUDWATCH.PR.3',
  inherent: false,
  why: 'Encrypted at rest with CloudWatch Logs service keys; encryptLogs: true adds a customer-managed key (~$1/month).',
};
const PUBLIC_IPS: ControlTowerFinding = {
  rule: 'subnet_auto_assign_public_ip_disabled_check',
  control: 'CT.EC2.PR.11',
  inherent: true,
  why: "Coiled's default network gives VMs public IPs so they reach the control plane without NAT; CoiledNetwork.privateSubnets() removes it.",
};
const OPEN_INGRESS: ControlTowerFinding = {
  rule: 'vpc_sg_open_only_to_authorized_ports_check',
  control: 'CT.EC2.PR.3',
  inherent: false,
  why: "Coiled's default ingress opens 443, 8786 and 8787 to anywhere (TLS + Coiled authentication); narrow it with ingress.",
};
const NAT_MONITORING: ControlTowerFinding = {
  rule: 'ec2_instance_detailed_monitoring_enabled_check',
  control: 'CT.EC2.PR.13',
  inherent: true,
  why: 'The NAT instance uses free basic monitoring; detailed monitoring would add to the fixed cost of the cheap-NAT option.',
};
const NAT_NITRO: ControlTowerFinding = {
  rule: 'ec2_instance_nitro_encryption_in_transit_check',
  control: 'CT.EC2.PR.19',
  inherent: true,
  why: "t4g.nano (the cheapest NAT) is Nitro but not among the instance families with in-transit encryption between instances; the NAT only forwards traffic that Coiled's TLS already encrypts. natInstanceType can pick e.g. c6gn.",
};
const NAT_PUBLIC_IP: ControlTowerFinding = {
  rule: 'ec2_instance_no_public_ip_check',
  control: 'CT.EC2.PR.8',
  inherent: true,
  why: 'A NAT instance needs a public address to forward the private subnets to the internet.',
};

/** The recorded findings per AWS example. */
export const CONTROL_TOWER_FINDINGS: Record<string, ControlTowerFinding[]> = {
  'data-access': [LOG_RETENTION, LOG_KMS, PUBLIC_IPS, OPEN_INGRESS],
  'default': [LOG_RETENTION, LOG_KMS, PUBLIC_IPS, OPEN_INGRESS],
  'existing-vpc': [LOG_RETENTION, LOG_KMS],
  'private-nat-instance': [LOG_RETENTION, LOG_KMS, NAT_MONITORING, NAT_NITRO, NAT_PUBLIC_IP],
  'seed-firewall': [LOG_RETENTION, LOG_KMS, PUBLIC_IPS],
};

/**
 * Runs the bundled Control Tower rules on synthesized examples; returns the rule names found in
 * each, in the order given. One cfn-guard run reads every template: each run starts over with its
 * 237 rule files, so the five examples take 13 s in one run against 19 s in five (2026-12-07, idle).
 * Each violating resource names its template, which is how findings are told apart.
 */
export function runControlTower(results: AwsSynthResult[]): string[][] {
  const templatePaths = results.map((r) => path.join(r.assemblyDir, r.stack.templateFile));
  if (templatePaths.length === 0 || new Set(templatePaths).size !== templatePaths.length) throw new Error('runControlTower: one or more templates, each once');
  const report = new CfnGuardValidator().validate({ templatePaths, appConstruct: results[0].app });
  const found = templatePaths.map(() => new Set<string>());
  for (const violation of report.violations) {
    for (const resource of violation.violatingResources) {
      const index = templatePaths.indexOf(resource.templatePath);
      if (index < 0) throw new Error(`cfn-guard reported a template it was not given: ${resource.templatePath}`);
      found[index].add(violation.ruleName);
    }
  }
  return found.map((rules) => [...rules].sort());
}
