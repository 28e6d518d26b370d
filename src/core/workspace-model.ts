/**
 * Turns a workspace's network props (as a user wrote them, on either cloud) into the checked,
 * normalised network model. Both renderers call this, so the same `ingress` list means the same
 * thing on AWS and on GCP.
 */
import { ErrorCode, ErrorCodeValue, ValidationScope, fail } from './errors';
import { Ingress, NormalizedRule, normalizeRules, opensToAnywhere } from './ingress';
import { WorkspaceNetworkModel } from './network-paths';
import { SchedulerPorts, WorkerPorts, checkPort, formatPorts } from './ports';
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

/** Ports that must never be open to the whole internet without a warning. */
const ADMIN_PORTS = new Map([
  [22, 'SSH'],
  [3389, 'RDP'],
]);

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
      fail(scope, { code: ErrorCode.INVALID_PORT, input: 'workerPorts', value: wp, problem: 'the nanny and the worker cannot listen on the same port', fix: "use two ports, e.g. Coiled's example nannyPort 8000, workerPort 9000" });
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
    });
  }

  warnAboutIngress(scope, ingress, usingDefault);
  if (ingress.length > 0 && !scope.isUnresolved(schedulerPort) && !ingress.some((r) => r.ports.includes(schedulerPort as number))) {
    scope.warn(
      'coiled-byoc:schedulerPortNotOpen',
      `no ingress rule opens the scheduler port ${schedulerPort}: Dask clients outside the cluster cannot connect. Add ${schedulerPort} to a rule, or set schedulerPort to the port your clients use.`,
    );
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

function warnAboutIngress(scope: ValidationScope, ingress: NormalizedRule[], usingDefault: boolean): void {
  if (ingress.length === 0) {
    scope.warn('coiled-byoc:noIngress', 'ingress is empty: the scheduler accepts no connections from outside the cluster, so no Dask client can connect to it.');
  }
  for (const rule of opensToAnywhere(ingress)) {
    const admin = rule.ports.filter((p) => ADMIN_PORTS.has(p));
    if (admin.length > 0) {
      scope.warn(
        'coiled-byoc:adminPortOpenToWorld',
        `ingress opens ${admin.map((p) => `${ADMIN_PORTS.get(p)} (${p})`).join(', ')} on the scheduler to ${rule.cidr}, the whole internet. Give it your own address instead, e.g. { ports: [22], cidr: "203.0.113.7/32" }.`,
      );
    }
    scope.warn(
      'coiled-byoc:ingressFromAnywhere',
      `${usingDefault ? 'The default ingress' : 'ingress'} opens ports ${formatPorts(rule.ports)} on the scheduler to ${rule.cidr} (anyone on the internet), as Coiled does by default; Coiled protects them with TLS and authentication. To narrow it, set ingress: [{ ports: [443], cidr: "<your VPN or office block>" }].`,
    );
  }
}

/**
 * Keeps a rule list within a budget: as given if it fits, aggregated (losslessly) if that fits,
 * else the library's error naming the input to change.
 */
export function fitRulesToBudget(
  scope: ValidationScope,
  options: {
    readonly code: ErrorCodeValue;
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
