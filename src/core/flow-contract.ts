/**
 * Coiled's network contract, as a check on a flow matrix.
 *
 * The contract is the seed's network-path tables (network-paths.ts) filled with a workspace's
 * configuration: client CIDRs to the scheduler on their ports, workers and scheduler to each other
 * on Dask's ports, every VM to the control plane, package indexes and data sources, and nothing
 * else into the cluster from outside it. A workspace records the configuration it was built with
 * in its template (`contractRecord`), so the check needs nothing but the file.
 *
 * `expectedMatrix` is the matrix the core model predicts for a configuration, derived from the
 * model's meaning alone (union of what each rule opens), never from the rendered rules; the
 * analyzer's matrix, computed from the rendered rules, must equal it.
 */
import { AddressSet } from './address-space';
import { CONTRACT_VERSION, ContractRecord } from './contract-record';
import { adminPorts } from './exposure';
import {
  AnalysisInput, DESTINATION_IDS, DeclaredContract, FlowCell, FlowMatrix, internetIpv4, internetIpv6, PathFact, ROLES, RoleName,
  SOURCE_IDS, addressesOf, checkCidrOnce, baseDestinations, baseSources, cellOf, cidrSourceId, computeMatrix, dataDestinationId, destinationServices,
} from './flow-analysis';
import { NormalizedRule } from './ingress';
import { WorkspaceNetworkModel, networkPaths } from './network-paths';
import { PortSet, ServiceSet } from './port-set';
import { TrafficBox, TrafficSet } from './traffic-set';

// The record itself lives in contract-record.ts, which the constructs load: this module (and the
// analyzer it pulls in) is only for reading files back.
export { CONTRACT_METADATA_KEY, CONTRACT_VERSION, ContractRecord, contractRecord } from './contract-record';

/** Reads a record back; `undefined` (with the reason) when it is not one this version understands. */
export function parseContractRecord(value: unknown): { contract?: DeclaredContract; problem?: string } {
  const v = value as Partial<ContractRecord> | undefined;
  if (!v || typeof v !== 'object') return { problem: 'no contract record' };
  if (v.version !== CONTRACT_VERSION) return { problem: `contract record version ${JSON.stringify(v.version)} is not ${CONTRACT_VERSION}` };
  const rules = (list: unknown, what: string) => {
    if (!Array.isArray(list)) throw new Error(`${what} is not a list`);
    return list.map((item: { ports?: unknown; cidr?: unknown } | null) => {
      const r = item ?? {};
      if (!Array.isArray(r.ports) || !r.ports.every(isPort)) throw new Error(`${what} has a rule whose ports are not known at synth time`);
      const check = checkCidrOnce(r.cidr);
      if (!check.ok) throw new Error(`${what} has a CIDR not known at synth time (${JSON.stringify(r.cidr)})`);
      return { ports: r.ports as number[], cidr: check.value.cidr };
    });
  };
  try {
    if (!isPort(v.schedulerPort)) throw new Error('the scheduler port is not known at synth time');
    if (v.workerPorts && !(isPort(v.workerPorts.nannyPort) && isPort(v.workerPorts.workerPort))) throw new Error('the worker ports are not known at synth time');
    return {
      contract: {
        ingress: rules(v.ingress, 'ingress'),
        schedulerPort: v.schedulerPort as number,
        workerPorts: v.workerPorts,
        restrictedEgress: v.egress === 'all' ? undefined : rules(v.egress, 'dataSources'),
        workersPublicIp: v.workersPublicIp !== false,
        schedulerPublicIp: v.schedulerPublicIp !== false,
      },
    };
  } catch (e) {
    return { problem: (e as Error).message };
  }
}

function isPort(value: unknown): value is number {
  return Number.isInteger(value) && (value as number) >= 1 && (value as number) <= 65535;
}

/** The core network model a declared contract stands for. */
export function modelOf(contract: DeclaredContract): WorkspaceNetworkModel {
  const normalized = (rules: DeclaredContract['ingress']): NormalizedRule[] =>
    rules.map((r) => {
      const check = checkCidrOnce(r.cidr);
      if (!check.ok) throw new Error(`not a CIDR block: ${r.cidr}`);
      const parsed = check.value;
      return { cidr: parsed.cidr, family: parsed.family, parsed, ports: [...r.ports] };
    });
  return {
    ingress: normalized(contract.ingress),
    schedulerPort: contract.schedulerPort,
    workerPorts: contract.workerPorts,
    restrictedEgress: contract.restrictedEgress && normalized(contract.restrictedEgress),
    workersPublicIp: contract.workersPublicIp,
    schedulerPublicIp: contract.schedulerPublicIp,
  };
}

type Environment = Pick<AnalysisInput, 'vpc' | 'roles' | 'objectStore' | 'internalEgressAlsoReaches'>;

function boxesOf(rules: DeclaredContract['ingress']): TrafficBox[] {
  return rules.map((r) => ({ services: ServiceSet.tcp(r.ports), addresses: addressesOf(r.cidr) }));
}

/** What cluster members open to each other: everything, or the scheduler, nanny and worker ports. */
export function internalServices(contract: DeclaredContract): ServiceSet {
  const wp = contract.workerPorts;
  return wp ? ServiceSet.tcp([contract.schedulerPort, wp.nannyPort, wp.workerPort]) : ServiceSet.ALL;
}

/**
 * The matrix a configuration means, for VMs at the addresses the file puts them: scheduler
 * ingress is the union of the ingress rules; cluster members open `internalServices` to each
 * other; egress is everything, or HTTPS anywhere + the cluster + the data sources.
 */
export function expectedMatrix(contract: DeclaredContract, env: Environment): FlowMatrix {
  const sources = baseSources(env, [...new Set(contract.ingress.map((r) => r.cidr))]);
  const destinations = baseDestinations(env, (contract.restrictedEgress ?? []).map((r) => r.cidr));
  const internal = internalServices(contract);
  const cache = new Map<AddressSet, TrafficSet>();
  const egress = (toCluster: AddressSet) => cache.get(toCluster) ?? cache.set(toCluster, egressTo(toCluster)).get(toCluster)!;
  const egressTo = (toCluster: AddressSet) =>
    contract.restrictedEgress
      ? TrafficSet.fromBoxes([
        { services: ServiceSet.tcp([443]), addresses: AddressSet.everything() },
        { services: internal, addresses: toCluster.union(env.internalEgressAlsoReaches) },
        ...boxesOf(contract.restrictedEgress),
      ])
      : TrafficSet.ALL;
  const schedulerIngress = TrafficSet.fromBoxes(boxesOf(contract.ingress));
  const cells: FlowCell[] = [];
  const push = (source: string, destination: string, full: ServiceSet, possible: ServiceSet) => {
    if (!possible.isEmpty()) cells.push({ source, destination, full, partial: possible.subtract(full), allowedBy: [] });
  };
  for (const source of sources) {
    if (source.kind === 'vm') continue;
    const c = schedulerIngress.coverage(source.addresses!);
    push(source.id, 'scheduler', c.full, c.full.union(c.partial));
  }
  for (const dst of ROLES) {
    for (const src of ROLES) {
      if (src === dst && dst === 'scheduler') continue;
      const from = env.roles[src].addresses;
      const to = env.roles[dst].addresses;
      const inbound = (dst === 'scheduler' ? schedulerIngress : TrafficSet.EMPTY).union(TrafficSet.fromBoxes([{ services: internal, addresses: from }])).coverage(from);
      const outbound = egress(to).coverage(to);
      const full = inbound.full.intersect(outbound.full);
      push(src, dst, full, inbound.full.union(inbound.partial).intersect(outbound.full.union(outbound.partial)));
    }
  }
  for (const src of ROLES) {
    for (const destination of destinations) {
      if (destination.kind === 'vm') continue;
      const c = egress(AddressSet.EMPTY).coverage(destination.addresses!);
      const within = destinationServices(destination);
      push(src, destination.id, c.full.intersect(within), c.full.union(c.partial).intersect(within));
    }
  }
  return { sources, destinations, cells };
}

export type Severity = 'violation' | 'warning' | 'note';

export interface Finding {
  readonly severity: Severity;
  /** Stable, for scripts: `beyond-contract`, `internet-to-workers`, `needed-flow-blocked`, ... */
  readonly code: string;
  readonly message: string;
}

export interface NetworkAnalysis {
  readonly input: AnalysisInput;
  readonly matrix: FlowMatrix;
  /** The matrix the declared contract predicts (absent when the file records none). */
  readonly expected?: FlowMatrix;
  readonly findings: readonly Finding[];
}

/** Computes the matrix of a workspace and checks it against its declared contract. */
export function analyzeNetwork(input: AnalysisInput): NetworkAnalysis {
  const matrix = computeMatrix(input);
  const findings: Finding[] = input.notes.map((message) => ({ severity: 'note', code: 'not-analyzed', message }));
  if (!input.contract) {
    findings.push({
      severity: 'violation',
      code: 'contract-unknown',
      message: `the file records no network contract for workspace "${input.workspace}" (${input.contractSource}): the flows below cannot be checked against Coiled's`,
    });
    return { input, matrix, findings };
  }
  const expected = expectedMatrix(input.contract, input);
  findings.push(...neededFlows(input, matrix), ...beyondContract(input, matrix, expected));
  findings.push(...networkShape(input), ...configuredExposure(input.contract));
  return { input, matrix, expected, findings };
}

/** A cell's services, at most as wide as `full` (every address) and `possible` (some). */
interface Reach {
  readonly full: ServiceSet;
  readonly possible: ServiceSet;
}

function reachOf(c: FlowCell): Reach {
  return { full: c.full, possible: c.full.union(c.partial) };
}

/** Differences between two matrices, cell by cell: what `a` admits beyond `b`. */
export function widerCells(a: FlowMatrix, b: FlowMatrix): Array<{ source: string; destination: string; extra: ServiceSet; cell: FlowCell }> {
  const out: Array<{ source: string; destination: string; extra: ServiceSet; cell: FlowCell }> = [];
  for (const c of a.cells) {
    const mine = reachOf(c);
    const theirs = reachOf(cellOf(b, c.source, c.destination));
    const extra = mine.full.subtract(theirs.full).union(mine.possible.subtract(theirs.possible));
    if (!extra.isEmpty()) out.push({ source: c.source, destination: c.destination, extra, cell: c });
  }
  return out;
}

/** True when two matrices admit exactly the same services in every cell (rule names aside). */
export function sameFlows(a: FlowMatrix, b: FlowMatrix): boolean {
  return widerCells(a, b).length === 0 && widerCells(b, a).length === 0;
}

function adminNote(services: ServiceSet): string {
  const admin = [...adminPorts()].filter(([port]) => services.ports('tcp').has(port));
  return admin.length ? ` (admin port${admin.length > 1 ? 's' : ''} ${admin.map(([p, n]) => `${n} ${p}`).join(', ')})` : '';
}

function beyondContract(input: AnalysisInput, matrix: FlowMatrix, expected: FlowMatrix): Finding[] {
  // Every cell of a computed matrix names one of its own rows and columns.
  const sources = new Map(matrix.sources.map((s) => [s.id, s.label]));
  const destinations = new Map(matrix.destinations.map((d) => [d.id, d.label]));
  return widerCells(matrix, expected).map(({ source, destination, extra, cell }) => {
    const internetToCluster = (source === SOURCE_IDS.internetIpv4 || source === SOURCE_IDS.internetIpv6) && destination === 'workers';
    const partly = cell.full.intersect(extra).isEmpty() ? ' from part of it' : '';
    return {
      severity: 'violation',
      code: internetToCluster ? 'internet-to-workers' : 'beyond-contract',
      message: `${sources.get(source)!} -> ${destinations.get(destination)!}: ${extra}${partly}${adminNote(extra)} is beyond ${input.workspace}'s contract; allowed by ${cell.allowedBy.join(', ') || 'the implied rules'}`,
    };
  });
}

/** One flow of the seed's tables (`from -> to`), as a cell that must admit `services` from every address. */
interface Need {
  readonly from: string;
  readonly to: string;
  readonly source: string;
  readonly destination: string;
  readonly services: ServiceSet;
}

function needs(contract: DeclaredContract): Need[] {
  const model = modelOf(contract);
  const dynamicPorts = ServiceSet.of('tcp', PortSet.range(1024, 65535));
  const wp = contract.workerPorts;
  const out: Need[] = [];
  const ingress = new Map(model.ingress.map((r) => [`client-to-scheduler:${r.cidr}`, r]));
  for (const path of networkPaths(model)) {
    const id = path.id;
    if (id.startsWith('client-to-scheduler:')) {
      const rule = ingress.get(id)!;
      out.push({ from: path.source, to: path.target, source: cidrSourceId(rule.cidr), destination: 'scheduler', services: ServiceSet.tcp(rule.ports) });
    } else if (id === 'workers-to-scheduler') {
      out.push({ from: 'workers', to: 'scheduler', source: 'workers', destination: 'scheduler', services: ServiceSet.tcp([contract.schedulerPort]) });
    } else if (id === 'scheduler-to-workers') {
      out.push({ from: 'scheduler', to: 'workers', source: 'scheduler', destination: 'workers', services: wp ? ServiceSet.tcp([wp.nannyPort, wp.workerPort]) : dynamicPorts });
    } else if (id === 'worker-to-worker') {
      out.push({ from: 'worker', to: 'worker', source: 'workers', destination: 'workers', services: wp ? ServiceSet.tcp([wp.workerPort]) : dynamicPorts });
    } else if (id === 'vms-to-control-plane') {
      for (const role of ROLES) out.push({ from: role, to: 'Coiled control plane', source: role, destination: DESTINATION_IDS.controlPlane, services: ServiceSet.tcp([443]) });
    } else if (id === 'vms-to-packages') {
      for (const role of ROLES) out.push({ from: role, to: 'package indexes (HTTPS)', source: role, destination: DESTINATION_IDS.internet, services: ServiceSet.tcp([443]) });
    } else if (id === 'vms-to-data') {
      for (const role of ROLES) {
        if (model.restrictedEgress) {
          for (const r of model.restrictedEgress) out.push({ from: role, to: `data source ${r.cidr}`, source: role, destination: dataDestinationId(r.cidr), services: ServiceSet.tcp(r.ports) });
        } else {
          out.push({ from: role, to: 'object store', source: role, destination: DESTINATION_IDS.objectStore, services: ServiceSet.tcp([443]) });
        }
      }
    }
  }
  return out;
}

function neededFlows(input: AnalysisInput, matrix: FlowMatrix): Finding[] {
  const findings: Finding[] = [];
  // Flows whose route is not in the file, one line per origin and missing route.
  const unrouted = new Map<string, { from: string; via: string; to: string[] }>();
  for (const need of needs(input.contract!)) {
    const c = cellOf(matrix, need.source, need.destination);
    const missing = need.services.subtract(c.full);
    if (!missing.isEmpty()) {
      const partly = c.partial.intersect(missing).isEmpty() ? '' : ' (only from part of the source)';
      findings.push({ severity: 'violation', code: 'needed-flow-blocked', message: `${need.from} -> ${need.to}: ${missing} is needed but not allowed${partly}` });
      continue;
    }
    const path: PathFact | undefined = c.path;
    if (path?.kind === 'none') findings.push({ severity: 'violation', code: 'needed-flow-no-route', message: `${need.from} -> ${need.to}: the firewall allows it, but there is no route (${path.via})` });
    if (path?.kind === 'unknown') {
      const key = `${need.from}\n${path.via}`;
      const group = unrouted.get(key) ?? unrouted.set(key, { from: need.from, via: path.via, to: [] }).get(key)!;
      group.to.push(need.to);
    }
  }
  for (const { from, via, to } of unrouted.values()) {
    findings.push({ severity: 'note', code: 'route-not-in-file', message: `${from} -> ${to.join(', ')}: the firewall allows ${to.length > 1 ? 'them' : 'it'}; the route is not in the file (${via})` });
  }
  return findings;
}

/** A network declared private must not be reachable from the internet by its routes. */
function networkShape(input: AnalysisInput): Finding[] {
  const c = input.contract!;
  const declaredPublic: Record<RoleName, boolean> = { scheduler: c.schedulerPublicIp, workers: c.workersPublicIp };
  const findings: Finding[] = [];
  for (const role of ROLES) {
    if (declaredPublic[role]) continue;
    for (const subnet of input.roles[role].subnets) {
      if (subnet.routesToInternetGateway) {
        findings.push({
          severity: 'violation',
          code: 'private-subnet-internet-gateway',
          message: `${role} subnet ${subnet.label} routes to an internet gateway, but the workspace declares its ${role} private: a VM there given a public address is reachable from the internet. Route the subnet's internet traffic through NAT.`,
        });
      }
      if (subnet.mapsPublicIp) {
        findings.push({ severity: 'violation', code: 'private-subnet-public-ip', message: `${role} subnet ${subnet.label} gives every VM a public address, but the workspace declares its ${role} private` });
      }
    }
  }
  return findings;
}

/** What the user opened to the internet on purpose: allowed, said out loud. */
function configuredExposure(contract: DeclaredContract): Finding[] {
  const findings: Finding[] = [];
  const [ipv4, ipv6] = [internetIpv4(), internetIpv6()];
  const internet = ipv4.union(ipv6);
  for (const rule of contract.ingress) {
    const addresses = addressesOf(rule.cidr);
    if (!addresses.overlaps(internet)) continue;
    if (addresses.containsSet(ipv4) || addresses.containsSet(ipv6)) {
      findings.push({
        severity: 'note',
        code: 'scheduler-open-to-internet',
        message: `the configured ingress opens the scheduler to the whole internet (${rule.cidr}) on TCP ${rule.ports.join(', ')}, as Coiled's default does: Dask traffic is TLS-encrypted and authenticated by Coiled; narrow it when your clients have known addresses`,
      });
    }
    const names = adminPorts();
    const admin = rule.ports.filter((p) => names.has(p));
    if (admin.length > 0) {
      findings.push({
        severity: 'warning',
        code: 'admin-port-configured',
        message: `the configured ingress opens ${admin.map((p) => `${names.get(p)} (${p})`).join(', ')} on the scheduler to internet addresses ${rule.cidr}: keep it to the addresses that need it`,
      });
    }
  }
  return findings;
}

export function hasViolations(analysis: NetworkAnalysis): boolean {
  return analysis.findings.some((f) => f.severity === 'violation');
}

