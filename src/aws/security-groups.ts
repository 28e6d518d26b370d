import { Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';
import { COMPLIANCE_PACKS, acknowledge } from './private/acknowledgements';
import { checkedConstructorScope } from './private/entry';
import { awsScope } from './private/scope';
import { RenderedRule, exposureOf, securityGroupRules } from './private/security-group-rules';
import { CONTRACT_METADATA_KEY, contractRecord } from '../core/contract-record';
import { ErrorCode, ValidationScope, fail, withInputNames } from '../core/errors';
import { WorkspaceFirewallOptions } from '../core/firewall-options';
import { NormalizedRule } from '../core/ingress';
import { outerNames } from '../core/input-names';
import { FirewallRuleSpec, WorkspaceNetworkModel, firewallRules } from '../core/network-paths';
import { SchedulerPorts, toPortRanges } from '../core/ports';
import { AWS_DEFAULT_RULES_PER_SECURITY_GROUP, AWS_MAX_RULES_PER_SECURITY_GROUP, RuleCount, countIngressRules, countRules } from '../core/quota';
import { buildNetworkModel, exposureRules, fitRulesToBudget, judgeIngress, judgeRestrictedEgress, judgeSchedulerReach } from '../core/workspace-model';

/** Props of {@link CoiledSecurityGroups}. */
export interface CoiledSecurityGroupsProps extends WorkspaceFirewallOptions {
  /** The VPC the groups belong to. */
  readonly vpc: ec2.IVpc;
  /**
   * Your account's quota of rules per security group and direction (per address family).
   * Raise it here after raising it with AWS.
   *
   * @default 60
   */
  readonly ruleQuota?: number;
  /**
   * Name of the scheduler group.
   *
   * @default - CloudFormation generates one
   */
  readonly schedulerSecurityGroupName?: string;
  /**
   * Name of the cluster group.
   *
   * @default - CloudFormation generates one
   */
  readonly clusterSecurityGroupName?: string;
  /**
   * Whether Coiled gives workers public IPs (only recorded in the network model).
   *
   * @default true
   */
  readonly workersPublicIp?: boolean;
  /**
   * Whether clients use the scheduler's public IP (only recorded in the network model).
   *
   * @default true
   */
  readonly schedulerPublicIp?: boolean;
  /**
   * The Coiled workspace the groups belong to, named in the record they carry for
   * `coiled-byoc analyze`.
   *
   * @default - the record names no workspace
   */
  readonly workspaceName?: string;
}

/**
 * The scheduler and cluster security groups of a Coiled workspace, rendered from the core network
 * model, with a guard that keeps every group within AWS's rule quota.
 *
 * - scheduler group: the configurable ingress (IPv4 and IPv6), nothing else inbound;
 * - cluster group: every cluster VM (the scheduler included) carries it; all traffic between its
 *   members, or TCP on the scheduler/nanny/worker ports when `workerPorts` is set;
 * - egress: on both groups, all by default (as in Coiled's template), or restricted.
 */
export class CoiledSecurityGroups extends Construct {
  /** The scheduler's group (`scheduler_firewall_id`). */
  public readonly schedulerSecurityGroup: ec2.SecurityGroup;
  /** The group of every cluster VM (`firewall_id`). */
  public readonly clusterSecurityGroup: ec2.SecurityGroup;
  /** The quota the groups are checked against. */
  public readonly ruleQuota: number;
  /** @internal */
  public readonly _model: WorkspaceNetworkModel;

  private readonly usingDefaultIngress: boolean;

  constructor(scope: Construct, id: string, props: CoiledSecurityGroupsProps) {
    super(checkedConstructorScope('aws.CoiledSecurityGroups.new', scope, id, props), id);
    const v = withInputNames(awsScope(this), outerNames(props));
    this.ruleQuota = props.ruleQuota ?? AWS_DEFAULT_RULES_PER_SECURITY_GROUP;
    const quota = this.ruleQuota;
    if (!Token.isUnresolved(quota) && (!Number.isInteger(quota) || quota < 1 || quota > AWS_MAX_RULES_PER_SECURITY_GROUP)) {
      fail(v, {
        code: ErrorCode.INVALID_NUMBER,
        input: 'ruleQuota',
        value: this.ruleQuota,
        problem: `a security group's rule quota is a whole number from 1 to ${AWS_MAX_RULES_PER_SECURITY_GROUP}`,
        fix: 'use the value AWS shows for "Inbound or outbound rules per security group" in Service Quotas (60 unless raised)',
        suggestion: { input: 'ruleQuota', value: AWS_DEFAULT_RULES_PER_SECURITY_GROUP },
      });
    }
    this.usingDefaultIngress = props.ingress === undefined;

    const model = buildNetworkModel(v, {
      ingress: props.ingress,
      schedulerPort: props.schedulerPort,
      workerPorts: props.workerPorts,
      restrictEgress: props.restrictEgress,
      dataSources: props.dataSources,
      workersPublicIp: props.workersPublicIp ?? true,
      schedulerPublicIp: props.schedulerPublicIp ?? true,
    });
    // Restricted egress always carries HTTPS anywhere and the cluster-internal rule(s).
    const wp = model.workerPorts;
    const reservedEgress = 1 + (wp ? toPortRanges([model.schedulerPort, wp.nannyPort, wp.workerPort]).length : 1);
    const fit = (input: string, rules: NormalizedRule[], direction: string) =>
      fitRulesToBudget(v, {
        code: ErrorCode.SECURITY_GROUP_RULE_QUOTA,
        input,
        rules,
        measure: (r) => {
          const c = countIngressRules(r);
          return Math.max(c.ipv4, c.ipv6);
        },
        // A quota only known at deploy time cannot be checked here.
        limit: Token.isUnresolved(this.ruleQuota) ? Infinity : this.ruleQuota - (direction === 'egress' ? reservedEgress : 0),
        what: `${direction} rules in one security group (per address family: one per CIDR block and contiguous port range)`,
        fix: `list fewer or broader CIDR blocks, fewer separate ports, or raise the quota with AWS and set ruleQuota (the current quota is ${this.ruleQuota})`,
      });
    this._model = {
      ...model,
      ingress: fit('ingress', [...model.ingress], 'ingress'),
      restrictedEgress: model.restrictedEgress && fit('dataSources', [...model.restrictedEgress], 'egress'),
    };

    const allEgress = !this._model.restrictedEgress;
    this.schedulerSecurityGroup = new ec2.SecurityGroup(this, 'Scheduler', {
      vpc: props.vpc,
      securityGroupName: props.schedulerSecurityGroupName,
      description: 'Coiled scheduler: Dask client ingress',
      allowAllOutbound: allEgress,
      allowAllIpv6Outbound: allEgress,
    });
    this.clusterSecurityGroup = new ec2.SecurityGroup(this, 'Cluster', {
      vpc: props.vpc,
      securityGroupName: props.clusterSecurityGroupName,
      description: 'Coiled cluster: traffic between cluster VMs',
      allowAllOutbound: allEgress,
      allowAllIpv6Outbound: allEgress,
    });

    for (const rule of firewallRules(this._model)) this.render(rule);
    // What the groups were built to allow, so `coiled-byoc analyze` can check the template's rules
    // (these and any added later) against it with nothing but the file. Metadata changes no resource.
    const workspace = props.workspaceName ?? '';
    (this.schedulerSecurityGroup.node.defaultChild as ec2.CfnSecurityGroup).addMetadata(CONTRACT_METADATA_KEY, { workspace, role: 'scheduler' });
    (this.clusterSecurityGroup.node.defaultChild as ec2.CfnSecurityGroup).addMetadata(CONTRACT_METADATA_KEY, {
      workspace,
      role: 'cluster',
      networkContract: contractRecord(workspace, this._model),
    });
    if (this._model.workerPorts === undefined) {
      acknowledge(
        this.clusterSecurityGroup,
        COMPLIANCE_PACKS,
        'EC2RestrictedCommonPorts',
        "The all-traffic rule's only source is the cluster group itself (cluster VMs, nothing from the internet); Coiled requires all traffic between cluster VMs. Narrow it with workerPorts.",
      );
    }
    for (const group of [this.schedulerSecurityGroup, this.clusterSecurityGroup]) {
      group.node.addValidation({ validate: () => this.checkQuota(group) });
    }
    // Rules added through `connections` exist only once the app is built: what the groups really
    // open is judged at synth, over every rule they then have.
    this.node.addValidation({ validate: () => this.judgeRenderedRules(v) });
  }

  /**
   * Warnings about what the groups really open, by address space, over every rule they have at
   * synth (the `ingress` prop after merging and aggregation, and rules added with `connections`).
   */
  private judgeRenderedRules(scope: ValidationScope): string[] {
    // A re-synthesis repeats no warning: CDK's Annotations keep one of identical messages.
    const scheduler = securityGroupRules(this.schedulerSecurityGroup);
    const cluster = securityGroupRules(this.clusterSecurityGroup);
    const fromProps = exposureRules(this._model.ingress);
    const otherSource = 'rules added through connections (allowFrom, allowDefaultPortFrom)';
    const ingressOf = (rules: RenderedRule[]) => exposureOf(rules.filter((r) => r.direction === 'ingress'));
    judgeIngress(scope, { rules: ingressOf([...scheduler, ...cluster]), fromProps, usingDefault: this.usingDefaultIngress, target: 'the scheduler', otherSource });
    judgeIngress(scope, { rules: ingressOf(cluster), fromProps: [], usingDefault: false, target: 'every cluster VM (workers too)', otherSource: 'rules added to the cluster group (clusterConnections)' });
    // The scheduler carries the cluster group too: a rule there from outside the cluster reaches it.
    // Group peers there are left out: the cluster's own all-traffic rule is one, and a rule does not
    // say here which group it admits.
    const schedulerIngress = [...scheduler, ...cluster.filter((r) => r.peer.kind !== 'security-group')].filter((r) => r.direction === 'ingress');
    judgeSchedulerReach(scope, {
      anyIngress: schedulerIngress.length > 0,
      schedulerPort: this._model.schedulerPort,
      schedulerPortOpen: schedulerIngress.some((r) => r.ports === 'all' || r.ports.some((p) => p.from <= this._model.schedulerPort && this._model.schedulerPort <= p.to)),
    });
    if (this._model.restrictedEgress) {
      const egress = exposureOf([...scheduler, ...cluster].filter((r) => r.direction === 'egress'));
      judgeRestrictedEgress(scope, { rules: egress, allowedPorts: [SchedulerPorts.COILED_DEFAULT], source: 'dataSources (or egress rules added through connections)' });
    }
    return [];
  }

  private render(rule: FirewallRuleSpec): void {
    const ports = rule.protocol === 'all' ? [ec2.Port.allTraffic()] : toPortRanges(rule.ports).map((r) => (r.from === r.to ? ec2.Port.tcp(r.from) : ec2.Port.tcpRange(r.from, r.to)));
    const peers: ec2.IPeer[] =
      rule.peer.kind === 'cluster'
        ? [this.clusterSecurityGroup]
        : rule.peer.kind === 'anywhere'
          ? [ec2.Peer.anyIpv4(), ec2.Peer.anyIpv6()]
          : [rule.peer.rule.family === 'ipv6' ? ec2.Peer.ipv6(rule.peer.rule.cidr) : ec2.Peer.ipv4(rule.peer.rule.cidr)];
    if (rule.direction === 'ingress') {
      const group = rule.target === 'scheduler' ? this.schedulerSecurityGroup : this.clusterSecurityGroup;
      for (const peer of peers) for (const port of ports) group.addIngressRule(peer, port, rule.description);
      return;
    }
    if (rule.id === 'egress-all') return; // rendered by allowAllOutbound / allowAllIpv6Outbound
    // Egress goes on both groups: it must not depend on which groups Coiled attaches to the scheduler.
    for (const group of [this.schedulerSecurityGroup, this.clusterSecurityGroup]) {
      for (const peer of peers) for (const port of ports) group.addEgressRule(peer, port, rule.description);
    }
  }

  /** Counts every rule the group will have, however it was added, against the quota. */
  private checkQuota(group: ec2.SecurityGroup): string[] {
    if (Token.isUnresolved(this.ruleQuota)) return [];
    const count = countSecurityGroupRules(group);
    const over = (['ingressIpv4', 'ingressIpv6', 'egressIpv4', 'egressIpv6'] as const).filter((k) => count[k] > this.ruleQuota);
    const messages = over.map(
      (k) =>
        `[coiled-byoc ${ErrorCode.SECURITY_GROUP_RULE_QUOTA}] at '${group.node.path}': ${k.replace(/(ingress|egress)(Ipv[46])/, '$1 $2')} rules = ${count[k]}: over the quota of ${this.ruleQuota} rules per security group (rules added with connections.allowFrom/allowTo count too, prefix lists at their maximum entries). Fix: remove or merge rules, or raise the quota with AWS and set ruleQuota.`,
    );
    if (count.unknownPrefixLists > 0) {
      awsScope(group).warn('coiled-byoc:prefixListSizeUnknown', `${count.unknownPrefixLists} rule(s) reference a prefix list of unknown size; AWS counts each as the list's maximum entries against the quota of ${this.ruleQuota}.`);
    }
    return messages;
  }
}

/** Every rule of a security group as AWS counts it: inline rules plus separate rule resources. */
export function countSecurityGroupRules(group: ec2.SecurityGroup): RuleCount {
  return countRules(securityGroupRules(group));
}
