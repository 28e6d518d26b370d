/**
 * Reads a synthesized Terraform JSON stack (`cdk.tf.json`) into an `AnalysisInput`. Plain JSON
 * only: no cdktf, no provider bindings.
 *
 * The workspace is found by what it hands Coiled: the network tags, network and subnet its
 * outputs name (`coiled_scheduler_network_tag`, ...), or, in a stack of the user's own, the
 * firewall rule that carries the workspace's `coiled-byoc` record. Every `google_compute_firewall`
 * on the workspace's network is read (priority, allow/deny, direction, source and target tags,
 * service accounts and ranges, disabled rules skipped), plus the network's implied rules (allow
 * all egress, deny all ingress, both at 65535); the VMs' external IPs from the declared
 * configuration, Cloud NAT, Private Google Access and the default route.
 */
import { AddressSet } from './address-space';
import { AnalysisInput, AnalysisInputError, FilterRule, checkCidrOnce, internetIpv4, PathFact, PeerPart, ReadOptions, RoleName, UnknownAddresses, VmRole } from './flow-analysis';
import { CONTRACT_METADATA_KEY, parseContractRecord } from './flow-contract';
import { GCP_OUTPUT_KEYS } from './handoff';
import { PortSet, ServiceSet, protocolKey } from './port-set';

type Block = Record<string, unknown>;

interface TerraformJson {
  readonly resource?: Record<string, Record<string, Block>>;
  readonly data?: Record<string, Record<string, Block>>;
  readonly output?: Record<string, { value?: unknown }>;
}

/** True when `json` looks like a Terraform JSON configuration. */
export function isTerraformJson(json: unknown): boolean {
  const t = json as TerraformJson & { terraform?: unknown };
  return !!t && typeof t === 'object' && !Array.isArray(t) && (typeof t.resource === 'object' || typeof t.terraform === 'object');
}

export function readTerraform(json: unknown, options: ReadOptions = {}): AnalysisInput {
  if (!isTerraformJson(json)) throw new AnalysisInputError('not a Terraform JSON stack: it has no resource or terraform block');
  return new StackReader(json as TerraformJson, options).read();
}

/** `${google_compute_network.net.self_link}` -> { address: 'google_compute_network.net', attribute: 'self_link' }. */
function reference(value: unknown): { address: string; attribute: string } | undefined {
  const m = typeof value === 'string' ? /^\$\{((?:data\.)?[a-z0-9_]+\.[A-Za-z0-9_-]+)\.([a-z_]+)\}$/.exec(value) : null;
  return m ? { address: m[1], attribute: m[2] } : undefined;
}

class StackReader {
  private readonly unknown = new UnknownAddresses();
  private readonly notes: string[] = [];
  private readonly outputs: Record<string, unknown>;

  constructor(
    private readonly json: TerraformJson,
    private readonly options: ReadOptions,
  ) {
    this.outputs = Object.fromEntries(Object.entries(json.output ?? {}).map(([k, v]) => [k, v?.value]));
  }

  public read(): AnalysisInput {
    const found = this.findWorkspace();
    const parsed = found.record ? parseContractRecord(found.record.networkContract) : { problem: 'no coiled-byoc record on its firewall rules' };
    const contract = parsed.contract;
    const sa = reference(this.outputs[GCP_OUTPUT_KEYS.dataServiceAccountEmail]);
    const vmAccount = sa ? [`sa:${sa.address}`] : [];
    const memberships: Record<RoleName, string[]> = {
      scheduler: [`tag:${found.schedulerTag}`, `tag:${found.clusterTag}`, ...vmAccount],
      workers: [`tag:${found.clusterTag}`, ...vmAccount],
    };
    const network = found.network;
    const subnet = this.subnet(found.subnet);
    const declared: Record<RoleName, boolean> = {
      scheduler: contract?.schedulerPublicIp ?? this.outputFlag(GCP_OUTPUT_KEYS.useSchedulerPublicIp),
      workers: contract?.workersPublicIp ?? this.outputFlag(GCP_OUTPUT_KEYS.giveWorkersPublicIp),
    };
    const role = (name: RoleName): VmRole => {
      const paths = this.paths(network, found.subnet, subnet.privateGoogleAccess, declared[name]);
      return {
        memberships: memberships[name],
        membershipLabel: `network tags ${memberships[name].filter((m) => m.startsWith('tag:')).map((m) => m.slice(4)).join(', ')}${sa ? `, service account ${sa.address}` : ''}`,
        addresses: subnet.addresses,
        addressLabel: subnet.label,
        subnets: [{ label: subnet.label }],
        publicAddress: declared[name] ? 'yes' : 'no',
        internet: paths.internet,
        objectStore: paths.objectStore,
      };
    };
    // Listed here rather than at module level: nothing runs while the module loads.
    for (const type of ['google_compute_network_firewall_policy_rule', 'google_compute_region_network_firewall_policy_rule', 'google_compute_firewall_policy_rule']) {
      if (this.json.resource?.[type]) this.notes.push(`the stack has ${type} resources: firewall policies are evaluated before the network's firewall rules and are not analyzed`);
    }
    return {
      cloud: 'gcp',
      origin: 'Terraform JSON stack',
      workspace: found.name,
      roles: { scheduler: role('scheduler'), workers: role('workers') },
      rules: [...this.firewallRules(network, new Set([...memberships.scheduler, ...memberships.workers])), ...impliedRules()],
      acls: new Map(),
      vpc: this.networkRanges(network, subnet),
      objectStore: { label: 'Cloud Storage', addresses: internetIpv4() },
      // Egress rules cannot name tags: the workspace's cluster-internal egress names its subnet.
      internalEgressAlsoReaches: subnet.addresses,
      contract,
      // A record read gives a contract or a problem, never both or neither.
      contractSource: parsed.problem ?? 'recorded on the firewall rules',
      notes: this.notes,
    };
  }

  private resources(type: string): Array<[string, Block]> {
    return Object.entries(this.json.resource?.[type] ?? {});
  }

  private block(address: string): Block | undefined {
    const parts = address.split('.');
    const [blocks, type, name] = parts[0] === 'data' ? [this.json.data, parts[1], parts[2]] : [this.json.resource, parts[0], parts[1]];
    return blocks?.[type]?.[name];
  }

  private outputFlag(key: string): boolean {
    const v = this.outputs[key];
    return v === undefined ? true : v === true || v === 'true';
  }

  private findWorkspace(): FoundWorkspace {
    const records = this.resources('google_compute_firewall')
      .map(([, b]) => (b['//'] as Record<string, unknown> | undefined)?.[CONTRACT_METADATA_KEY] as Record<string, unknown> | undefined)
      .filter((r): r is Record<string, unknown> => !!r && typeof r.clusterTag === 'string' && typeof r.schedulerTag === 'string');
    const scheduler = this.outputs[GCP_OUTPUT_KEYS.schedulerTag];
    const cluster = this.outputs[GCP_OUTPUT_KEYS.clusterTag];
    if (typeof scheduler === 'string' && typeof cluster === 'string') {
      const name = String(this.outputs[GCP_OUTPUT_KEYS.workspaceName] ?? '');
      if (this.options.workspace && name !== this.options.workspace) throw new AnalysisInputError(`the stack holds workspace "${name}", not "${this.options.workspace}"`);
      const network = reference(this.outputs[GCP_OUTPUT_KEYS.networkSelfLink])?.address;
      const subnet = reference(this.outputs[GCP_OUTPUT_KEYS.subnetSelfLink])?.address;
      return { name, schedulerTag: scheduler, clusterTag: cluster, network, subnet, record: records.find((r) => r.clusterTag === cluster) };
    }
    const names = [...new Set(records.map((r) => String(r.workspace ?? '')))];
    if (records.length === 0) {
      throw new AnalysisInputError(
        `no Coiled workspace in this stack: it has neither the ${GCP_OUTPUT_KEYS.schedulerTag}/${GCP_OUTPUT_KEYS.clusterTag} outputs nor firewall rules marked by coiled-byoc. Give the cdk.tf.json of a stack that holds a coiled-byoc workspace (cdktf.out/stacks/<stack>/cdk.tf.json)`,
      );
    }
    const name = this.options.workspace ?? (names.length === 1 ? names[0] : undefined);
    if (name === undefined) throw new AnalysisInputError(`the stack holds ${names.length} workspaces (${names.join(', ')}): choose one with --workspace <name>`);
    const record = records.find((r) => String(r.workspace ?? '') === name);
    if (!record) throw new AnalysisInputError(`no workspace "${name}" in this stack (found: ${names.join(', ')})`);
    const internal = this.resources('google_compute_firewall').find(([, b]) => (b['//'] as Record<string, unknown> | undefined)?.[CONTRACT_METADATA_KEY] === record)![1];
    this.notes.push('the stack has no coiled-byoc outputs: the subnet and the VMs\' service account are not known, only their network tags');
    const network = reference(internal.network)?.address;
    return { name, schedulerTag: String(record.schedulerTag), clusterTag: String(record.clusterTag), network, record };
  }

  /**
   * The subnet's range (a stand-in block when the range is only known at plan time). The stand-in
   * is keyed by its label, one per subnet, so `${data.google_compute_subnetwork.x.ip_cidr_range}`
   * means the same block everywhere.
   */
  private subnet(address: string | undefined): { addresses: AddressSet; label: string; privateGoogleAccess: boolean | undefined; address?: string } {
    const b = address ? this.block(address) : undefined;
    const cidr = checkCidrOnce(b?.ip_cidr_range);
    if (b && cidr.ok) {
      const pga = b.private_ip_google_access;
      return { addresses: AddressSet.fromBlocks([cidr.value]), label: cidr.value.cidr, privateGoogleAccess: pga === true || pga === 'true', address };
    }
    const label = address ? `the range of ${address}, not in this stack` : 'the subnet range, not in this stack';
    return { addresses: this.unknown.block(label), label, privateGoogleAccess: undefined, address };
  }

  /** Whether a rule's `network` is the workspace's network. */
  private onNetwork(rule: Block, network: string | undefined): boolean {
    if (!network) return true;
    const ref = reference(rule.network);
    if (ref) return ref.address === network;
    const name = this.block(network)?.name;
    const written = rule.network;
    return typeof name === 'string' && typeof written === 'string' && (written === name || written.endsWith(`/networks/${name}`));
  }

  private firewallRules(network: string | undefined, own: ReadonlySet<string>): FilterRule[] {
    const rules: FilterRule[] = [];
    let elsewhere = 0;
    for (const [key, b] of this.resources('google_compute_firewall')) {
      if (!this.onNetwork(b, network)) {
        elsewhere++;
        continue;
      }
      if (b.disabled === true || b.disabled === 'true') continue;
      const id = typeof b.name === 'string' && !b.name.includes('${') ? b.name : `google_compute_firewall.${key}`;
      const direction = String(b.direction).toUpperCase() === 'EGRESS' ? 'egress' : 'ingress';
      const deny = Array.isArray(b.deny) && b.deny.length > 0;
      const targets = [...list(b.target_tags).map((t) => `tag:${String(t)}`), ...list(b.target_service_accounts).map((a) => this.accountKey(a))];
      const parts: PeerPart[] = [];
      const groups: string[] = [];
      const ranges = direction === 'ingress' ? b.source_ranges : b.destination_ranges;
      for (const r of list(ranges)) parts.push(this.range(id, r));
      if (direction === 'ingress') {
        for (const key2 of [...list(b.source_tags).map((t) => `tag:${String(t)}`), ...list(b.source_service_accounts).map((a) => this.accountKey(a))]) {
          if (own.has(key2)) {
            groups.push(key2);
          } else {
            const label = `VMs with ${key2.startsWith('tag:') ? `network tag ${key2.slice(4)}` : `service account ${key2.slice(3)}`}`;
            parts.push({ label, addresses: this.unknown.block(label) });
          }
        }
      }
      // Without any source (destination), GCP applies the rule to 0.0.0.0/0.
      if (parts.length === 0 && groups.length === 0) parts.push({ label: '0.0.0.0/0', addresses: AddressSet.fromCidrs(['0.0.0.0/0']) });
      rules.push({
        id,
        direction,
        action: deny ? 'deny' : 'allow',
        priority: b.priority === undefined ? 1000 : Number(b.priority),
        appliesTo: targets.length > 0 ? targets : 'all',
        peerParts: parts,
        peerGroups: groups,
        services: this.services(id, (deny ? b.deny : b.allow) as unknown[]),
      });
    }
    if (elsewhere > 0) this.notes.push(`${elsewhere} firewall rule(s) are on other networks and do not apply to the workspace`);
    return rules;
  }

  private accountKey(value: unknown): string {
    const ref = reference(value);
    if (ref) return `sa:${ref.address}`;
    const email = String(value);
    const [account, domain] = email.split('@');
    const match = this.resources('google_service_account').find(([, b]) => b.account_id === account && domain === `${String(b.project)}.iam.gserviceaccount.com`);
    return match ? `sa:google_service_account.${match[0]}` : `sa:${email}`;
  }

  private range(id: string, value: unknown): PeerPart {
    const ref = reference(value);
    if (ref && ref.attribute === 'ip_cidr_range') {
      const s = this.subnet(ref.address);
      return { label: s.label, addresses: s.addresses };
    }
    const check = checkCidrOnce(value);
    if (check.ok) {
      if (check.hadHostBits) this.notes.push(`${id}: ${String(value)} has host bits set; read as ${check.value.cidr}`);
      return { label: check.value.cidr, addresses: AddressSet.fromBlocks([check.value]) };
    }
    const label = `${String(value)} (not known in this file)`;
    return { label, addresses: this.unknown.block(label) };
  }

  private services(id: string, blocks: unknown[]): ServiceSet {
    let out = ServiceSet.EMPTY;
    for (const raw of blocks ?? []) {
      const block = raw as { protocol?: unknown; ports?: unknown };
      let key: string | undefined;
      try {
        key = protocolKey(block.protocol as string);
      } catch {
        this.notes.push(`${id}: protocol ${JSON.stringify(block.protocol)} is not known; read as every protocol`);
        return ServiceSet.ALL;
      }
      const ports = list(block.ports);
      // ServiceSet.of gives `all` and the protocols without ports every port, whatever the block lists.
      const ranges = ports.map((p) => String(p).split('-').map(Number)).map(([from, to]) => ({ from, to: to ?? from }));
      out = out.union(ServiceSet.of(key, ports.length === 0 ? PortSet.ALL : PortSet.of(ranges)));
    }
    return out;
  }

  /** The network's own ranges: every subnet on it that the file defines, or the workspace subnet. */
  private networkRanges(network: string | undefined, subnet: { addresses: AddressSet; label: string }): { label: string; addresses: AddressSet } {
    const blocks = this.resources('google_compute_subnetwork')
      .filter(([, b]) => !network || reference(b.network)?.address === network)
      .map(([, b]) => checkCidrOnce(b.ip_cidr_range))
      .filter((c) => c.ok)
      .map((c) => (c as Extract<typeof c, { ok: true }>).value);
    if (blocks.length === 0) return subnet;
    return { label: blocks.map((b) => b.cidr).join(', '), addresses: AddressSet.fromBlocks(blocks).union(subnet.addresses) };
  }

  private paths(network: string | undefined, subnet: string | undefined, privateGoogleAccess: boolean | undefined, externalIp: boolean): RolePaths {
    const net = network ? this.block(network) : undefined;
    if (!net || network!.startsWith('data.')) {
      const unknown: PathFact = { kind: 'unknown', via: `the network is not in this stack${externalIp ? ' (external IP)' : ''}` };
      return { internet: unknown, objectStore: unknown };
    }
    const gatewayRoutes = this.resources('google_compute_route')
      .map(([, r]) => r)
      .filter((r) => reference(r.network)?.address === network && /default-internet-gateway$/.test(String(r.next_hop_gateway)));
    const defaultRoute = !(net.delete_default_routes_on_create === true || net.delete_default_routes_on_create === 'true') || gatewayRoutes.some((r) => r.dest_range === '0.0.0.0/0');
    const nat = this.cloudNat(network!, subnet);
    let internet: PathFact;
    if (!defaultRoute) internet = { kind: 'none', via: 'no default route to the internet gateway' };
    else if (externalIp) internet = { kind: 'ok', via: 'external IP' };
    else if (nat) internet = { kind: 'ok', via: 'Cloud NAT' };
    else internet = { kind: 'none', via: 'no external IP and no Cloud NAT' };
    return { internet, objectStore: externalIp || !privateGoogleAccess ? internet : privateGoogleAccessPath(defaultRoute, gatewayRoutes) };
  }

  private cloudNat(network: string, subnet: string | undefined): boolean {
    return this.resources('google_compute_router_nat').some(([, nat]) => {
      const router = reference(nat.router);
      if (!router || reference(this.block(router.address)?.network)?.address !== network) return false;
      const mode = String(nat.source_subnetwork_ip_ranges_to_nat);
      if (mode.startsWith('ALL_SUBNETWORKS')) return true;
      // Without the workspace's subnet, no listed subnet is known to be it (a name in text is no reference).
      return subnet !== undefined && list(nat.subnetwork).some((s) => reference((s as Block).name)?.address === subnet);
    });
  }
}

interface FoundWorkspace {
  readonly name: string;
  readonly schedulerTag: string;
  readonly clusterTag: string;
  /** Address of the network resource or data source (`google_compute_network.x`). */
  readonly network?: string;
  readonly subnet?: string;
  /** The record the workspace wrote on its cluster-internal rule. */
  readonly record?: Record<string, unknown>;
}

interface RolePaths {
  readonly internet: PathFact;
  readonly objectStore: PathFact;
}

/**
 * Private Google Access still routes through the default internet gateway (GCP's Private Google
 * Access docs, network requirements): Cloud Storage's default domain resolves to Google's public
 * addresses, which need the default route; without it only a route to the private.googleapis.com
 * (199.36.153.8/30) or restricted.googleapis.com (199.36.153.4/30) addresses helps, and only when
 * DNS sends Google APIs there, which the stack does not say.
 */
function privateGoogleAccessPath(defaultRoute: boolean, gatewayRoutes: readonly Block[]): PathFact {
  if (defaultRoute) return { kind: 'ok', via: 'Private Google Access' };
  const vips = AddressSet.fromCidrs(['199.36.153.8/30', '199.36.153.4/30']);
  const vipRoute = gatewayRoutes.find((r) => {
    const check = checkCidrOnce(r.dest_range);
    return check.ok && AddressSet.fromBlocks([check.value]).overlaps(vips);
  });
  return vipRoute
    ? { kind: 'unknown', via: `Private Google Access over the route to ${String(vipRoute.dest_range)}, if DNS sends Google APIs to private.googleapis.com or restricted.googleapis.com` }
    : { kind: 'none', via: 'Private Google Access, but no route to the internet gateway (default routes deleted)' };
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** Every VPC network has these two, below every rule one can write (GCP VPC firewall docs). */
function impliedRules(): FilterRule[] {
  const everywhere: PeerPart[] = [
    { label: '0.0.0.0/0', addresses: AddressSet.fromCidrs(['0.0.0.0/0']) },
    { label: '::/0', addresses: AddressSet.fromCidrs(['::/0']) },
  ];
  return [
    { id: 'implied allow egress (65535)', direction: 'egress', action: 'allow', priority: 65535, appliesTo: 'all', peerParts: everywhere, peerGroups: [], services: ServiceSet.ALL },
    { id: 'implied deny ingress (65535)', direction: 'ingress', action: 'deny', priority: 65535, appliesTo: 'all', peerParts: everywhere, peerGroups: [], services: ServiceSet.ALL },
  ];
}
