import { createHash } from 'crypto';
import type { ComputeFirewall, ComputeFirewallConfig } from '@cdktf/provider-google/lib/compute-firewall';
import { ITerraformDependable, Token } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import { checkDependsOn, checkedConstructorScope } from './private/entry';
import { google } from './private/provider-google';
import { gcpScope } from './private/scope';
import { CONTRACT_METADATA_KEY, contractRecord } from '../core/contract-record';
import { ErrorCode, ValidationScope, fail, withInputNames } from '../core/errors';
import { WorkspaceFirewallOptions } from '../core/firewall-options';
import { NormalizedRule } from '../core/ingress';
import { outerNames } from '../core/input-names';
import { checkDerivedName } from '../core/naming';
import { FirewallRuleSpec, WorkspaceNetworkModel, firewallRules } from '../core/network-paths';
import { formatPortRange, toPortRanges } from '../core/ports';
import { GCP_DEFAULT_FIREWALL_RULE_QUOTA, GCP_LIMITS } from '../core/quota';
import { buildNetworkModel, fitRulesToBudget, judgeModel } from '../core/workspace-model';

/** Props of {@link CoiledGcpFirewall}. */
export interface CoiledGcpFirewallProps extends WorkspaceFirewallOptions {
  /** GCP project. */
  readonly projectId: string;
  /** The network, by name or selfLink. */
  readonly network: string;
  /** Primary range of the workspace subnet (destination of intra-cluster egress under restricted egress). */
  readonly subnetCidr: string;
  /** Network tag of the scheduler (`scheduler_firewall_id`). */
  readonly schedulerTag: string;
  /** Network tag of every cluster VM, scheduler included (`firewall_id`). */
  readonly clusterTag: string;
  /** Prefix of the firewall rule names (`<prefix>-<purpose>`, at most 63 characters). */
  readonly namePrefix: string;
  /**
   * Priority of the allow rules.
   *
   * @default 1000
   */
  readonly priority?: number;
  /**
   * Firewall rules logging (all metadata).
   *
   * @default false
   */
  readonly logging?: boolean;
  /**
   * How many VPC firewall rules the project may hold (Compute Engine quota `FIREWALLS`). These
   * rules, with those of every other Coiled firewall of this app in the same project, are counted
   * against it.
   *
   * @default 100
   */
  readonly ruleQuota?: number;
  /**
   * Whether workers get external IPs (only recorded in the network model).
   *
   * @default true
   */
  readonly workersPublicIp?: boolean;
  /**
   * Whether clients use the scheduler's external IP (only recorded in the network model).
   *
   * @default true
   */
  readonly schedulerPublicIp?: boolean;
  /**
   * Resources the rules must wait for (the Compute API).
   *
   * @default - none
   */
  readonly dependsOn?: ITerraformDependable[];
  /**
   * The Coiled workspace the rules belong to, named in the record they carry for
   * `coiled-byoc analyze`.
   *
   * @default - the record names no workspace
   */
  readonly workspaceName?: string;
}

const DENY_PRIORITY = 65534;
/** Firewall rules each app's Coiled firewalls create, per project (the quota is per project). */
const rulesByProject = new WeakMap<IConstruct, Map<string, number>>();

/**
 * The firewall rules of a Coiled workspace on GCP, by network tag, rendered from the core network
 * model. One scheduler-ingress rule per address family and port set (GCP cannot mix IPv4 and IPv6
 * sources in one rule); names derive from what a rule opens, never from list position.
 */
export class CoiledGcpFirewall extends Construct {
  /** The rules, by construct id. */
  public readonly rules: ComputeFirewall[] = [];
  /** @internal */
  public readonly _model: WorkspaceNetworkModel;
  private readonly props: CoiledGcpFirewallProps;
  private readonly scope: ValidationScope;

  constructor(scope: Construct, id: string, props: CoiledGcpFirewallProps) {
    super(checkedConstructorScope('gcp.CoiledGcpFirewall.new', scope, id, props), id);
    this.props = props;
    checkDependsOn(this.node.path, 'dependsOn', props.dependsOn);
    const v = withInputNames(gcpScope(this), outerNames(props));
    this.scope = v;
    const priority = props.priority ?? 1000;
    if (!Token.isUnresolved(priority) && (!Number.isInteger(priority) || priority < 0 || priority >= DENY_PRIORITY)) {
      fail(v, { code: ErrorCode.INVALID_NUMBER, input: 'priority', value: priority, problem: `allow rules need a priority from 0 to ${DENY_PRIORITY - 1} (lower wins; ${DENY_PRIORITY} is the deny-all of restricted egress)`, fix: 'use 1000 unless your organisation reserves it', suggestion: { input: 'priority', value: 1000 } });
    }
    const quota = props.ruleQuota ?? GCP_DEFAULT_FIREWALL_RULE_QUOTA;
    if (!Token.isUnresolved(quota) && (!Number.isInteger(quota) || quota < 1)) {
      fail(v, { code: ErrorCode.INVALID_NUMBER, input: 'ruleQuota', value: quota, problem: "a project's firewall-rule quota is a whole number of at least 1", fix: `use the FIREWALLS quota \`gcloud compute project-info describe\` shows (${GCP_DEFAULT_FIREWALL_RULE_QUOTA} unless raised)`, suggestion: { input: 'ruleQuota', value: GCP_DEFAULT_FIREWALL_RULE_QUOTA } });
    }
    const model = buildNetworkModel(v, {
      ingress: props.ingress,
      schedulerPort: props.schedulerPort,
      workerPorts: props.workerPorts,
      restrictEgress: props.restrictEgress,
      dataSources: props.dataSources,
      workersPublicIp: props.workersPublicIp ?? true,
      schedulerPublicIp: props.schedulerPublicIp ?? true,
    });
    const fit = (input: string, rules: NormalizedRule[], which: string, limit: number) =>
      fitRulesToBudget(v, {
        code: ErrorCode.FIREWALL_RULE_LIMIT,
        input,
        rules,
        measure: (r) => Math.max(0, ...[...groupRules(r).values()].map((g) => g.rules.length)),
        limit,
        what: `${which} ranges in one firewall rule`,
        fix: `GCP allows at most ${limit} ranges per firewall rule: list fewer or broader CIDR blocks`,
      });
    this._model = {
      ...model,
      ingress: fit('ingress', [...model.ingress], 'source', GCP_LIMITS.sourceRangesPerRule),
      restrictedEgress: model.restrictedEgress && fit('dataSources', [...model.restrictedEgress], 'destination', GCP_LIMITS.destinationRangesPerRule),
    };
    // Every rule comes from the model here: what it really opens is judged now, after merging.
    judgeModel(v, this._model, props.ingress === undefined);

    const ingressGroups = groupRules(this._model.ingress);
    const egressGroups = groupRules(this._model.restrictedEgress ?? []);
    this.checkQuota(v, quota, ingressGroups.size, egressGroups.size);

    // One lookup table: rendering stays linear in the number of rules.
    const specs = firewallRules(this._model);
    const specById = new Map(specs.map((spec) => [spec.id, spec]));
    for (const [key, group] of ingressGroups) {
      this.addRule(`SchedulerIngress-${key}`, `sched-${key}`, {
        direction: 'INGRESS',
        priority,
        sourceRanges: group.rules.map((r) => r.cidr),
        targetTags: [props.schedulerTag],
        allow: [{ protocol: 'tcp', ports: toPortRanges(group.ports).map(formatPortRange) }],
        description: describe(group.rules.map((r) => specById.get(`scheduler-ingress:${r.cidr}`)!)),
      });
    }
    const internal = specById.get('cluster-internal')!;
    const internalRule = this.addRule('ClusterInternal', 'internal', {
      direction: 'INGRESS',
      priority,
      sourceTags: [props.schedulerTag, props.clusterTag],
      targetTags: [props.clusterTag],
      allow: [allowOf(internal)],
      description: internal.description,
    });
    // What the rules were built to allow, so `coiled-byoc analyze` can check the stack's rules
    // (these and any added later) against it with nothing but the file. Terraform ignores "//".
    const workspace = props.workspaceName ?? '';
    internalRule.addOverride(`//.${CONTRACT_METADATA_KEY}`, {
      workspace,
      schedulerTag: props.schedulerTag,
      clusterTag: props.clusterTag,
      networkContract: contractRecord(workspace, this._model),
    });
    this.renderEgress(specById, egressGroups, priority);
  }

  /**
   * Counts the rules this firewall creates, with those of the app's other Coiled firewalls in the
   * same project, against the project's quota (the way AWS rules are counted per group).
   */
  private checkQuota(v: ValidationScope, quota: number, ingressGroups: number, egressGroups: number): void {
    const restricted = this._model.restrictedEgress !== undefined;
    // internal + (all egress, 2 families) or (HTTPS x2, internal egress, data groups, deny x2).
    const own = ingressGroups + 1 + (restricted ? 5 + egressGroups : 2);
    const counts = rulesByProject.get(this.node.root) ?? new Map<string, number>();
    rulesByProject.set(this.node.root, counts);
    const project = String(this.props.projectId);
    const others = counts.get(project) ?? 0;
    if (!Token.isUnresolved(quota) && others + own > quota) {
      const input = restricted && egressGroups > ingressGroups ? 'dataSources' : 'ingress';
      fail(v, {
        code: ErrorCode.FIREWALL_RULE_QUOTA,
        input,
        value: `${input === 'ingress' ? this._model.ingress.length : this._model.restrictedEgress!.length} rules in ${input === 'ingress' ? ingressGroups : egressGroups} distinct sets of ports`,
        problem: `they need ${own} firewall rules (one per address family and set of ports, plus ${own - ingressGroups - (restricted ? egressGroups : 0)} fixed ones)${others > 0 ? `, and other workspaces of this app already create ${others} in the project` : ''}: over the project's quota of ${quota}`,
        fix: 'give rules that share sources the same list of ports (each distinct list is one firewall rule), or raise the FIREWALLS quota of the project and set ruleQuota',
      });
    }
    counts.set(project, others + own);
  }
  private renderEgress(specById: Map<string, FirewallRuleSpec>, egressGroups: Map<string, RuleGroup>, priority: number): void {
    const p = this.props;
    const targets = [p.schedulerTag, p.clusterTag];
    const anywhere = (spec: FirewallRuleSpec, id: string, purpose: string) => {
      this.addRule(id, purpose, { direction: 'EGRESS', priority, destinationRanges: ['0.0.0.0/0'], targetTags: targets, allow: [allowOf(spec)], description: spec.description });
      this.addRule(`${id}Ipv6`, `${purpose}-ipv6`, { direction: 'EGRESS', priority, destinationRanges: ['::/0'], targetTags: targets, allow: [allowOf(spec)], description: spec.description });
    };
    const all = specById.get('egress-all');
    if (all) {
      anywhere(all, 'EgressAll', 'egress-all');
      return;
    }
    anywhere(specById.get('egress-https')!, 'EgressHttps', 'egress-https');
    const withinCluster = specById.get('egress-cluster-internal')!;
    this.addRule('EgressClusterInternal', 'egress-internal', {
      direction: 'EGRESS',
      priority,
      destinationRanges: [p.subnetCidr],
      targetTags: targets,
      allow: [allowOf(withinCluster)],
      description: withinCluster.description,
    });
    for (const [key, group] of egressGroups) {
      this.addRule(`EgressData-${key}`, `data-${key}`, {
        direction: 'EGRESS',
        priority,
        destinationRanges: group.rules.map((r) => r.cidr),
        targetTags: targets,
        allow: [{ protocol: 'tcp', ports: toPortRanges(group.ports).map(formatPortRange) }],
        description: describe(group.rules.map((r) => specById.get(`egress-data:${r.cidr}`)!)),
      });
    }
    for (const [suffix, range] of [
      ['', '0.0.0.0/0'],
      ['-ipv6', '::/0'],
    ]) {
      this.addRule(`EgressDenyAll${suffix ? 'Ipv6' : ''}`, `egress-deny-all${suffix}`, {
        direction: 'EGRESS',
        priority: DENY_PRIORITY,
        destinationRanges: [range],
        targetTags: targets,
        deny: [{ protocol: 'all' }],
        description: 'Restricted egress: deny everything not allowed above',
      });
    }
  }

  private addRule(id: string, purpose: string, config: Omit<ComputeFirewallConfig, 'name' | 'network' | 'project'>): ComputeFirewall {
    const p = this.props;
    const name = checkDerivedName(this.scope, 'gcpRfc1035', { input: 'namePrefix', value: p.namePrefix, what: 'the firewall rule name' }, `${p.namePrefix}-${purpose}`, 'set a shorter namePrefix');
    const rule = new google.ComputeFirewall(this, id, {
      ...config,
      project: p.projectId,
      network: p.network,
      name,
      logConfig: p.logging ? { metadata: 'INCLUDE_ALL_METADATA' } : undefined,
      dependsOn: p.dependsOn,
    });
    this.rules.push(rule);
    return rule;
  }
}

interface RuleGroup {
  readonly ports: number[];
  readonly rules: NormalizedRule[];
}

/**
 * Rules grouped by address family and port set: the unit of one GCP firewall rule. The key names
 * both, e.g. `ipv4-443-8786-8787`, or `ipv4-p<hash>` when the port list is long.
 */
function groupRules(rules: readonly NormalizedRule[]): Map<string, RuleGroup> {
  const groups = new Map<string, RuleGroup>();
  for (const rule of rules) {
    const family = rule.family === 'ipv6' ? 'ipv6' : 'ipv4';
    const key = `${family}-${portsSignature(rule.ports)}`;
    const group = groups.get(key) ?? { ports: rule.ports, rules: [] };
    group.rules.push(rule);
    groups.set(key, group);
  }
  return groups;
}

/** Readable when short (`443-8786-8787`), else a stable hash of the port list. */
export function portsSignature(ports: readonly number[]): string {
  const plain = ports.join('-');
  return plain.length <= 16 && !ports.some((p) => Token.isUnresolved(p)) ? plain : `p${createHash('sha256').update(ports.join(',')).digest('hex').slice(0, 8)}`;
}

function allowOf(spec: FirewallRuleSpec): { protocol: string; ports?: string[] } {
  return spec.protocol === 'all' ? { protocol: 'all' } : { protocol: 'tcp', ports: toPortRanges(spec.ports).map(formatPortRange) };
}

function describe(specs: FirewallRuleSpec[]): string {
  const text = [...new Set(specs.map((s) => s.description))].sort().join('; ');
  return text.length <= 2048 ? text : `${text.slice(0, 2045)}...`;
}
