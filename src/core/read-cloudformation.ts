/**
 * Reads a synthesized CloudFormation template (JSON) into an `AnalysisInput`. Plain JSON only: no
 * aws-cdk-lib, so `coiled-byoc analyze` runs on any template, from any tool.
 *
 * The workspace is found by what it hands Coiled, not by construct paths: the security groups and
 * subnets its stack outputs name (`CoiledSchedulerSecurityGroupId`, ...), or, in a stack of the
 * user's own, the groups that carry the workspace's `coiled-byoc` metadata. Every security group
 * rule in the file is read (inline and separate resources, CIDRs, groups, prefix lists), with
 * AWS's default egress rule where a group declares none; subnets with their public-IP setting,
 * route tables (internet gateway, NAT, gateway endpoints) and network ACLs.
 */
import { AddressSet } from './address-space';
import { ParsedCidr } from './cidr';
import {
  AnalysisInput, AnalysisInputError, FilterRule, PathFact, PeerPart, internetIpv4, ReadOptions, RoleName, SubnetFacts, checkCidrOnce,
  UnknownAddresses, VmRole,
} from './flow-analysis';
import { CONTRACT_METADATA_KEY, parseContractRecord } from './flow-contract';
import { AWS_OUTPUT_KEYS } from './handoff';
import { PortSet, ServiceSet, protocolKey } from './port-set';
import { unionAll } from './traffic-set';

interface Resource {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
  readonly Metadata?: Record<string, unknown>;
}

/** What a value of the file stands for. Only literals carry a `value`, only resources an `id`: elsewhere they read `undefined`. */
type Resolved =
  | { readonly kind: 'literal'; readonly value: unknown; readonly id?: undefined }
  | { readonly kind: 'resource'; readonly id: string; readonly attribute?: string; readonly value?: undefined }
  | { readonly kind: 'unknown'; readonly text: string; readonly value?: undefined; readonly id?: undefined };

/** True when `json` looks like a CloudFormation template. */
export function isCloudFormationTemplate(json: unknown): boolean {
  const t = json as { Resources?: unknown; AWSTemplateFormatVersion?: unknown };
  return !!t && typeof t === 'object' && !!t.Resources && typeof t.Resources === 'object' && !Array.isArray(t.Resources);
}

export function readCloudFormation(json: unknown, options: ReadOptions = {}): AnalysisInput {
  if (!isCloudFormationTemplate(json)) throw new AnalysisInputError('not a CloudFormation template: it has no Resources section');
  return new TemplateReader(json as { Resources: Record<string, Resource>; Outputs?: Record<string, { Value?: unknown }> }, options).read();
}

class TemplateReader {
  private readonly resources: Record<string, Resource>;
  private readonly unknown = new UnknownAddresses();
  private readonly notes: string[] = [];
  private readonly outputs: Record<string, unknown>;
  private readonly byType = new Map<string, Array<[string, Resource]>>();

  constructor(
    template: { Resources: Record<string, Resource>; Outputs?: Record<string, { Value?: unknown }> },
    private readonly options: ReadOptions,
  ) {
    // Ids in Ref and Fn::GetAtt come from the file: none may find an Object.prototype member.
    this.resources = Object.assign(Object.create(null) as Record<string, Resource>, template.Resources);
    this.outputs = Object.fromEntries(Object.entries(template.Outputs ?? {}).map(([k, v]) => [k, v?.Value]));
    for (const entry of Object.entries(this.resources)) this.byType.set(entry[1].Type, [...(this.byType.get(entry[1].Type) ?? []), entry]);
  }

  public read(): AnalysisInput {
    const found = this.findWorkspace();
    const record = this.record(found.clusterGroup) ?? this.record(found.schedulerGroup);
    const parsed = record ? parseContractRecord(record.networkContract) : { problem: 'no coiled-byoc record on its security groups' };
    const contract = parsed.contract;
    const workspace = found.name ?? (record?.workspace as string | undefined) ?? 'unnamed';
    const schedulerMemberships = [found.schedulerGroup, found.clusterGroup];
    const workerMemberships = [found.clusterGroup];
    const own = new Set(schedulerMemberships);

    const declared = {
      scheduler: contract?.schedulerPublicIp ?? this.outputFlag(AWS_OUTPUT_KEYS.useSchedulerPublicIp),
      workers: contract?.workersPublicIp ?? this.outputFlag(AWS_OUTPUT_KEYS.giveWorkersPublicIp),
    };
    const schedulerSubnets = this.subnetList(AWS_OUTPUT_KEYS.schedulerSubnetIds) ?? this.subnetList(AWS_OUTPUT_KEYS.subnetIds);
    const workerSubnets = this.subnetList(AWS_OUTPUT_KEYS.workerSubnetIds) ?? this.subnetList(AWS_OUTPUT_KEYS.subnetIds);
    const roles: Record<RoleName, VmRole> = {
      scheduler: this.role('scheduler', schedulerMemberships, schedulerSubnets, declared.scheduler),
      workers: this.role('workers', workerMemberships, workerSubnets, declared.workers),
    };
    if (this.has('AWS::EC2::TransitGatewayAttachment') || this.has('AWS::EC2::VPCPeeringConnection')) {
      this.notes.push('the file has transit-gateway attachments or VPC peering: hosts behind them are counted as addresses of the rules, their own routing is not analyzed');
    }
    return {
      cloud: 'aws',
      origin: 'CloudFormation template',
      workspace,
      roles,
      rules: this.securityGroupRules(own),
      acls: this.networkAcls(),
      vpc: this.vpc(),
      objectStore: { label: 'Amazon S3', addresses: internetIpv4() },
      internalEgressAlsoReaches: AddressSet.EMPTY,
      contract,
      // parseContractRecord gives either a contract or the problem that kept it from one.
      contractSource: parsed.problem ?? 'recorded on the security groups',
      notes: this.notes,
    };
  }

  private has(type: string): boolean {
    return this.byType.has(type);
  }

  private ofType(type: string): Array<[string, Resource]> {
    return this.byType.get(type) ?? [];
  }

  /** The properties of a resource of the file (ids come from `resolve`, which found them). */
  private props(id: string): Record<string, unknown> {
    return this.resources[id].Properties ?? {};
  }

  /** The workspace's two security groups (membership keys), from the outputs or the metadata. */
  private findWorkspace(): { name?: string; schedulerGroup: string; clusterGroup: string } {
    const fromOutputs = [AWS_OUTPUT_KEYS.schedulerSecurityGroupId, AWS_OUTPUT_KEYS.clusterSecurityGroupId].map((k) => this.outputs[k]);
    if (fromOutputs.every((v) => v !== undefined)) {
      const name = this.outputs[AWS_OUTPUT_KEYS.workspaceName];
      if (this.options.workspace && name !== this.options.workspace) throw new AnalysisInputError(`the template holds workspace "${String(name)}", not "${this.options.workspace}"`);
      const [scheduler, cluster] = fromOutputs.map((v) => this.groupKey(this.resolve(v)));
      const missing = [scheduler, cluster].filter((k) => !this.resources[k.slice(3)]);
      if (missing.length > 0) {
        throw new AnalysisInputError(
          `workspace "${String(name)}" uses security groups that are not in this template (${missing.map((k) => k.slice(3)).join(', ')}): their rules are managed elsewhere, so this file cannot show what reaches the cluster`,
        );
      }
      return { name: typeof name === 'string' ? name : undefined, schedulerGroup: scheduler, clusterGroup: cluster };
    }
    const marked = this.ofType('AWS::EC2::SecurityGroup')
      .map(([id, r]) => ({ id, record: r.Metadata?.[CONTRACT_METADATA_KEY] as { workspace?: string; role?: string } | undefined }))
      .filter((m) => m.record && (m.record.role === 'scheduler' || m.record.role === 'cluster'))
      .map((m) => ({ id: m.id, role: m.record!.role, workspace: m.record!.workspace ?? 'unnamed' }));
    const names = [...new Set(marked.map((m) => m.workspace))];
    if (names.length === 0) {
      throw new AnalysisInputError(
        `no Coiled workspace in this template: it has neither the ${AWS_OUTPUT_KEYS.schedulerSecurityGroupId}/${AWS_OUTPUT_KEYS.clusterSecurityGroupId} outputs nor security groups marked by coiled-byoc. Give the template of a stack that holds a coiled-byoc workspace (cdk.out/<Stack>.template.json)`,
      );
    }
    const name = this.options.workspace ?? (names.length === 1 ? names[0] : undefined);
    if (!name) throw new AnalysisInputError(`the template holds ${names.length} workspaces (${names.join(', ')}): choose one with --workspace <name>`);
    const pick = (role: string) => marked.find((m) => m.workspace === name && m.role === role)?.id;
    const scheduler = pick('scheduler');
    const cluster = pick('cluster');
    if (!scheduler || !cluster) throw new AnalysisInputError(`no workspace "${name}" with both its security groups in this template (found: ${names.join(', ')})`);
    return { name, schedulerGroup: `sg:${scheduler}`, clusterGroup: `sg:${cluster}` };
  }

  private record(groupKey: string): Record<string, unknown> | undefined {
    return this.resources[groupKey.slice(3)].Metadata?.[CONTRACT_METADATA_KEY] as Record<string, unknown> | undefined;
  }

  private outputFlag(key: string): boolean {
    const v = this.outputs[key];
    return v === undefined || isTrue(v);
  }

  private resolve(value: unknown): Resolved {
    if (value === null || typeof value !== 'object') return { kind: 'literal', value };
    const v = value as Record<string, unknown>;
    if (typeof v.Ref === 'string') {
      return this.resources[v.Ref] ? { kind: 'resource', id: v.Ref } : { kind: 'unknown', text: v.Ref.startsWith('AWS::') ? v.Ref : `parameter ${v.Ref}` };
    }
    const getAtt = v['Fn::GetAtt'];
    if (getAtt !== undefined) {
      const [id, attribute] = Array.isArray(getAtt) ? (getAtt as string[]) : String(getAtt).split(/\.(.*)/);
      if (this.resources[id]) {
        // CDK writes the VPC's block as Fn::GetAtt (Peer.ipv4(vpc.vpcCidrBlock)); a subnet's is an L1 attribute.
        if (attribute === 'CidrBlock' && ['AWS::EC2::VPC', 'AWS::EC2::Subnet'].includes(this.resources[id].Type)) return this.resolve(this.props(id).CidrBlock);
        return { kind: 'resource', id, attribute };
      }
    }
    const join = v['Fn::Join'] as [string, unknown[]] | undefined;
    if (Array.isArray(join) && Array.isArray(join[1])) {
      const parts = join[1].map((p) => this.resolve(p));
      if (parts.every((p) => p.kind === 'literal')) return { kind: 'literal', value: parts.map((p) => String((p as { value: unknown }).value)).join(join[0]) };
    }
    return { kind: 'unknown', text: JSON.stringify(value) };
  }

  /** The membership key of a security-group reference. */
  private groupKey(resolved: Resolved): string {
    return `sg:${referenceText(resolved)}`;
  }

  private groupLabel(key: string): string {
    const id = key.slice(3);
    const name = this.props(id).GroupName;
    return typeof name === 'string' ? `${id} (${name})` : id;
  }

  private securityGroupRules(own: ReadonlySet<string>): FilterRule[] {
    const rules: FilterRule[] = [];
    for (const [id, group] of this.ofType('AWS::EC2::SecurityGroup')) {
      const p = group.Properties ?? {};
      const key = `sg:${id}`;
      asList(p.SecurityGroupIngress).forEach((raw, i) => rules.push(this.rule(`${id} ingress #${i + 1}`, key, 'ingress', raw, own)));
      const egress = asList(p.SecurityGroupEgress);
      egress.forEach((raw, i) => rules.push(this.rule(`${id} egress #${i + 1}`, key, 'egress', raw, own)));
      if (egress.length === 0) {
        // CloudFormation keeps AWS's default egress rule until the group lists egress rules itself.
        rules.push({ id: `${id} default egress (all IPv4)`, direction: 'egress', action: 'allow', priority: 0, appliesTo: [key], peerParts: [{ label: '0.0.0.0/0', addresses: AddressSet.fromCidrs(['0.0.0.0/0']) }], peerGroups: [], services: ServiceSet.ALL });
      }
    }
    for (const [type, direction] of [
      ['AWS::EC2::SecurityGroupIngress', 'ingress'],
      ['AWS::EC2::SecurityGroupEgress', 'egress'],
    ] as const) {
      for (const [id, resource] of this.ofType(type)) {
        const p = resource.Properties ?? {};
        const target = p.GroupId !== undefined ? this.groupKey(this.resolve(p.GroupId)) : `sg:name ${String(p.GroupName)}`;
        rules.push(this.rule(id, target, direction, p, own));
      }
    }
    return rules;
  }

  private rule(id: string, group: string, direction: 'ingress' | 'egress', raw: Record<string, unknown>, own: ReadonlySet<string>): FilterRule {
    const parts: PeerPart[] = [];
    const groups: string[] = [];
    const cidr = (value: unknown, family: 'ipv4' | 'ipv6') => {
      const r = this.resolve(value);
      const text = r.value;
      const check = checkCidrOnce(text);
      if (check.ok) {
        if (check.hadHostBits) this.notes.push(`${id}: ${String(text)} has host bits set; read as ${check.value.cidr}`);
        parts.push({ label: check.value.cidr, addresses: AddressSet.fromBlocks([check.value]) });
      } else {
        // A resource's attribute other than a block the reader knows: named as the file writes it.
        const label = `${family === 'ipv6' ? 'CidrIpv6' : 'CidrIp'} ${r.kind === 'unknown' ? r.text : JSON.stringify(r.kind === 'literal' ? r.value : value)} (not known in this file)`;
        parts.push({ label, addresses: this.unknown.block(label, family) });
      }
    };
    const get = (name: string) => raw[name];
    if (get('CidrIp') !== undefined) cidr(get('CidrIp'), 'ipv4');
    if (get('CidrIpv6') !== undefined) cidr(get('CidrIpv6'), 'ipv6');
    const peerGroup = get(direction === 'ingress' ? 'SourceSecurityGroupId' : 'DestinationSecurityGroupId');
    if (peerGroup !== undefined) {
      const key = this.groupKey(this.resolve(peerGroup));
      if (own.has(key)) {
        groups.push(key);
      } else {
        const label = `members of security group ${this.resources[key.slice(3)] ? this.groupLabel(key) : key.slice(3)}`;
        parts.push({ label, addresses: this.unknown.block(label) });
      }
    }
    if (direction === 'ingress' && get('SourceSecurityGroupName') !== undefined) {
      const label = `members of security group ${String(get('SourceSecurityGroupName'))}`;
      parts.push({ label, addresses: this.unknown.block(label) });
    }
    const prefixList = get(direction === 'ingress' ? 'SourcePrefixListId' : 'DestinationPrefixListId');
    if (prefixList !== undefined) parts.push(this.prefixList(this.resolve(prefixList)));
    return { id, direction, action: 'allow', priority: 0, appliesTo: [group], peerParts: parts, peerGroups: groups, services: this.services(id, get('IpProtocol'), get('FromPort'), get('ToPort')) };
  }

  private prefixList(resolved: Resolved): PeerPart {
    if (resolved.kind === 'resource' && this.resources[resolved.id].Type === 'AWS::EC2::PrefixList') {
      const p = this.props(resolved.id);
      const cidrs = asList(p.Entries).map((e) => checkCidrOnce(this.literal(e.Cidr)));
      if (cidrs.every((c) => c.ok)) {
        return { label: `prefix list ${resolved.id}`, addresses: AddressSet.fromBlocks(cidrs.map((c) => (c as { value: ParsedCidr }).value)) };
      }
    }
    const label = `prefix list ${referenceText(resolved)} (entries not in this file)`;
    return { label, addresses: this.unknown.block(label) };
  }

  private literal(value: unknown): unknown {
    return this.resolve(value).value;
  }

  private services(id: string, protocol: unknown, fromPort: unknown, toPort: unknown): ServiceSet {
    const written = this.literal(protocol);
    let key: string | undefined;
    try {
      key = protocolKey(written as string);
    } catch {
      this.notes.push(`${id}: protocol ${JSON.stringify(written)} is not known; read as every protocol`);
      return ServiceSet.ALL;
    }
    // ServiceSet.of keeps the ports only of protocols that carry them.
    const from = Number(this.literal(fromPort) ?? 0);
    const to = Number(this.literal(toPort) ?? 65535);
    return ServiceSet.of(key, from < 0 || to < 0 ? PortSet.ALL : PortSet.range(from, to));
  }

  private networkAcls(): Map<string, FilterRule[]> {
    const acls = new Map<string, FilterRule[]>();
    for (const [id] of this.ofType('AWS::EC2::NetworkAcl')) acls.set(`acl:${id}`, []);
    for (const [id, entry] of this.ofType('AWS::EC2::NetworkAclEntry')) {
      const p = entry.Properties ?? {};
      const acl = referenceText(this.resolve(p.NetworkAclId));
      const key = `acl:${acl}`;
      const range = p.PortRange as { From?: unknown; To?: unknown } | undefined;
      const cidr = checkCidrOnce(this.literal(p.CidrBlock ?? p.Ipv6CidrBlock));
      const label = cidr.ok ? cidr.value.cidr : `${JSON.stringify(p.CidrBlock ?? p.Ipv6CidrBlock)} (not known in this file)`;
      const egress = isTrue(this.literal(p.Egress));
      const rule: FilterRule = {
        id: `${acl} rule ${String(this.literal(p.RuleNumber))}${egress ? ' (egress)' : ''}`,
        direction: egress ? 'egress' : 'ingress',
        action: String(this.literal(p.RuleAction)).toLowerCase() === 'deny' ? 'deny' : 'allow',
        priority: Number(this.literal(p.RuleNumber)),
        appliesTo: 'all',
        peerParts: [{ label, addresses: cidr.ok ? AddressSet.fromBlocks([cidr.value]) : this.unknown.block(label, p.CidrBlock === undefined ? 'ipv6' : 'ipv4') }],
        peerGroups: [],
        services: this.services(id, p.Protocol, range?.From, range?.To),
      };
      acls.set(key, [...(acls.get(key) ?? []), rule]);
    }
    return acls;
  }

  /** The subnet ids an output lists, or `undefined` when the output is absent. */
  private subnetList(key: string): Resolved[] | undefined {
    const value = this.outputs[key];
    if (value === undefined) return undefined;
    const join = (value as Record<string, unknown>)?.['Fn::Join'] as [string, unknown[]] | undefined;
    if (Array.isArray(join) && Array.isArray(join[1])) return join[1].map((v) => this.resolve(v));
    const r = this.resolve(value);
    if (r.kind === 'literal') return String(r.value).split(',').filter((s) => s !== '').map((s) => ({ kind: 'literal', value: s }));
    return [r];
  }

  private role(name: RoleName, memberships: string[], subnets: Resolved[] | undefined, declaredPublic: boolean): VmRole {
    const facts = (subnets ?? []).map((s) => this.subnet(s, declaredPublic));
    const inFile = facts.length > 0 && facts.every((f) => f.inFile);
    const listed = facts.map((f) => f.facts.label).join(', ');
    const addresses = inFile ? unionAll(facts.map((f) => f.addresses!)) : this.unknown.block(`subnets ${listed || `of the ${name}`}`);
    const publicAddress = (inFile && facts.every((f) => f.facts.mapsPublicIp)) || declaredPublic ? 'yes' : 'no';
    return {
      memberships,
      membershipLabel: `security groups ${memberships.map((k) => this.groupLabel(k)).join(', ')}`,
      addresses,
      addressLabel: inFile ? facts.map((f) => f.cidr).join(', ') : `subnets not in this template (${listed || 'none listed'})`,
      subnets: facts.map((f) => f.facts),
      publicAddress,
      internet: combinePaths(facts.map((f) => f.internet)),
      objectStore: combinePaths(facts.map((f) => f.objectStore)),
    };
  }

  private subnet(ref: Resolved, declaredPublic: boolean): SubnetReading {
    if (ref.kind !== 'resource' || this.resources[ref.id].Type !== 'AWS::EC2::Subnet') {
      const label = referenceText(ref);
      const unknown: PathFact = { kind: 'unknown', via: 'the subnets are not in this template' };
      return { facts: { label }, inFile: false, internet: unknown, objectStore: unknown };
    }
    const p = this.props(ref.id);
    const cidr = checkCidrOnce(this.literal(p.CidrBlock));
    const mapsPublicIp = isTrue(this.literal(p.MapPublicIpOnLaunch));
    const table = this.routeTableOf(ref.id);
    const internet = internetTargets(this.routesOf(table));
    const acl = this.associationOf('AWS::EC2::SubnetNetworkAclAssociation', ref.id)?.NetworkAclId;
    const publicIp = mapsPublicIp || declaredPublic;
    let path: PathFact;
    if (internet.full === 'internet gateway') path = publicIp ? { kind: 'ok', via: 'internet gateway (public IP)' } : { kind: 'none', via: 'internet gateway route, but no public IP' };
    else if (internet.full === 'NAT gateway' || internet.full === 'NAT instance') path = { kind: 'ok', via: internet.full };
    else if (internet.full) path = { kind: 'unknown', via: `${internet.full} (beyond this file)` };
    else path = { kind: 'none', via: internet.any ? `only part of the internet is routed (${internet.any})` : 'no route to the internet' };
    const endpoint = this.ofType('AWS::EC2::VPCEndpoint').some(([, e]) => {
      const ep = e.Properties ?? {};
      const type = this.literal(ep.VpcEndpointType) ?? 'Gateway';
      return type === 'Gateway' && /\.s3$/.test(flatText(ep.ServiceName)) && asList(ep.RouteTableIds).some((t) => sameResource(this.resolve(t), table));
    });
    const label = cidr.ok ? `${ref.id} (${cidr.value.cidr})` : ref.id;
    return {
      facts: { label, acl: acl === undefined ? undefined : `acl:${referenceText(this.resolve(acl))}`, mapsPublicIp, routesToInternetGateway: internet.gateway },
      inFile: cidr.ok,
      addresses: cidr.ok ? AddressSet.fromBlocks([cidr.value]) : undefined,
      cidr: cidr.ok ? cidr.value.cidr : undefined,
      internet: path,
      objectStore: endpoint ? { kind: 'ok', via: 'S3 gateway endpoint' } : path,
    };
  }

  /** The properties of the first association of `type` that names the subnet. */
  private associationOf(type: string, subnet: string): Record<string, unknown> | undefined {
    return this.ofType(type).map(([, a]) => a.Properties ?? {}).find((a) => sameResource(this.resolve(a.SubnetId), subnet));
  }

  /** The route table of a subnet, when the file has it. */
  private routeTableOf(subnet: string): string | undefined {
    return this.resolve(this.associationOf('AWS::EC2::SubnetRouteTableAssociation', subnet)?.RouteTableId).id;
  }

  /** The routes of a table of the file (none for `undefined`: no table, or one not in the file). */
  private routesOf(table: string | undefined): Route[] {
    const routes: Route[] = [];
    for (const [, route] of this.ofType('AWS::EC2::Route')) {
      const p = route.Properties ?? {};
      if (!sameResource(this.resolve(p.RouteTableId), table)) continue;
      // The path is to the IPv4 internet: IPv6 routes and prefix-list destinations (endpoints) never carry it.
      const dest = checkCidrOnce(this.literal(p.DestinationCidrBlock));
      if (!dest.ok) continue;
      routes.push({ destination: AddressSet.fromBlocks([dest.value]), prefix: dest.value.prefixLength, target: this.routeTarget(p) });
    }
    return routes;
  }

  private routeTarget(p: Record<string, unknown>): string {
    if (p.GatewayId !== undefined) {
      const g = this.resolve(p.GatewayId);
      const internetGateway = (g.kind === 'resource' && this.resources[g.id].Type === 'AWS::EC2::InternetGateway') || String(g.value).startsWith('igw-');
      return internetGateway ? 'internet gateway' : 'a virtual private gateway';
    }
    if (p.NatGatewayId !== undefined) return 'NAT gateway';
    if (p.InstanceId !== undefined) {
      const i = this.resolve(p.InstanceId);
      const nat = i.kind === 'resource' && [false, 'false'].includes(this.literal(this.props(i.id).SourceDestCheck) as boolean | string);
      return nat ? 'NAT instance' : 'an instance';
    }
    if (p.TransitGatewayId !== undefined) return 'a transit gateway';
    if (p.VpcPeeringConnectionId !== undefined) return 'a VPC peering connection';
    if (p.EgressOnlyInternetGatewayId !== undefined) return 'an egress-only internet gateway';
    return 'another target';
  }

  private vpc(): { label: string; addresses: AddressSet } {
    const ref = this.resolve(this.outputs[AWS_OUTPUT_KEYS.vpcId]);
    if (ref.kind === 'resource' && this.resources[ref.id].Type === 'AWS::EC2::VPC') {
      const added = this.ofType('AWS::EC2::VPCCidrBlock').map(([, b]) => b.Properties ?? {}).filter((b) => sameResource(this.resolve(b.VpcId), ref.id));
      const blocks = [this.props(ref.id).CidrBlock, ...added.map((b) => b.CidrBlock)]
        .map((b) => checkCidrOnce(this.literal(b)))
        .filter((c) => c.ok)
        .map((c) => (c as { value: ParsedCidr }).value);
      if (blocks.length > 0) return { label: blocks.map((b) => b.cidr).join(', '), addresses: AddressSet.fromBlocks(blocks) };
    }
    const label = 'the VPC block, not in this template';
    return { label, addresses: this.unknown.block(label) };
  }
}

/** A value as text, joins joined, other intrinsics as their JSON: `com.amazonaws.{"Ref":"AWS::Region"}.s3`. */
function flatText(value: unknown): string {
  if (value === null || typeof value !== 'object') return String(value);
  const join = (value as Record<string, unknown>)['Fn::Join'] as [string, unknown[]] | undefined;
  if (Array.isArray(join) && Array.isArray(join[1])) return join[1].map(flatText).join(join[0]);
  return JSON.stringify(value);
}

interface SubnetReading {
  readonly facts: SubnetFacts;
  /** Whether the subnet (and its range) is defined in the file. */
  readonly inFile: boolean;
  readonly addresses?: AddressSet;
  readonly cidr?: string;
  readonly internet: PathFact;
  readonly objectStore: PathFact;
}

interface Route {
  readonly destination: AddressSet;
  readonly prefix: number;
  readonly target: string;
}

function sameResource(r: Resolved, id: string | undefined): boolean {
  return r.kind === 'resource' && r.id === id;
}

/** A reference as keys and labels name it: a resource's logical id, an id, `parameter X`. */
function referenceText(r: Resolved): string {
  return r.kind === 'literal' ? String(r.value) : r.kind === 'resource' ? r.id : r.text;
}

/** CloudFormation's booleans, which templates also write as text. */
function isTrue(value: unknown): boolean {
  return value === true || value === 'true';
}

function asList(value: unknown): Array<Record<string, unknown>> {
  return Array.isArray(value) ? (value as Array<Record<string, unknown>>) : [];
}

/**
 * Where a route table sends the internet, by longest prefix: the target that carries all of it
 * (if one does), whether an internet gateway carries any of it, and what carries part of it.
 */
function internetTargets(routes: readonly Route[]): { full?: string; any?: string; gateway: boolean } {
  const internet = internetIpv4();
  let remaining = internet;
  const byTarget = new Map<string, AddressSet>();
  for (const route of [...routes].sort((a, b) => b.prefix - a.prefix)) {
    const carried = route.destination.intersect(remaining);
    if (carried.isEmpty()) continue;
    byTarget.set(route.target, (byTarget.get(route.target) ?? AddressSet.EMPTY).union(carried));
    remaining = remaining.subtract(route.destination);
  }
  const full = [...byTarget].find(([, set]) => set.containsSet(internet))?.[0];
  return { full, any: [...byTarget.keys()].join(', ') || undefined, gateway: byTarget.has('internet gateway') };
}

/** One path for a role whose subnets may differ: the worst of them, naming each distinct one. */
function combinePaths(paths: readonly PathFact[]): PathFact {
  if (paths.length === 0) return { kind: 'unknown', via: 'the stack names no subnets (it has no Coiled outputs)' };
  const worst = paths.find((p) => p.kind === 'none') ?? paths.find((p) => p.kind === 'unknown') ?? paths[0];
  return { kind: worst.kind, via: [...new Set(paths.map((p) => p.via))].join(' / ') };
}

