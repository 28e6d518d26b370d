/**
 * Turns a workspace's network props (as a user wrote them, on either cloud) into the checked,
 * normalised network model. Both renderers call this, so the same `ingress` list means the same
 * thing on AWS and on GCP.
 */
import { AddressSet } from './address-space';
import { ErrorCode, ValidationScope, fail } from './errors';
import { ExposureRule, PortExposure, adminPorts, familyLabel, formatRanges, internetExposure, publicInternet, rangesContain, subtractPorts } from './exposure';
import { Ingress, NormalizedRule, normalizeRules } from './ingress';
import { WorkspaceNetworkModel } from './network-paths';
import { PortRange, SchedulerPorts, WorkerPorts, checkPort, toPortRanges } from './ports';
import { compactRules } from './quota';

export interface WorkspaceNetworkInput {
  readonly ingress?: unknown;
  readonly schedulerPort?: unknown;
  readonly workerPorts?: unknown;
  readonly restrictEgress?: boolean;
  readonly dataSources?: unknown;
  readonly workersPublicIp: boolean;
  readonly schedulerPublicIp: boolean;
}

export function buildNetworkModel(scope: ValidationScope, input: WorkspaceNetworkInput): WorkspaceNetworkModel {
  const usingDefault = input.ingress === undefined;
  const ingress = normalizeRules(scope, 'ingress', usingDefault ? Ingress.defaults() : input.ingress);

  const schedulerPort = input.schedulerPort ?? SchedulerPorts.COILED_DEFAULT;
  checkPort(scope, 'schedulerPort', schedulerPort);

  let workerPorts: WorkerPorts | undefined;
  if (input.workerPorts !== undefined) {
    const wp = input.workerPorts as Partial<WorkerPorts>;
    if (wp === null || typeof wp !== 'object') {
      fail(scope, { code: ErrorCode.INVALID_PORT, input: 'workerPorts', value: wp, problem: 'expected { nannyPort, workerPort }', fix: 'write workerPorts: { nannyPort: 8000, workerPort: 9000 }' });
    }
    checkPort(scope, 'workerPorts.nannyPort', wp.nannyPort);
    checkPort(scope, 'workerPorts.workerPort', wp.workerPort);
    if (wp.nannyPort === wp.workerPort && !scope.isUnresolved(wp.nannyPort)) {
      fail(scope, { code: ErrorCode.INVALID_PORT, input: 'workerPorts', value: wp, problem: 'the nanny and the worker cannot listen on the same port', fix: "use two ports, e.g. Coiled's example nannyPort 8000, workerPort 9000", suggestion: { input: 'workerPorts', value: { nannyPort: 8000, workerPort: 9000 } } });
    }
    workerPorts = { nannyPort: wp.nannyPort!, workerPort: wp.workerPort! };
  }

  let restrictedEgress: NormalizedRule[] | undefined;
  if (input.restrictEgress) {
    restrictedEgress = normalizeRules(scope, 'dataSources', input.dataSources ?? []);
  } else if (input.dataSources !== undefined) {
    fail(scope, {
      code: ErrorCode.CONFLICTING_OPTIONS,
      input: 'dataSources',
      value: input.dataSources,
      problem: 'dataSources only narrow egress when restrictEgress is true; with all egress allowed they would have no effect',
      fix: 'set restrictEgress: true, or remove dataSources',
      suggestion: { input: 'restrictEgress', value: true },
    });
  }

  return {
    ingress,
    schedulerPort: schedulerPort as number,
    workerPorts,
    restrictedEgress,
    workersPublicIp: input.workersPublicIp,
    schedulerPublicIp: input.schedulerPublicIp,
  };
}

/** The ingress rules of a normalised list as the exposure judge sees them (tokens left out). */
export function exposureRules(rules: readonly NormalizedRule[]): ExposureRule[] {
  return rules.filter((r) => r.parsed).map((r) => ({ blocks: [r.parsed!], ports: toPortRanges(r.ports) }));
}

export interface IngressJudgement {
  /** Every ingress rule the target will have, however it was added. */
  readonly rules: readonly ExposureRule[];
  /** The rules that came from the `ingress` prop alone (to say which input opened what). */
  readonly fromProps: readonly ExposureRule[];
  /** Whether the default ingress is in use. */
  readonly usingDefault: boolean;
  /** What the rules open, for messages: "the scheduler", "every cluster VM". */
  readonly target: string;
  /** Where rules other than the `ingress` prop's come from, for messages. */
  readonly otherSource?: string;
}

/**
 * Warns about ports open to the whole public internet (any port), and about SSH/RDP open to the
 * internet or a wide part of it, judged by address space over the final rules.
 */
export function judgeIngress(scope: ValidationScope, j: IngressJudgement): void {
  const exposures = internetExposure(j.rules, { includeWide: true });
  const fromProps = internetExposure(j.fromProps, { includeWide: true });
  const internet = publicInternet();
  const source = (e: PortExposure, port?: number) => {
    const within = (r: PortRange, p: PortExposure) => p.ranges.some((q) => q.from <= r.from && r.to <= q.to);
    const covers = (p: PortExposure) => (port === undefined ? e.ranges.every((r) => within(r, p)) : rangesContain(p.ranges, port));
    const byProps = fromProps.some((p) => p.family === e.family && p.whole === e.whole && covers(p));
    // Who opened it, with its verb: the ingress prop "opens", rules added elsewhere "open".
    const propName = j.usingDefault ? 'The default ingress' : 'ingress';
    const prop = { opens: `${propName} opens`, viaIngress: true };
    if (byProps) return prop;
    // Part of the exposure comes from the prop's own rules when one of them admits public addresses of the family there.
    const onPorts = (r: ExposureRule) =>
      r.ports === 'all' || r.ports.some((q) => (port === undefined ? e.ranges.some((x) => q.from <= x.to && x.from <= q.to) : q.from <= port && port <= q.to));
    const publicOf = (r: ExposureRule) => AddressSet.fromBlocks(r.blocks.filter((b) => b.family === e.family)).overlaps(internet);
    const contributes = j.fromProps.some((r) => onPorts(r) && publicOf(r));
    if (!j.otherSource) return prop;
    return contributes ? { opens: `${propName} together with ${j.otherSource} opens`, viaIngress: true } : { opens: `${j.otherSource} open`, viaIngress: false };
  };
  const reach = (e: PortExposure) => (e.whole ? `every public ${familyLabel(e.family)} address (the whole internet)` : `${e.share} of the public ${familyLabel(e.family)} internet`);
  for (const e of exposures) {
    const admin = [...adminPorts()].filter(([port]) => rangesContain(e.ranges, port));
    if (admin.length === 0) continue;
    const own = e.family === 'ipv4' ? '203.0.113.7/32' : '2001:db8::7/128';
    scope.warn(
      e.whole ? 'coiled-byoc:adminPortOpenToWorld' : 'coiled-byoc:adminPortOpenWide',
      `${source(e, admin[0][0]).opens} ${admin.map(([p, name]) => `${name} (${p})`).join(', ')} on ${j.target} to ${reach(e)}, however the blocks are written. Give it your own address instead, e.g. { ports: [${admin[0][0]}], cidr: "${own}" }.`,
    );
  }
  for (const e of exposures.filter((x) => x.whole)) {
    const s = source(e);
    // Only the ingress prop is narrowed by setting ingress; rules added elsewhere are narrowed there.
    const narrow = s.viaIngress ? 'To narrow it, set ingress: [{ ports: [443], cidr: "<your VPN or office block>" }].' : 'Narrow those rules to your own blocks, or remove them.';
    scope.warn(
      'coiled-byoc:ingressFromAnywhere',
      `${s.opens} ${portsLabel(e.ranges)} on ${j.target} to ${reach(e)}${j.usingDefault && s.viaIngress ? ', as Coiled does by default; Coiled protects them with TLS and authentication' : ''}. ${narrow}`,
    );
  }
}

export interface EgressJudgement {
  /** Every egress rule of the VMs under restricted egress, however it was added. */
  readonly rules: readonly ExposureRule[];
  /** Ports restricted egress opens to the internet by design (HTTPS). */
  readonly allowedPorts: readonly number[];
  /** Where the rules come from, for messages. */
  readonly source: string;
}

function portsLabel(ranges: readonly PortRange[]): string {
  const text = formatRanges(ranges);
  if (text === 'every port') return text;
  return ranges.length === 1 && ranges[0].from === ranges[0].to ? `port ${text}` : `ports ${text}`;
}

/** Warns when restricted egress is undone: a data source (or rule) reaches the whole internet. */
export function judgeRestrictedEgress(scope: ValidationScope, j: EgressJudgement): void {
  for (const e of internetExposure(j.rules)) {
    const ranges = subtractPorts(e.ranges, j.allowedPorts);
    if (ranges.length === 0) continue;
    const everything = subtractPorts([{ from: 1, to: 65535 }], j.allowedPorts);
    const undone = everything.every((r) => ranges.some((q) => q.from <= r.from && r.to <= q.to));
    scope.warn(
      'coiled-byoc:egressOpenToWorld',
      `restrictEgress is true, but ${j.source} ${undone ? 'open every port' : `open ${portsLabel(ranges)}`} to every public ${familyLabel(e.family)} address (the whole internet)${undone ? ': egress is not restricted at all' : ''}. Give each data source its own block, e.g. { ports: [5432], cidr: "10.20.0.0/16" }.`,
    );
  }
}

/** Warns when nothing can reach the scheduler, or nothing on its port. */
export interface SchedulerReach {
  /** Whether the scheduler has any ingress rule at all. */
  readonly anyIngress: boolean;
  readonly schedulerPort: unknown;
  /** Whether some ingress rule opens the scheduler port. */
  readonly schedulerPortOpen: boolean;
}

export function judgeSchedulerReach(scope: ValidationScope, reach: SchedulerReach): void {
  if (!reach.anyIngress) {
    scope.warn('coiled-byoc:noIngress', 'ingress is empty: the scheduler accepts no connections from outside the cluster, so no Dask client can connect to it.');
    return;
  }
  if (!scope.isUnresolved(reach.schedulerPort) && !reach.schedulerPortOpen) {
    scope.warn(
      'coiled-byoc:schedulerPortNotOpen',
      `no ingress rule opens the scheduler port ${String(reach.schedulerPort)}: Dask clients outside the cluster cannot connect. Add ${String(reach.schedulerPort)} to a rule, or set schedulerPort to the port your clients use.`,
    );
  }
}

/** The warnings a model's own rules deserve (GCP, where every rule comes from the model). */
export function judgeModel(scope: ValidationScope, model: WorkspaceNetworkModel, usingDefault: boolean): void {
  const rules = exposureRules(model.ingress);
  judgeIngress(scope, { rules, fromProps: rules, usingDefault, target: 'the scheduler' });
  judgeSchedulerReach(scope, {
    anyIngress: model.ingress.length > 0,
    schedulerPort: model.schedulerPort,
    schedulerPortOpen: model.ingress.some((r) => r.ports.includes(model.schedulerPort)),
  });
  if (model.restrictedEgress) {
    judgeRestrictedEgress(scope, { rules: exposureRules(model.restrictedEgress), allowedPorts: [SchedulerPorts.COILED_DEFAULT], source: 'dataSources' });
  }
}

/**
 * Keeps a rule list within a budget: as given if it fits, aggregated (losslessly) if that fits,
 * else the library's error naming the input to change.
 */
export function fitRulesToBudget(
  scope: ValidationScope,
  options: {
    readonly code: ErrorCode;
    readonly input: string;
    readonly rules: NormalizedRule[];
    readonly measure: (rules: NormalizedRule[]) => number;
    readonly limit: number;
    readonly what: string;
    readonly fix: string;
  },
): NormalizedRule[] {
  const before = options.measure(options.rules);
  if (before <= options.limit) return options.rules;
  const compacted = compactRules(options.rules);
  const after = options.measure(compacted);
  if (after <= options.limit) {
    scope.warn(
      'coiled-byoc:rulesAggregated',
      `${options.input} needs ${before} ${options.what}, over the limit of ${options.limit}; adjacent and overlapping CIDR blocks were merged (same addresses, same ports) into ${after}.`,
    );
    return compacted;
  }
  fail(scope, {
    code: options.code,
    input: options.input,
    value: `${options.rules.length} rules`,
    problem: `they need ${before} ${options.what} (${after} after merging adjacent CIDR blocks), over the limit of ${options.limit}`,
    fix: options.fix,
  });
}
