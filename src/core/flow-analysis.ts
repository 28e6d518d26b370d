/**
 * Who can reach what, computed from a workspace's rendered firewall: the flow matrix.
 *
 * The readers (read-cloudformation.ts, read-terraform.ts) turn a synthesized template into an
 * `AnalysisInput`: the cluster's two roles (scheduler VMs, worker VMs) with the groups or tags
 * they carry and where their addresses are, every firewall rule in cloud-neutral terms, network
 * ACLs, and the routing facts. Nothing here knows a cloud: AWS security groups are allow rules of
 * one priority; GCP firewall rules keep their priorities and deny actions (lower number first,
 * deny before allow at equal priority, decided over exactly the overlapping traffic), and the
 * network's implied rules arrive as ordinary rules at 65535.
 *
 * Every answer is exact over protocols, ports and addresses (`TrafficSet`): a source is reached
 * on a port when *every* address of it is admitted (`full`), or *some* of them (`partial`).
 */
import { AddressSet } from './address-space';
import { CidrCheck, checkCidr } from './cidr';
import { OTHER_PROTOCOLS, PortSet, ProtocolKey, ServiceSet } from './port-set';
import { TrafficBox, TrafficSet, unionAll } from './traffic-set';

export type RoleName = 'scheduler' | 'workers';
export const ROLES: readonly RoleName[] = ['scheduler', 'workers'];

/** A part of a rule's peer as the file writes it: a CIDR block, a prefix list, a foreign group. */
export interface PeerPart {
  /** `203.0.113.0/24`, `prefix list pl-123 (entries not in this file)`, ... */
  readonly label: string;
  readonly addresses: AddressSet;
}

/** One firewall rule in cloud-neutral terms. */
export interface FilterRule {
  /** Where a reviewer finds it in the file: a logical id, a resource address, a rule name. */
  readonly id: string;
  readonly direction: 'ingress' | 'egress';
  readonly action: 'allow' | 'deny';
  /** Lower is evaluated first; AWS security-group rules all have 0. */
  readonly priority: number;
  /** Membership keys (groups, tags, service accounts) of the VMs it applies to, or every VM. */
  readonly appliesTo: readonly string[] | 'all';
  /** Address peers: the source of an ingress rule, the destination of an egress rule. */
  readonly peerParts: readonly PeerPart[];
  /** Peers given as the workspace's own membership keys (a group referencing itself, source tags). */
  readonly peerGroups: readonly string[];
  readonly services: ServiceSet;
}

/** How a role's VMs reach a destination outside the network, as far as the file tells. */
export interface PathFact {
  /** `ok`: a route exists; `none`: no route; `unknown`: the routing is not in the file. */
  readonly kind: 'ok' | 'none' | 'unknown';
  /** `internet gateway (public IP)`, `NAT gateway`, `Cloud NAT`, `S3 gateway endpoint`, ... */
  readonly via: string;
}

/** What the file says about one subnet a role's VMs are launched into. */
export interface SubnetFacts {
  readonly label: string;
  /** Its network ACL (a key of `AnalysisInput.acls`), or none: the VPC's default ACL allows all. */
  readonly acl?: string;
  /** Whether VMs launched into it get a public address by default (`undefined`: not in the file). */
  readonly mapsPublicIp?: boolean;
  /** Whether it routes (part of) the internet to an internet gateway (`undefined`: not in the file). */
  readonly routesToInternetGateway?: boolean;
}

export interface VmRole {
  /** The keys rules select these VMs by (security groups; network tags and service account). */
  readonly memberships: readonly string[];
  /** How a reviewer recognises the keys: `security groups A, B`, `network tags a, b`. */
  readonly membershipLabel: string;
  /** Where the VMs' private addresses are (the subnets' ranges). */
  readonly addresses: AddressSet;
  readonly addressLabel: string;
  /** The subnets, when the file has them. */
  readonly subnets: readonly SubnetFacts[];
  /** Whether the VMs get a public address. */
  readonly publicAddress: 'yes' | 'no' | 'unknown';
  /** Their path to the internet (and so to Coiled's control plane). */
  readonly internet: PathFact;
  /** Their path to the object store. */
  readonly objectStore: PathFact;
}

/** The network contract the workspace declares (see flow-contract.ts). */
export interface DeclaredContract {
  readonly ingress: ReadonlyArray<{ readonly ports: readonly number[]; readonly cidr: string }>;
  readonly schedulerPort: number;
  readonly workerPorts?: { readonly nannyPort: number; readonly workerPort: number };
  /** Absent: all egress allowed. */
  readonly restrictedEgress?: ReadonlyArray<{ readonly ports: readonly number[]; readonly cidr: string }>;
  readonly workersPublicIp: boolean;
  readonly schedulerPublicIp: boolean;
}

export interface AnalysisInput {
  readonly cloud: 'aws' | 'gcp';
  /** What was read, e.g. `CloudFormation template`. */
  readonly origin: string;
  readonly workspace: string;
  readonly roles: Readonly<Record<RoleName, VmRole>>;
  /** Security groups (AWS) or the network's firewall rules with the implied ones (GCP). */
  readonly rules: readonly FilterRule[];
  /** Network ACLs by key: first match by priority, default deny. */
  readonly acls: ReadonlyMap<string, readonly FilterRule[]>;
  /** The network's own address space (the VPC block; the network's subnet ranges). */
  readonly vpc: { readonly label: string; readonly addresses: AddressSet };
  /** Where the object store's endpoints are, and what it is called. */
  readonly objectStore: { readonly label: string; readonly addresses: AddressSet };
  /**
   * Addresses, beyond the cluster's own VMs, that the cluster-internal egress rule reaches as
   * rendered: GCP egress rules cannot name tags, so it names the subnet range.
   */
  readonly internalEgressAlsoReaches: AddressSet;
  /** The declared contract, when the file records one. */
  readonly contract?: DeclaredContract;
  /** Where the contract came from (`recorded in the template`, `inferred from the outputs`). */
  readonly contractSource: string;
  /** What the reader could not read, said for the reviewer. */
  readonly notes: readonly string[];
}

const checked = new Map<string, CidrCheck>();

/**
 * `checkCidr`, remembered: a file names the same blocks over and over, and parsing is most of
 * the analyzer's time. Bounded, so a long-running process does not grow without end.
 */
export function checkCidrOnce(text: unknown): CidrCheck {
  if (typeof text !== 'string') return checkCidr(text);
  let result = checked.get(text);
  if (!result) {
    if (checked.size > 50_000) checked.clear();
    result = checkCidr(text);
    checked.set(text, result);
  }
  return result;
}

/** The addresses of CIDR texts already known to be valid. */
export function addressesOf(...cidrs: string[]): AddressSet {
  return AddressSet.fromBlocks(cidrs.map((c) => {
    const check = checkCidrOnce(c);
    if (!check.ok) throw new Error(`not a CIDR block: ${c}`);
    return check.value;
  }));
}

/**
 * The whole internet: every address except those no internet host can have (RFC 6890's
 * special-purpose blocks: private, shared, loopback, link-local, benchmarking, multicast,
 * reserved). The documentation blocks (192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24) stay in:
 * examples use them to stand for public addresses.
 */
export function internetIpv4(): AddressSet {
  return AddressSet.everything(['ipv4']).subtract(
    AddressSet.fromCidrs(['0.0.0.0/8', '10.0.0.0/8', '100.64.0.0/10', '127.0.0.0/8', '169.254.0.0/16', '172.16.0.0/12', '192.0.0.0/24', '192.168.0.0/16', '198.18.0.0/15', '224.0.0.0/4', '240.0.0.0/4']),
  );
}

export function internetIpv6(): AddressSet {
  return AddressSet.everything(['ipv6']).subtract(AddressSet.fromCidrs(['::/127', '::ffff:0:0/96', '100::/64', 'fc00::/7', 'fe80::/10', 'ff00::/8']));
}

/**
 * Stand-in address blocks for address sets a file names but does not spell out (a prefix list
 * defined elsewhere, an existing subnet's range, a security group not in the file). Each gets a
 * block of its own in space no host uses (240.0.0.0/4, 100::/64), so it is never "the internet",
 * rules naming the whole family (0.0.0.0/0) still cover it, and narrower rules are assumed not to.
 */
export class UnknownAddresses {
  private readonly byLabel = new Map<string, AddressSet>();

  /** The stand-in for `label` (the same label gives the same block). */
  public block(label: string, family: 'ipv4' | 'ipv6' = 'ipv4'): AddressSet {
    const key = `${family}|${label}`;
    let block = this.byLabel.get(key);
    if (!block) {
      const n = this.byLabel.size;
      block = AddressSet.fromCidrs([family === 'ipv4' ? `240.${(n >> 8) & 255}.${n & 255}.0/24` : `100::${n.toString(16)}:0/112`]); // eslint-disable-line no-bitwise
      this.byLabel.set(key, block);
    }
    return block;
  }
}

export type SourceKind = 'internet' | 'cidr' | 'vpc' | 'vm' | 'other';
export type DestinationKind = 'vm' | 'internet' | 'object-store' | 'control-plane' | 'data';

export interface FlowSource {
  readonly id: string;
  readonly label: string;
  readonly kind: SourceKind;
  readonly addresses?: AddressSet;
  readonly role?: RoleName;
}

export interface FlowDestination {
  readonly id: string;
  readonly label: string;
  readonly kind: DestinationKind;
  readonly addresses?: AddressSet;
  readonly role?: RoleName;
}

export interface FlowCell {
  readonly source: string;
  readonly destination: string;
  /** Admitted from every address of the source (to every address of the destination). */
  readonly full: ServiceSet;
  /** Admitted from (or to) only some of them. */
  readonly partial: ServiceSet;
  /** The rules that allow it. */
  readonly allowedBy: readonly string[];
  /** For destinations outside the network: the route the traffic takes. */
  readonly path?: PathFact;
}

export interface FlowMatrix {
  readonly sources: readonly FlowSource[];
  readonly destinations: readonly FlowDestination[];
  /** Only cells where something is admitted. */
  readonly cells: readonly FlowCell[];
}

export const SOURCE_IDS = { internetIpv4: 'internet-ipv4', internetIpv6: 'internet-ipv6', vpc: 'vpc' } as const;
export const DESTINATION_IDS = { internet: 'internet', objectStore: 'object-store', controlPlane: 'control-plane' } as const;
export function cidrSourceId(cidr: string): string {
  return `cidr:${cidr}`;
}
export function dataDestinationId(cidr: string): string {
  return `data:${cidr}`;
}

/** The empty cell, for lookups of flows the matrix does not hold. */
export function cellOf(matrix: FlowMatrix, source: string, destination: string): FlowCell {
  let index = cellIndexes.get(matrix);
  if (!index) {
    index = new Map(matrix.cells.map((c) => [`${c.source}\n${c.destination}`, c]));
    cellIndexes.set(matrix, index);
  }
  return index.get(`${source}\n${destination}`) ?? { source, destination, full: ServiceSet.EMPTY, partial: ServiceSet.EMPTY, allowedBy: [] };
}

const cellIndexes = new WeakMap<FlowMatrix, Map<string, FlowCell>>();

/** The rows every matrix has, whatever the rules say. */
export function baseSources(input: Pick<AnalysisInput, 'vpc' | 'roles'>, ingressCidrs: readonly string[]): FlowSource[] {
  return [
    { id: SOURCE_IDS.internetIpv4, label: 'The internet (IPv4)', kind: 'internet', addresses: internetIpv4() },
    { id: SOURCE_IDS.internetIpv6, label: 'The internet (IPv6)', kind: 'internet', addresses: internetIpv6() },
    ...ingressCidrs.map<FlowSource>((cidr) => ({ id: cidrSourceId(cidr), label: `Dask client (${cidr})`, kind: 'cidr', addresses: addressesOf(cidr) })),
    { id: SOURCE_IDS.vpc, label: `Other hosts in the network (${input.vpc.label})`, kind: 'vpc', addresses: input.vpc.addresses },
    { id: 'scheduler', label: 'Scheduler VMs', kind: 'vm', role: 'scheduler', addresses: input.roles.scheduler.addresses },
    { id: 'workers', label: 'Worker VMs', kind: 'vm', role: 'workers', addresses: input.roles.workers.addresses },
  ];
}

export function baseDestinations(input: Pick<AnalysisInput, 'objectStore' | 'roles'>, dataCidrs: readonly string[]): FlowDestination[] {
  const internet = internetIpv4();
  return [
    { id: 'scheduler', label: 'Scheduler', kind: 'vm', role: 'scheduler', addresses: input.roles.scheduler.addresses },
    { id: 'workers', label: 'Workers', kind: 'vm', role: 'workers', addresses: input.roles.workers.addresses },
    { id: DESTINATION_IDS.internet, label: 'The internet', kind: 'internet', addresses: internet },
    { id: DESTINATION_IDS.controlPlane, label: 'Coiled control plane (HTTPS)', kind: 'control-plane', addresses: internet },
    { id: DESTINATION_IDS.objectStore, label: `${input.objectStore.label} (HTTPS)`, kind: 'object-store', addresses: input.objectStore.addresses },
    ...dataCidrs.map<FlowDestination>((cidr) => ({ id: dataDestinationId(cidr), label: `Data source ${cidr}`, kind: 'data', addresses: addressesOf(cidr) })),
  ];
}

/** The services a destination speaks: HTTPS for the control plane and the object store. */
export function destinationServices(destination: FlowDestination): ServiceSet {
  return destination.kind === 'control-plane' || destination.kind === 'object-store' ? ServiceSet.tcp([443]) : ServiceSet.ALL;
}

/** Who is at the other end of the traffic a rule set is evaluated for. */
interface Counterpart {
  /** Membership keys the other end carries (none for hosts outside the cluster). */
  readonly groups: ReadonlySet<string>;
  /** Where the other end's addresses are, when it is a cluster role. */
  readonly range: AddressSet;
}

/** Hosts outside the cluster: they carry none of its membership keys. */
function outside(): Counterpart {
  return { groups: new Set(), range: AddressSet.EMPTY };
}

/** What one allow rule decided on one protocol and port range: these addresses. */
interface Piece {
  readonly key: ProtocolKey;
  readonly from: number;
  readonly to: number;
  readonly addresses: AddressSet;
}

interface Contribution {
  readonly rule: FilterRule;
  readonly pieces: readonly Piece[];
}

interface Evaluation {
  readonly admitted: TrafficSet;
  readonly contributions: readonly Contribution[];
  /** The protocols the evaluation named (others are under `*`). */
  readonly keys: ReadonlySet<ProtocolKey>;
}

/**
 * What `rules` admit for VMs carrying `memberships`, in one direction, with `other` at the far
 * end. Rules run in tiers of (priority, action), deny first at equal priority; each tier decides
 * exactly the traffic no earlier tier decided; what no rule decides is denied.
 *
 * The port axis of each protocol is cut once at every rule's boundary; on each elementary range
 * only the rules that cover it are walked, tier by tier, over addresses. So 1,000 rules on
 * distinct ports cost 1,000 short walks, and 1,000 rules of one tier one union, never 1,000
 * passes over a growing set.
 */
function evaluate(rules: readonly FilterRule[], direction: 'ingress' | 'egress', memberships: readonly string[] | 'all', other: Counterpart): Evaluation {
  const applicable = rules
    .filter((r) => r.direction === direction && (memberships === 'all' || r.appliesTo === 'all' || r.appliesTo.some((k) => memberships.includes(k))))
    .map((rule) => ({ rule, box: boxOf(rule, other) }))
    .filter(({ box }) => !box.addresses.isEmpty() && !box.services.isEmpty())
    .sort((a, b) => a.rule.priority - b.rule.priority || actionOrder(a.rule) - actionOrder(b.rule));
  // Denies after the last allow decide nothing that would otherwise be admitted.
  let end = applicable.length;
  while (end > 0 && applicable[end - 1].rule.action === 'deny') end--;
  const live = applicable.slice(0, end);
  const tierOf: number[] = [];
  live.forEach((r, i) => {
    const sameTier = i > 0 && r.rule.priority === live[i - 1].rule.priority && r.rule.action === live[i - 1].rule.action;
    tierOf.push(sameTier ? tierOf[i - 1] : i);
  });
  const keys = new Set<ProtocolKey>();
  for (const r of live) for (const key of r.box.services.keys()) keys.add(key);
  const pieces: Piece[][] = live.map(() => []);
  const slabs: Piece[] = [];
  for (const key of keys) {
    for (const { from, to, covering } of elementaryRanges(live.map((r) => r.box.services.ports(key)))) {
      let undecided: AddressSet | undefined; // undefined: every address
      let admitted = AddressSet.EMPTY;
      for (let i = 0; i < covering.length;) {
        let j = i;
        while (j < covering.length && tierOf[covering[j]] === tierOf[covering[i]]) j++;
        const tier = covering.slice(i, j);
        const region = unionAll(tier.map((t) => live[t].box.addresses));
        if (live[tier[0]].rule.action === 'allow') {
          admitted = admitted.union(undecided ? region.intersect(undecided) : region);
          for (const t of tier) {
            pieces[t].push({ key, from, to, addresses: undecided ? live[t].box.addresses.intersect(undecided) : live[t].box.addresses });
          }
        }
        undecided = (undecided ?? AddressSet.everything()).subtract(region);
        if (undecided.isEmpty()) break;
        i = j;
      }
      slabs.push({ key, from, to, addresses: admitted });
    }
  }
  return {
    admitted: TrafficSet.fromPieces(keys, slabs),
    contributions: live.map((r, i) => ({ rule: r.rule, pieces: pieces[i] })),
    keys,
  };
}

/**
 * The port axis cut at every boundary of `ranges`: for each piece from the first boundary to the
 * last, the indexes of the sets covering it, in order (none for a gap between them).
 */
function elementaryRanges(sets: readonly PortSet[]): Array<{ from: number; to: number; covering: number[] }> {
  const opens = new Map<number, number[]>();
  const closes = new Map<number, number[]>();
  const at = (map: Map<number, number[]>, point: number) => map.get(point) ?? map.set(point, []).get(point)!;
  sets.forEach((ports, i) => ports.ranges().forEach((r) => {
    at(opens, r.from).push(i);
    at(closes, r.to + 1).push(i);
  }));
  const points = [...new Set([...opens.keys(), ...closes.keys()])].sort((a, b) => a - b);
  const out: Array<{ from: number; to: number; covering: number[] }> = [];
  const active = new Set<number>();
  for (let k = 0; k + 1 < points.length; k++) {
    closes.get(points[k])?.forEach((i) => active.delete(i));
    opens.get(points[k])?.forEach((i) => active.add(i));
    out.push({ from: points[k], to: points[k + 1] - 1, covering: [...active].sort((a, b) => a - b) });
  }
  return out;
}

function actionOrder(rule: FilterRule): number {
  return rule.action === 'deny' ? 0 : 1;
}

function boxOf(rule: FilterRule, other: Counterpart): TrafficBox {
  const parts = rule.peerParts.map((p) => p.addresses);
  if (rule.peerGroups.some((g) => other.groups.has(g))) parts.push(other.range);
  return { services: rule.services, addresses: unionAll(parts) };
}

/** The rules of an evaluation that admit some of `services` from (or to) `addresses`. */
function allowedBy(evaluation: Evaluation, services: ServiceSet, addresses: AddressSet): string[] {
  // A `*` piece stands for every protocol the evaluation did not name.
  const unnamed = services.keys().filter((k) => k === OTHER_PROTOCOLS || !evaluation.keys.has(k));
  const touches = (k: ProtocolKey, piece: Piece) => services.ports(k).ranges().some((r) => r.from <= piece.to && piece.from <= r.to);
  const wanted = (piece: Piece) => (piece.key === OTHER_PROTOCOLS ? unnamed : [piece.key]).some((k) => touches(k, piece));
  const hits = new Set<number>();
  for (const hit of pieceIndex(evaluation).overlapping(addresses)) {
    const piece = evaluation.contributions[hit.contribution].pieces[hit.piece];
    if (!hits.has(hit.contribution) && wanted(piece)) hits.add(hit.contribution);
  }
  return [...new Set([...hits].sort((a, b) => a - b).map((i) => evaluation.contributions[i].rule.id))];
}

interface IndexedInterval {
  readonly start: bigint;
  readonly end: bigint;
  readonly contribution: number;
  readonly piece: number;
}

/**
 * Every address interval of every piece an evaluation admitted, sorted by start, with the
 * largest end seen so far: a query walks back from its end only while an interval can still
 * reach it, so 1,000 rows against 1,000 rules costs about one step per real overlap.
 */
class PieceIndex {
  private readonly byFamily = new Map<'ipv4' | 'ipv6', { intervals: IndexedInterval[]; reach: bigint[] }>();

  constructor(evaluation: Evaluation) {
    for (const family of ['ipv4', 'ipv6'] as const) {
      const intervals: IndexedInterval[] = [];
      evaluation.contributions.forEach((c, contribution) =>
        c.pieces.forEach((p, piece) => {
          for (const i of p.addresses.intervals(family)) intervals.push({ start: i.start, end: i.end, contribution, piece });
        }),
      );
      // Number() of a difference of two addresses keeps its sign, which is all a comparator needs.
      intervals.sort((a, b) => Number(a.start - b.start));
      const reach: bigint[] = [];
      intervals.forEach((i, k) => reach.push(k === 0 || i.end > reach[k - 1] ? i.end : reach[k - 1]));
      this.byFamily.set(family, { intervals, reach });
    }
  }

  public overlapping(addresses: AddressSet): IndexedInterval[] {
    const out: IndexedInterval[] = [];
    for (const [family, { intervals, reach }] of this.byFamily) {
      for (const want of addresses.intervals(family)) {
        let lo = 0;
        let hi = intervals.length;
        while (lo < hi) {
          const mid = (lo + hi) >>> 1; // eslint-disable-line no-bitwise
          if (intervals[mid].start < want.end) lo = mid + 1;
          else hi = mid;
        }
        for (let k = lo - 1; k >= 0 && reach[k] > want.start; k--) if (intervals[k].end > want.start) out.push(intervals[k]);
      }
    }
    return out;
  }
}

const pieceIndexes = new WeakMap<Evaluation, PieceIndex>();

function pieceIndex(evaluation: Evaluation): PieceIndex {
  let index = pieceIndexes.get(evaluation);
  if (!index) {
    index = new PieceIndex(evaluation);
    pieceIndexes.set(evaluation, index);
  }
  return index;
}

/** A role's traffic through its subnets' network ACLs: admitted in every subnet, in some subnet. */
interface AclFilter {
  readonly all: TrafficSet;
  readonly any: TrafficSet;
  readonly ids: readonly string[];
}

function aclFilter(input: AnalysisInput, role: VmRole, direction: 'ingress' | 'egress', other: Counterpart): AclFilter {
  const keys = [...new Set(role.subnets.map((s) => s.acl))];
  // No subnets in the file: the security groups alone decide. (A subnet without an ACL admits all.)
  if (keys.length === 0) return { all: TrafficSet.ALL, any: TrafficSet.ALL, ids: [] };
  const admitted = keys.map((k) => (k === undefined ? TrafficSet.ALL : evaluate(input.acls.get(k) ?? [], direction, 'all', other).admitted));
  return {
    all: admitted.reduce((a, b) => a.intersect(b)),
    any: admitted.reduce((a, b) => a.union(b)),
    ids: keys.filter((k): k is string => k !== undefined),
  };
}

interface Side {
  readonly full: ServiceSet;
  readonly possible: ServiceSet;
}

function side(evaluation: Evaluation, acl: AclFilter, addresses: AddressSet): Side {
  const all = evaluation.admitted.intersect(acl.all).coverage(addresses);
  // `all` is ALL itself only when every subnet admits all traffic, and then so does `any`.
  const any = acl.all === TrafficSet.ALL ? all : evaluation.admitted.intersect(acl.any).coverage(addresses);
  return { full: all.full, possible: any.full.union(any.partial) };
}

function cell(source: string, destination: string, sides: Side[], within: ServiceSet, rules: string[], path?: PathFact): FlowCell | undefined {
  const full = sides.map((s) => s.full).reduce((a, b) => a.intersect(b)).intersect(within);
  const possible = sides.map((s) => s.possible).reduce((a, b) => a.intersect(b)).intersect(within);
  if (possible.isEmpty()) return undefined;
  return { source, destination, full, partial: possible.subtract(full), allowedBy: rules, path };
}

/** Extra source rows: every address peer of an ingress rule that applies to a cluster VM. */
function peerSources(input: AnalysisInput, known: ReadonlySet<string>): FlowSource[] {
  const out = new Map<string, FlowSource>();
  for (const rule of input.rules) {
    if (rule.direction !== 'ingress' || rule.action !== 'allow') continue;
    if (!ROLES.some((r) => rule.appliesTo === 'all' || rule.appliesTo.some((k) => input.roles[r].memberships.includes(k)))) continue;
    for (const part of rule.peerParts) {
      const id = cidrSourceId(part.label);
      // A label names one set of addresses, so a second part of the same label changes nothing.
      if (known.has(id) || isWholeFamily(part.addresses)) continue;
      const cidr = /^[0-9a-f.:]+\/\d+$/i.test(part.label);
      out.set(id, { id, label: cidr ? `${part.label} (not in the configured ingress)` : part.label, kind: cidr ? 'cidr' : 'other', addresses: part.addresses });
    }
  }
  return [...out.values()];
}

function isWholeFamily(addresses: AddressSet): boolean {
  return [AddressSet.everything(['ipv4']), AddressSet.everything(['ipv6'])].some((f) => f.equals(addresses));
}

/** The flow matrix of a workspace, from its rules as read from the file. */
export function computeMatrix(input: AnalysisInput): FlowMatrix {
  const declared = (input.contract?.ingress ?? []).map((r) => r.cidr);
  const base = baseSources(input, [...new Set(declared)]);
  const sources = [...base, ...peerSources(input, new Set(base.map((s) => s.id)))];
  const destinations = baseDestinations(input, (input.contract?.restrictedEgress ?? []).map((r) => r.cidr));
  const cells: FlowCell[] = [];
  const internet = internetIpv4().union(internetIpv6());
  const roleCounterpart = (role: RoleName): Counterpart => ({ groups: new Set(input.roles[role].memberships), range: input.roles[role].addresses });

  for (const dst of ROLES) {
    const target = input.roles[dst];
    const fromOutside = evaluate(input.rules, 'ingress', target.memberships, outside());
    const aclIn = aclFilter(input, target, 'ingress', outside());
    for (const source of sources.filter((s) => s.kind !== 'vm')) {
      const addresses = source.addresses!;
      const s = side(fromOutside, aclIn, addresses);
      const c = cell(source.id, dst, [s], ServiceSet.ALL, [...allowedBy(fromOutside, s.possible, addresses), ...aclIn.ids]);
      if (c) cells.push(c);
    }
    for (const src of ROLES) {
      if (src === dst && dst === 'scheduler') continue; // a cluster has one scheduler
      const origin = input.roles[src];
      const inbound = evaluate(input.rules, 'ingress', target.memberships, roleCounterpart(src));
      const outbound = evaluate(input.rules, 'egress', origin.memberships, roleCounterpart(dst));
      const aIn = aclFilter(input, target, 'ingress', roleCounterpart(src));
      const aOut = aclFilter(input, origin, 'egress', roleCounterpart(dst));
      const sIn = side(inbound, aIn, origin.addresses);
      const sOut = side(outbound, aOut, target.addresses);
      const possible = sIn.possible.intersect(sOut.possible);
      const acls = new Set([...aIn.ids, ...aOut.ids]);
      const rules = [...allowedBy(inbound, possible, origin.addresses), ...allowedBy(outbound, possible, target.addresses), ...acls];
      const c = cell(src, dst, [sIn, sOut], ServiceSet.ALL, rules);
      if (c) cells.push(c);
    }
  }

  for (const src of ROLES) {
    const origin = input.roles[src];
    const outbound = evaluate(input.rules, 'egress', origin.memberships, outside());
    const aOut = aclFilter(input, origin, 'egress', outside());
    for (const destination of destinations.filter((d) => d.kind !== 'vm')) {
      const addresses = destination.addresses!;
      const within = destinationServices(destination);
      const s = side(outbound, aOut, addresses);
      // The internet and the control plane are internet addresses; a data source need not be.
      const path = destination.kind === 'object-store' ? origin.objectStore : internet.containsSet(addresses) ? origin.internet : undefined;
      const c = cell(src, destination.id, [s], within, [...allowedBy(outbound, s.possible.intersect(within), addresses), ...aOut.ids], path);
      if (c) cells.push(c);
    }
  }
  return { sources, destinations, cells };
}

/** A file that cannot be analyzed, said in one line (the CLI prints it and exits 1). */
export class AnalysisInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AnalysisInputError';
  }
}

/** Options the readers share. */
export interface ReadOptions {
  /** The workspace to analyze, when the file holds more than one. */
  readonly workspace?: string;
}
