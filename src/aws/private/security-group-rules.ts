/**
 * The rules a security group has at synth, however they were added (inline, `connections`,
 * separate ingress/egress resources), as AWS counts them and as the exposure judge sees them.
 */
import { Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { checkCidr } from '../../core/cidr';
import { ExposureRule } from '../../core/exposure';
import { PortRange } from '../../core/ports';
import { CountedRule } from '../../core/quota';

/** One rule of a security group as rendered: direction, TCP ports (or all), and peer. */
export interface RenderedRule {
  readonly direction: 'ingress' | 'egress';
  /** TCP port ranges, `all` for every protocol, empty for other protocols (UDP, ICMP). */
  readonly ports: readonly PortRange[] | 'all';
  readonly peer: CountedRule['peer'];
  /** The CIDR text, for CIDR peers. */
  readonly cidr?: unknown;
}

/** Every rule a security group has at synth: inline rules plus separate rule resources in its stack. */
export function securityGroupRules(group: ec2.SecurityGroup): RenderedRule[] {
  const stack = Stack.of(group);
  const cfn = group.node.defaultChild as ec2.CfnSecurityGroup;
  const groupRef = JSON.stringify(stack.resolve(group.securityGroupId));
  const prefixLists = new Map<string, ec2.CfnPrefixList>();
  const rules: RenderedRule[] = [];
  const visit = (direction: 'ingress' | 'egress', raw: Record<string, unknown>) => rules.push(renderedRule(direction, raw, prefixLists, stack));

  const nodes = stack.node.findAll();
  for (const node of nodes) {
    if (node instanceof ec2.CfnPrefixList) prefixLists.set(JSON.stringify(stack.resolve(node.attrPrefixListId)), node);
  }
  for (const raw of asArray(stack.resolve(cfn.securityGroupIngress))) visit('ingress', raw);
  for (const raw of asArray(stack.resolve(cfn.securityGroupEgress))) visit('egress', raw);
  for (const node of nodes) {
    if (node instanceof ec2.CfnSecurityGroupIngress && JSON.stringify(stack.resolve(node.groupId)) === groupRef) visit('ingress', stack.resolve(rawProps(node)));
    if (node instanceof ec2.CfnSecurityGroupEgress && JSON.stringify(stack.resolve(node.groupId)) === groupRef) visit('egress', stack.resolve(rawProps(node)));
  }
  return rules;
}

/** The CIDR rules among rendered ones, as the exposure judge sees them (token CIDRs left out). */
export function exposureOf(rules: readonly RenderedRule[]): ExposureRule[] {
  const out: ExposureRule[] = [];
  for (const rule of rules) {
    if (rule.peer.kind !== 'cidr' || typeof rule.cidr !== 'string') continue;
    const check = checkCidr(rule.cidr);
    if (check.ok) out.push({ blocks: [check.value], ports: rule.ports });
  }
  return out;
}

function rawProps(node: ec2.CfnSecurityGroupIngress | ec2.CfnSecurityGroupEgress): Record<string, unknown> {
  const n = node as unknown as Record<string, unknown>;
  return {
    cidrIp: n.cidrIp,
    cidrIpv6: n.cidrIpv6,
    sourceSecurityGroupId: n.sourceSecurityGroupId,
    destinationSecurityGroupId: n.destinationSecurityGroupId,
    sourcePrefixListId: n.sourcePrefixListId,
    destinationPrefixListId: n.destinationPrefixListId,
    ipProtocol: n.ipProtocol,
    fromPort: n.fromPort,
    toPort: n.toPort,
  };
}

function renderedRule(direction: 'ingress' | 'egress', raw: Record<string, unknown>, prefixLists: Map<string, ec2.CfnPrefixList>, stack: Stack): RenderedRule {
  const get = (camel: string) => raw[camel] ?? raw[camel.charAt(0).toUpperCase() + camel.slice(1)];
  const protocol = String(get('ipProtocol'));
  const from = Number(get('fromPort'));
  const to = Number(get('toPort'));
  const ports: RenderedRule['ports'] =
    protocol === '-1' || protocol === 'all' ? 'all' : (protocol === 'tcp' || protocol === '6') && Number.isInteger(from) && Number.isInteger(to) ? [{ from: Math.max(from, 1), to: Math.min(to, 65535) }] : [];
  const cidr = get('cidrIp') ?? get('cidrIpv6');
  return { direction, ports, peer: peerOf(raw, prefixLists, stack), cidr };
}

function peerOf(raw: Record<string, unknown>, prefixLists: Map<string, ec2.CfnPrefixList>, stack: Stack): CountedRule['peer'] {
  const get = (camel: string) => raw[camel] ?? raw[camel.charAt(0).toUpperCase() + camel.slice(1)];
  if (get('cidrIp') !== undefined) return { kind: 'cidr', family: 'ipv4' };
  if (get('cidrIpv6') !== undefined) return { kind: 'cidr', family: 'ipv6' };
  const prefixList = get('sourcePrefixListId') ?? get('destinationPrefixListId');
  if (prefixList !== undefined) {
    const known = prefixLists.get(JSON.stringify(prefixList));
    if (known) {
      const family = stack.resolve(known.addressFamily);
      return { kind: 'prefix-list', maxEntries: stack.resolve(known.maxEntries) as number, family: family === 'IPv6' ? 'ipv6' : 'ipv4' };
    }
    return { kind: 'prefix-list' };
  }
  return { kind: 'security-group' };
}

function asArray(value: unknown): Array<Record<string, unknown>> {
  return Array.isArray(value) ? (value as Array<Record<string, unknown>>) : [];
}
