/**
 * Hostile AWS inputs: what a user (or a JSON file, or `-c` context) may hand the AWS constructs,
 * with the outcome each must have.
 */
import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Case, Expected, Props, Result, parameter, synthAws } from './harness';
import { CoiledNetwork, CoiledWorkspace, CoiledWorkspaceStack, ControlPlaneAccess, ExternalId, NatType } from '../../src/aws';
import { IpFamily } from '../../src/core/ingress';

export const EXTERNAL_ID = '7f3c9a1e5b2d8046c1e9f0a3b7d5c248';
const BASE = { workspaceName: 'demo', externalId: EXTERNAL_ID };
const ENV = { account: '111111111111', region: 'us-east-1' };

/** Strings `@param:Name` become a CloudFormation parameter: a value only known at deploy time. */
function resolveParams(stack: Stack, value: any): any {
  if (typeof value === 'string' && value.startsWith('@param:')) return parameter(stack, value.slice('@param:'.length));
  if (Array.isArray(value)) return value.map((v) => resolveParams(stack, v));
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveParams(stack, v)]));
  return value;
}

/** A workspace with these props (merged over a valid base), synthesized. */
const workspace =
  (extra: (ws: CoiledWorkspace, stack: Stack) => void = () => undefined) =>
    (p: Props): Result =>
      synthAws((app) => {
        const stack = new Stack(app, 'H');
        const ws = new CoiledWorkspace(stack, 'Workspace', resolveParams(stack, { ...BASE, ...p }));
        extra(ws, stack);
        return stack;
      });

/** A workspace stack (the props are the stack's). */
const stackOf = (p: Props): Result => synthAws((app) => new CoiledWorkspaceStack(app, 'H', { ...BASE, ...p } as any));

/** A workspace whose network comes from a factory given these options. */
const network =
  (factory: (o: any) => CoiledNetwork, env?: { account: string; region: string }) =>
    (o: Props): Result =>
      synthAws((app) => new CoiledWorkspaceStack(app, 'H', { ...BASE, env, network: factory(o) }));

const pub = (o: any) => CoiledNetwork.publicSubnets(o);
const priv = (o: any) => CoiledNetwork.privateSubnets(o);
const existing = (o: any) => CoiledNetwork.existing(o);
const EXISTING = { vpcId: 'vpc-0123456789abcdef0', subnetIds: ['subnet-0123456789abcdef0'] };

const cases: Case[] = [];
const add = (name: string, props: Props, run: (p: Props) => Result, expect: Expected) => cases.push({ cloud: 'aws', name, props, run, expect });
const error = (code: string, input: string): Expected => ({ error: code, input });
const warn = (id: string, check?: (r: Result) => void): Expected => ({ warn: id, check });
const ok = (check?: (r: Result) => void): Expected => ({ ok: true, check });
const ingress22 = (cidrs: string[]) => cidrs.map((cidr) => ({ ports: [22], cidr }));

// --- External IDs: placeholders and weak values fail; the context path gives our error. ---
for (const id of [
  'CHANGE-ME-7f3c9a1e5b2d8046',
  'change_me_7f3c9a1e5b2d8046',
  'ChangeMe7f3c9a1e5b2d8046',
  '<external-id>',
  'your-external-id',
  'YOUR_EXTERNAL_ID_HERE',
  'example-7f3c9a1e5b2d8046',
  'EXAMPLE',
  'xxxxxxxxxxxxxxxx',
  'XXXX-XXXX-XXXX-XXXX',
  'REPLACE_WITH_ID_7f3c9a1e',
  '${EXTERNAL_ID}',
  '{{external_id}}',
  'placeholder-7f3c9a1e5b2d',
  'test-7f3c9a1e5b2d8046c1e9',
  'todo-7f3c9a1e5b2d8046c1e9',
  'dummy7f3c9a1e5b2d8046',
]) {
  add(`externalId placeholder ${id}`, { externalId: id }, workspace(), error('INVALID_EXTERNAL_ID', 'externalId'));
}
for (const id of ['abc123def456', 'aaaaaaaaaaaaaaaaaaaa', '0123456789abcdef', 'fedcba9876543210', 'abababababababab', 'qwertyuiopasdfgh', 'aabbccddaabbccdd', 'a1', 'has spaces in it', 'x'.repeat(1225)]) {
  add(`externalId weak or invalid ${id.slice(0, 24)}`, { externalId: id }, workspace(), error('INVALID_EXTERNAL_ID', 'externalId'));
}
add('externalId a number (JSON)', { externalId: 12345678901234567 }, workspace(), error('INVALID_TYPE', 'externalId'));
add('externalId missing', { externalId: undefined }, workspace(), error('INVALID_TYPE', 'externalId'));
add('externalId random hex', { externalId: 'c0ffee5a9d17e4b3826f91a0d4c7b5e2' }, workspace(), ok());
add('externalId random alphanumerics', { externalId: 'Zq8Lr2Vx7Nc4Ws1Km9Pt' }, workspace(), ok());
const fromContext = (p: Props): Result =>
  synthAws((app) => {
    const ctxApp = new App({ context: p.context });
    return new CoiledWorkspaceStack(app, 'H', { ...BASE, externalId: ExternalId.fromContext(ctxApp) });
  });
add('-c coiledExternalId missing', { context: {} }, fromContext, error('INVALID_EXTERNAL_ID', 'context "coiledExternalId"'));
add('-c coiledExternalId= (empty)', { context: { coiledExternalId: '' } }, fromContext, error('INVALID_EXTERNAL_ID', 'context "coiledExternalId"'));
add('-c coiledExternalId=CHANGE-ME', { context: { coiledExternalId: 'CHANGE-ME-0123456789' } }, fromContext, error('INVALID_EXTERNAL_ID', 'context "coiledExternalId"'));
add('-c coiledExternalId as a number in cdk.json', { context: { coiledExternalId: 1234567890123456 } }, fromContext, error('INVALID_EXTERNAL_ID', 'context "coiledExternalId"'));
add('-c coiledExternalId good', { context: { coiledExternalId: EXTERNAL_ID } }, fromContext, ok());

// --- Exposure by address space, after merging, including connections. ---
add('SSH from 0.0.0.0/1 + 128.0.0.0/1', { ingress: ingress22(['0.0.0.0/1', '128.0.0.0/1']) }, workspace(), warn('coiled-byoc:adminPortOpenToWorld'));
add('SSH from 128 /7 blocks', { ingress: ingress22(Array.from({ length: 128 }, (_, i) => `${i * 2}.0.0.0/7`)) }, workspace(), warn('coiled-byoc:adminPortOpenToWorld'));
add('SSH from everything but the private ranges', { ingress: ingress22(['0.0.0.0/5', '8.0.0.0/7', '11.0.0.0/8', '12.0.0.0/6', '16.0.0.0/4', '32.0.0.0/3', '64.0.0.0/2', '128.0.0.0/1']) }, workspace(), warn('coiled-byoc:adminPortOpenToWorld'));
add('RDP from ::/1 + 8000::/1', { ingress: [{ ports: [3389], cidr: '::/1' }, { ports: [3389], cidr: '8000::/1' }] }, workspace(), warn('coiled-byoc:adminPortOpenToWorld'));
add('SSH from 2000::/3 (all of global IPv6)', { ingress: [{ ports: [22], cidr: '2000::/3' }] }, workspace(), warn('coiled-byoc:adminPortOpenToWorld'));
add('SSH in a port range 20-30 from anywhere', { ingress: [{ ports: [20, 21, 22, 23, 24, 25], cidr: '0.0.0.0/0' }] }, workspace(), warn('coiled-byoc:adminPortOpenToWorld'));
add('SSH from half the internet', { ingress: ingress22(['0.0.0.0/1']) }, workspace(), warn('coiled-byoc:adminPortOpenWide'));
add('SSH from 256 /8 blocks merged by the quota guard into 0.0.0.0/0', { ingress: ingress22(Array.from({ length: 256 }, (_, i) => `${i}.0.0.0/8`)) }, workspace(), warn('coiled-byoc:adminPortOpenToWorld'));
add('connections.allowFrom(anyIpv4, 22)', { ingress: [{ ports: [443], cidr: '10.0.0.0/8' }] }, workspace((ws) => ws.connections.allowFrom(ec2.Peer.anyIpv4(), ec2.Port.tcp(22))), warn('coiled-byoc:adminPortOpenToWorld'));
add('connections.allowFrom(anyIpv6, 3389)', { ingress: [{ ports: [443], cidr: '10.0.0.0/8' }] }, workspace((ws) => ws.connections.allowFrom(ec2.Peer.anyIpv6(), ec2.Port.tcp(3389))), warn('coiled-byoc:adminPortOpenToWorld'));
add('connections half + ingress half of SSH', { ingress: ingress22(['128.0.0.0/1']) }, workspace((ws) => ws.connections.allowFrom(ec2.Peer.ipv4('0.0.0.0/1'), ec2.Port.tcp(22))), warn('coiled-byoc:adminPortOpenToWorld'));
add('connections all traffic from anywhere', { ingress: [] }, workspace((ws) => ws.connections.allowFrom(ec2.Peer.anyIpv4(), ec2.Port.allTraffic())), warn('coiled-byoc:adminPortOpenToWorld'));
add('clusterConnections.allowFrom(anyIpv4, 22): every VM', {}, workspace((ws) => ws.clusterConnections.allowFrom(ec2.Peer.anyIpv4(), ec2.Port.tcp(22))), warn('coiled-byoc:adminPortOpenToWorld', (r) => expect(r.warnings.join()).toMatch(/every cluster VM/)));
add('connections.allowFrom(anyIpv4, 443) says where it came from', { ingress: [] }, workspace((ws) => ws.connections.allowFrom(ec2.Peer.anyIpv4(), ec2.Port.tcp(443))), warn('coiled-byoc:ingressFromAnywhere', (r) => expect(r.warnings.join()).toMatch(/rules added through connections/)));
add('SSH from one address: no warning', { ingress: [{ ports: [22], cidr: '203.0.113.7/32' }, { ports: [443], cidr: '10.0.0.0/8' }] }, workspace(), ok((r) => expect(r.warnings.join()).not.toMatch(/adminPort/)));
add('SSH from private ranges only: no warning', { ingress: ingress22(['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16']).concat([{ ports: [443], cidr: '10.0.0.0/8' }]) }, workspace(), ok((r) => expect(r.warnings.join()).not.toMatch(/adminPort/)));
add('default ingress is reported', {}, workspace(), warn('coiled-byoc:ingressFromAnywhere', (r) => expect(r.warnings.join()).toMatch(/The default ingress/)));
add('existing security groups: no spurious no-ingress warning', {
  network: undefined,
}, (p) =>
  synthAws((app) => {
    const stack = new Stack(app, 'H');
    const sg = (id: string, sgId: string) => ec2.SecurityGroup.fromSecurityGroupId(stack, id, sgId);
    new CoiledWorkspace(stack, 'Workspace', { ...BASE, ...p, network: CoiledNetwork.existing({ ...EXISTING, schedulerSecurityGroup: sg('S', 'sg-0123456789abcdef0'), clusterSecurityGroup: sg('C', 'sg-0fedcba9876543210') }) });
    return stack;
  }), ok((r) => expect(r.warnings.join()).not.toMatch(/noIngress|ingress is empty/)));

// --- Restricted egress undone by a data source (or a connection) covering everything. ---
add('restrictEgress with dataSources 0.0.0.0/0 on many ports', { restrictEgress: true, dataSources: [{ ports: [5432, 6379, 9092], cidr: '0.0.0.0/0' }] }, workspace(), warn('coiled-byoc:egressOpenToWorld'));
add('restrictEgress with dataSources 0.0.0.0/1 + 128.0.0.0/1', { restrictEgress: true, dataSources: [{ ports: [5432], cidr: '0.0.0.0/1' }, { ports: [5432], cidr: '128.0.0.0/1' }] }, workspace(), warn('coiled-byoc:egressOpenToWorld'));
add('restrictEgress with dataSources ::/0', { restrictEgress: true, dataSources: [{ ports: [22], cidr: '::/0' }] }, workspace(), warn('coiled-byoc:egressOpenToWorld'));
add('restrictEgress undone by clusterConnections.allowTo(anyIpv4, all TCP)', { restrictEgress: true }, workspace((ws) => ws.clusterConnections.allowTo(ec2.Peer.anyIpv4(), ec2.Port.allTcp())), warn('coiled-byoc:egressOpenToWorld', (r) => expect(r.warnings.join()).toMatch(/every port/)));
add('restrictEgress with a narrow data source: no warning', { restrictEgress: true, dataSources: [{ ports: [5432], cidr: '10.20.0.0/16' }] }, workspace(), ok((r) => expect(r.warnings.join()).not.toMatch(/egressOpenToWorld/)));
add('dataSources without restrictEgress', { dataSources: [{ ports: [5432], cidr: '10.20.0.0/16' }] }, workspace(), error('CONFLICTING_OPTIONS', 'dataSources'));

// --- Token CIDRs: the family is said, never guessed. ---
add('token CIDR without family', { ingress: [{ ports: [443], cidr: '@param:ClientCidr' }] }, workspace(), error('UNKNOWN_ADDRESS_FAMILY', 'ingress[0].cidr'));
add('token CIDR declared IPv4 renders CidrIp', { ingress: [{ ports: [443], cidr: '@param:ClientCidr', cidrFamily: IpFamily.IPV4 }] }, workspace(), ok((r) => expect(JSON.stringify(r.template)).toMatch(/"CidrIp":\{"Ref":"ClientCidr"\}/)));
add('token CIDR declared IPv6 renders CidrIpv6', { ingress: [{ ports: [443], cidr: '@param:ClientCidr', cidrFamily: IpFamily.IPV6 }] }, workspace(), ok((r) => expect(JSON.stringify(r.template)).toMatch(/"CidrIpv6":\{"Ref":"ClientCidr"\}/)));
add('token data source without family', { restrictEgress: true, dataSources: [{ ports: [5432], cidr: '@param:Db' }] }, workspace(), error('UNKNOWN_ADDRESS_FAMILY', 'dataSources[0].cidr'));
add('cidrFamily "ipv6" (lower case)', { ingress: [{ ports: [443], cidr: '@param:ClientCidr', cidrFamily: 'ipv6' }] }, workspace(), error('INVALID_ENUM_VALUE', 'ingress[0].cidrFamily'));
add('cidrFamily contradicting a literal', { ingress: [{ ports: [443], cidr: '10.0.0.0/8', cidrFamily: 'IPV6' }] }, workspace(), error('INVALID_CIDR', 'ingress[0].cidrFamily'));

// --- Names every object inherits (Object.prototype): no such option, family or region. ---
for (const name of ['constructor', 'toString', 'valueOf', 'hasOwnProperty']) {
  add(`a prop named ${name}`, { [name]: 'x' }, workspace(), error('UNKNOWN_OPTION', name));
  add(`a rule key named ${name}`, { ingress: [{ ports: [443], cidr: '10.0.0.0/8', [name]: 'x' }] }, workspace(), error('UNKNOWN_OPTION', `ingress[0].${name}`));
  add(`cidrFamily ${name} on a token block`, { ingress: [{ ports: [443], cidr: '@param:ClientCidr', cidrFamily: name }] }, workspace(), error('INVALID_ENUM_VALUE', 'ingress[0].cidrFamily'));
  add(`a network option named ${name}`, { [name]: 'x' }, network(pub), error('UNKNOWN_OPTION', name));
  add(`region ${name}: the zone count is held to every region's`, { availabilityZoneCount: 7 }, network(pub, { account: '111111111111', region: name }), error('INVALID_NETWORK', 'availabilityZoneCount'));
}

// --- Enums from JavaScript/JSON, and contradictions. ---
for (const natType of ['BOGUS', 'gateway', 'Gateway', 'nat-gateway', 1, true]) {
  add(`natType ${JSON.stringify(natType)}`, { natType }, network(priv), error('INVALID_ENUM_VALUE', 'natType'));
}
add('natType null', { natType: null }, network(priv), error('INVALID_TYPE', 'natType'));
add('controlPlaneAccess "standard"', { controlPlaneAccess: 'standard' }, workspace(), error('INVALID_ENUM_VALUE', 'controlPlaneAccess'));
add('controlPlaneAccess "ADMIN"', { controlPlaneAccess: 'ADMIN' }, workspace(), error('INVALID_ENUM_VALUE', 'controlPlaneAccess'));
add('logRetention "ONE_DAY" (the name as text)', { logRetention: 'ONE_DAY' }, workspace(), error('INVALID_TYPE', 'logRetention'));
add('logRetention 31 days', { logRetention: 31 }, workspace(), error('INVALID_RETENTION', 'logRetention'));
add('logRetention ONE_WEEK', { logRetention: logs.RetentionDays.ONE_WEEK }, workspace(), ok());
add('staticEgressIps with NAT NONE', { natType: NatType.NONE, staticEgressIps: true }, network(priv), error('CONFLICTING_OPTIONS', 'staticEgressIps'));
add('natPerAz with NAT NONE', { natType: NatType.NONE, natPerAz: true }, network(priv), error('CONFLICTING_OPTIONS', 'natPerAz'));
add('natInstanceType with NAT GATEWAY', { natType: NatType.GATEWAY, natInstanceType: new ec2.InstanceType('t4g.micro') }, network(priv), error('CONFLICTING_OPTIONS', 'natInstanceType'));
add('natInstanceType as text', { natType: NatType.INSTANCE, natInstanceType: 't4g.nano' }, network(priv), error('INVALID_TYPE', 'natInstanceType'));
add('staticEgressIps with NAT instances', { natType: NatType.INSTANCE, staticEgressIps: true }, network(priv), ok((r) => expect(Object.keys(r.template.Outputs)).toContain('CoiledNatPublicIps')));
add('availabilityZones and availabilityZoneCount both', { availabilityZones: ['us-east-1a'], availabilityZoneCount: 3 }, network(pub), error('CONFLICTING_OPTIONS', 'availabilityZoneCount'));
add('flowLogRetention without flowLogs', { flowLogRetention: logs.RetentionDays.ONE_WEEK }, network(pub), error('CONFLICTING_OPTIONS', 'flowLogRetention'));
add('vpcSubnets with vpcId', { ...EXISTING, vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS } }, network(existing), error('CONFLICTING_OPTIONS', 'vpcSubnets'));
add('schedulerSubnetIds of their own', { ...EXISTING, schedulerSubnetIds: ['subnet-0fedcba9876543210'] }, network(existing), ok());
add('STANDARD access with amiOwnerAccountIds', { controlPlaneAccess: ControlPlaneAccess.STANDARD, amiOwnerAccountIds: ['111111111111'] }, workspace(), error('CONFLICTING_OPTIONS', 'amiOwnerAccountIds'));
add('principal ARN in another account than coiledAccountId', { coiledAccountId: '111111111111', coiledPrincipalArn: 'arn:aws:iam::222222222222:role/coiled' }, workspace(), error('CONFLICTING_OPTIONS', 'coiledPrincipalArn'));
add('ingress with existing security groups', { ingress: [{ ports: [443], cidr: '10.0.0.0/8' }] }, (p) =>
  synthAws((app) => {
    const stack = new Stack(app, 'H');
    const sg = (id: string, sgId: string) => ec2.SecurityGroup.fromSecurityGroupId(stack, id, sgId);
    new CoiledWorkspace(stack, 'Workspace', { ...BASE, ...p, network: CoiledNetwork.existing({ ...EXISTING, schedulerSecurityGroup: sg('S', 'sg-0123456789abcdef0'), clusterSecurityGroup: sg('C', 'sg-0fedcba9876543210') }) });
    return stack;
  }), error('CONFLICTING_OPTIONS', 'ingress'));

// --- Empty where meaningless. ---
add('amiOwnerAccountIds []', { amiOwnerAccountIds: [] }, workspace(), error('EMPTY_LIST', 'amiOwnerAccountIds'));
add('amiOwnerAccountIds duplicate', { amiOwnerAccountIds: ['111111111111', '111111111111'] }, workspace(), error('INVALID_ACCOUNT_ID', 'amiOwnerAccountIds[1]'));
add('schedulerSubnetIds []', { ...EXISTING, schedulerSubnetIds: [] }, network(existing), error('EMPTY_LIST', 'schedulerSubnetIds'));
add('subnetIds []', { ...EXISTING, subnetIds: [] }, network(existing), error('EMPTY_LIST', 'subnetIds'));
add('subnetIds duplicate', { ...EXISTING, subnetIds: ['subnet-0123456789abcdef0', 'subnet-0123456789abcdef0'] }, network(existing), error('INVALID_NETWORK', 'subnetIds[1]'));
add('availabilityZones []', { availabilityZones: [] }, network(pub), error('EMPTY_LIST', 'availabilityZones'));
add('ingress [] warns that no client can connect', { ingress: [] }, workspace(), warn('coiled-byoc:noIngress'));
add('ports []', { ingress: [{ ports: [], cidr: '10.0.0.0/8' }] }, workspace(), error('EMPTY_PORTS', 'ingress[0].ports'));

// --- Zones. ---
for (const count of [7, 0, -1, 1.5, 100]) add(`availabilityZoneCount ${count}`, { availabilityZoneCount: count }, network(pub), error('INVALID_NETWORK', 'availabilityZoneCount'));
add('availabilityZoneCount "2" (text)', { availabilityZoneCount: '2' }, network(pub), error('INVALID_TYPE', 'availabilityZoneCount'));
add('availabilityZoneCount 4 in us-east-2 (3 zones)', { availabilityZoneCount: 4 }, network(pub, { ...ENV, region: 'us-east-2' }), error('INVALID_NETWORK', 'availabilityZoneCount'));
add('availabilityZoneCount 6 in us-east-1', { availabilityZoneCount: 6 }, network(pub, ENV), ok());
add('availabilityZoneCount 4, region unknown: warned', { availabilityZoneCount: 4 }, network(pub), warn('coiled-byoc:availabilityZoneCount'));
add('duplicate availabilityZones', { availabilityZones: ['us-east-1a', 'us-east-1a'] }, network(pub, ENV), error('INVALID_NETWORK', 'availabilityZones[1]'));
add('zone of another region', { availabilityZones: ['us-east-1a', 'eu-west-1b'] }, network(pub, ENV), error('INVALID_NETWORK', 'availabilityZones[1]'));
add('zones of two regions, region unknown', { availabilityZones: ['us-east-1a', 'eu-west-1b'] }, network(pub), error('INVALID_NETWORK', 'availabilityZones'));
add('zone id instead of name', { availabilityZones: ['use1-az1'] }, network(pub, ENV), error('INVALID_NETWORK', 'availabilityZones[0]'));
add('zone name garbage', { availabilityZones: ['a'] }, network(pub), error('INVALID_NETWORK', 'availabilityZones[0]'));
add('local zone name', { availabilityZones: ['us-east-1a', 'us-east-1-bos-1a'] }, network(pub, ENV), ok());

// --- VPC and subnet sizes: errors name what the user wrote. ---
add('VPC /28 with the default subnet mask', { cidr: '10.0.0.0/28' }, network(pub), error('INVALID_NETWORK', 'cidr'));
add('VPC /26 private with the default mask', { cidr: '10.0.0.0/26' }, network(priv), ok());
add('VPC /24 fits with a derived mask', { cidr: '10.0.0.0/24' }, network(pub), ok((r) => expect(JSON.stringify(r.template)).toMatch(/10\.0\.0\.0\/25/)));
add('subnetCidrMask 29', { subnetCidrMask: 29 }, network(pub), error('INVALID_NUMBER', 'subnetCidrMask'));
add('subnetCidrMask 15 in a /16', { subnetCidrMask: 15 }, network(pub), error('INVALID_NUMBER', 'subnetCidrMask'));
add('subnetCidrMask "20"', { subnetCidrMask: '20' }, network(pub), error('INVALID_TYPE', 'subnetCidrMask'));
add('VPC cidr with host bits', { cidr: '10.0.0.1/16' }, network(pub), error('INVALID_CIDR', 'cidr'));
add('VPC cidr IPv6', { cidr: '2001:db8::/56' }, network(pub), error('INVALID_CIDR', 'cidr'));
add('VPC cidr /8', { cidr: '10.0.0.0/8' }, network(pub), error('INVALID_CIDR', 'cidr'));

// --- Types a JavaScript or JSON caller gets wrong. ---
add('subnetIds as one comma-separated string (-c context)', { ...EXISTING, subnetIds: 'subnet-0123456789abcdef0,subnet-0fedcba9876543210' }, network(existing), error('INVALID_TYPE', 'subnetIds'));
// eslint-disable-next-line no-sparse-arrays
add('subnetIds sparse', { ...EXISTING, subnetIds: [, 'subnet-0123456789abcdef0'] }, network(existing), error('INVALID_TYPE', 'subnetIds[0]'));
add('ingress new Array(1)', { ingress: new Array(1) }, workspace(), error('INVALID_TYPE', 'ingress[0]'));
// eslint-disable-next-line no-sparse-arrays
add('ports sparse [, 443]', { ingress: [{ ports: [, 443], cidr: '10.0.0.0/8' }] }, workspace(), error('INVALID_TYPE', 'ingress[0].ports[0]'));
add('ports new Array(2)', { ingress: [{ ports: new Array(2), cidr: '10.0.0.0/8' }] }, workspace(), error('INVALID_TYPE', 'ingress[0].ports[0]'));
add('ingress one rule, not a list', { ingress: { ports: [443], cidr: '10.0.0.0/8' } }, workspace(), error('INVALID_TYPE', 'ingress'));
add('ports 443, not a list', { ingress: [{ ports: 443, cidr: '10.0.0.0/8' }] }, workspace(), error('INVALID_TYPE', 'ingress[0].ports'));
add('ports ["443"]', { ingress: [{ ports: ['443'], cidr: '10.0.0.0/8' }] }, workspace(), error('INVALID_TYPE', 'ingress[0].ports[0]'));
add('port 0', { ingress: [{ ports: [0], cidr: '10.0.0.0/8' }] }, workspace(), error('INVALID_PORT', 'ingress[0].ports[0]'));
add('port 65536', { ingress: [{ ports: [65536], cidr: '10.0.0.0/8' }] }, workspace(), error('INVALID_PORT', 'ingress[0].ports[0]'));
add('port NaN', { ingress: [{ ports: [NaN], cidr: '10.0.0.0/8' }] }, workspace(), error('INVALID_TYPE', 'ingress[0].ports[0]'));
add('cidr as a list', { ingress: [{ ports: [443], cidr: ['10.0.0.0/8'] }] }, workspace(), error('INVALID_TYPE', 'ingress[0].cidr'));
add('cidrs (plural) key', { ingress: [{ ports: [443], cidrs: ['10.0.0.0/8'] }] }, workspace(), error('UNKNOWN_OPTION', 'ingress[0].cidrs'));
add('cidr "10.0.0.0/33"', { ingress: [{ ports: [443], cidr: '10.0.0.0/33' }] }, workspace(), error('INVALID_CIDR', 'ingress[0].cidr'));
add('cidr with a zone id', { ingress: [{ ports: [443], cidr: 'fe80::1%eth0/64' }] }, workspace(), error('INVALID_CIDR', 'ingress[0].cidr'));
add('cidr a bare address', { ingress: [{ ports: [443], cidr: '203.0.113.7' }] }, workspace(), error('INVALID_CIDR', 'ingress[0].cidr'));
add('description with a quote', { ingress: [{ ports: [443], cidr: '10.0.0.0/8', description: "Bob's VPN" }] }, workspace(), error('INVALID_DESCRIPTION', 'ingress[0].description'));
add('workspaceName 123', { workspaceName: 123 }, workspace(), error('INVALID_TYPE', 'workspaceName'));
add('workspaceName "My Team"', { workspaceName: 'My Team' }, workspace(), error('INVALID_WORKSPACE_NAME', 'workspaceName'));
add('workspaceName "Équipe Données"', { workspaceName: 'Équipe Données' }, workspace(), error('INVALID_WORKSPACE_NAME', 'workspaceName'));
add('workspaceName "team-"', { workspaceName: 'team-' }, workspace(), error('INVALID_WORKSPACE_NAME', 'workspaceName'));
add('workspaceName ""', { workspaceName: '' }, workspace(), error('INVALID_WORKSPACE_NAME', 'workspaceName'));
add('workspaceName 44 characters with the default prefix', { workspaceName: 'w'.repeat(44) }, workspace(), error('INVALID_NAME', 'workspaceName'));
add('workspaceName 57 characters with a short prefix', { workspaceName: 'w'.repeat(57), namePrefix: 'cw' }, workspace(), ok());
add('schedulerPort "443"', { schedulerPort: '443' }, workspace(), error('INVALID_TYPE', 'schedulerPort'));
add('schedulerPort 70000', { schedulerPort: 70000 }, workspace(), error('INVALID_PORT', 'schedulerPort'));
add('restrictEgress "true"', { restrictEgress: 'true' }, workspace(), error('INVALID_TYPE', 'restrictEgress'));
add('securityGroupRuleQuota "60"', { securityGroupRuleQuota: '60' }, workspace(), error('INVALID_TYPE', 'securityGroupRuleQuota'));
add('securityGroupRuleQuota 0', { securityGroupRuleQuota: 0 }, workspace(), error('INVALID_NUMBER', 'securityGroupRuleQuota'));
add('securityGroupRuleQuota 5000', { securityGroupRuleQuota: 5000 }, workspace(), error('INVALID_NUMBER', 'securityGroupRuleQuota'));
add('network "public" (text)', { network: 'public' }, workspace(), error('INVALID_TYPE', 'network'));
add('network {} (a plain object)', { network: {} }, workspace(), error('INVALID_TYPE', 'network'));
add('workerPorts "8000"', { workerPorts: '8000' }, workspace(), error('INVALID_TYPE', 'workerPorts'));
add('workerPorts equal', { workerPorts: { nannyPort: 8000, workerPort: 8000 } }, workspace(), error('INVALID_PORT', 'workerPorts'));
add('restrictEgres (typo)', { restrictEgres: true }, workspace(), error('UNKNOWN_OPTION', 'restrictEgres'));
add('ingres (typo)', { ingres: [] }, workspace(), error('UNKNOWN_OPTION', 'ingres'));
add('null for an optional prop', { namePrefix: null }, workspace(), error('INVALID_TYPE', 'namePrefix'));
const withVpc = (o: Props): Result =>
  synthAws((app) => {
    const stack = new Stack(app, 'H', { env: ENV });
    const vpc = new ec2.Vpc(stack, 'Mine', { maxAzs: 2, subnetConfiguration: [{ name: 'Public', subnetType: ec2.SubnetType.PUBLIC }] });
    new CoiledWorkspace(stack, 'Workspace', { ...BASE, network: CoiledNetwork.existing({ vpc, ...o }) });
    return stack;
  });
add('vpcSubnets the VPC does not have', { vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED } }, withVpc, error('INVALID_NETWORK', 'vpcSubnets'));
add('vpcSubnets a bogus subnet type from JSON', { vpcSubnets: { subnetType: 'BOGUS' } }, withVpc, error('INVALID_NETWORK', 'vpcSubnets'));
add('an existing IVpc with its public subnets', {}, withVpc, ok());
add('vpc given as an id string', { vpc: 'vpc-0123456789abcdef0' }, network(existing), error('INVALID_TYPE', 'vpc'));
add('options not an object', 'private' as any, network(priv), error('INVALID_TYPE', 'options'));
add('stack with an explicit env', { env: { account: '111111111111', region: 'eu-west-1' } }, stackOf, ok());
add('stack: a typo of a workspace prop', { workspaceNme: 'x' }, stackOf, error('UNKNOWN_OPTION', 'workspaceNme'));
// A stack's props extend CDK's StackProps, which grow with CDK: an unknown option that is no typo
// of ours is left to CDK, whatever its name, and never handed to the workspace.
add('stack: an option named toString, like any other unknown', { toString: 'x' }, stackOf, ok((r) => expect(JSON.stringify(r.template)).not.toContain('"x"')));

// --- Names: the input the user wrote, and a suggestion that works. ---
add('namePrefix ""', { namePrefix: '' }, workspace(), error('INVALID_NAME', 'namePrefix'));
add('namePrefix with a space', { namePrefix: 'my prefix' }, workspace(), error('INVALID_NAME', 'namePrefix'));
add('namePrefix 60 characters', { namePrefix: 'p'.repeat(60) }, workspace(), error('INVALID_NAME', 'namePrefix'));
add('controlPlaneRoleName 70 characters', { controlPlaneRoleName: 'r'.repeat(70) }, workspace(), error('INVALID_NAME', 'controlPlaneRoleName'));
add('instancePolicyName with a space', { instancePolicyName: 'Coiled Policy' }, workspace(), error('INVALID_NAME', 'instancePolicyName'));
add('coiledAccountId 11 digits', { coiledAccountId: '77742499581' }, workspace(), error('INVALID_ACCOUNT_ID', 'coiledAccountId'));
add('coiledAccountId as a number', { coiledAccountId: 77742499581 }, workspace(), error('INVALID_TYPE', 'coiledAccountId'));
add('coiledAccountId with dashes', { coiledAccountId: '0777-4249-9581' }, workspace(), error('INVALID_ACCOUNT_ID', 'coiledAccountId'));
add('coiledPrincipalArn an S3 ARN', { coiledPrincipalArn: 'arn:aws:s3:::bucket' }, workspace(), error('INVALID_ARN', 'coiledPrincipalArn'));
const twoWorkspaces = (p: Props): Result =>
  synthAws((app) => {
    new CoiledWorkspaceStack(app, 'A', { ...BASE, workspaceName: 'team' });
    return new CoiledWorkspaceStack(app, 'B', { ...BASE, ...p });
  });
add('same workspace name twice in one app', { workspaceName: 'team' }, twoWorkspaces, error('NAME_COLLISION', 'workspaceName'));
add('a second CoiledInstancePolicy in one account', { workspaceName: 'other' }, twoWorkspaces, error('NAME_COLLISION', 'instancePolicyName'));
add('the same namePrefix twice', { workspaceName: 'other', namePrefix: 'coiled-team', instancePolicyName: 'OtherPolicy' }, twoWorkspaces, error('NAME_COLLISION', 'namePrefix'));

// --- Quota. ---
add('61 non-adjacent blocks', { ingress: Array.from({ length: 61 }, (_, i) => ({ ports: [443], cidr: `10.${i * 2}.0.0/16` })) }, workspace(), error('SECURITY_GROUP_RULE_QUOTA', 'ingress'));
add('61 non-adjacent blocks with a raised quota', { securityGroupRuleQuota: 100, ingress: Array.from({ length: 61 }, (_, i) => ({ ports: [443], cidr: `10.${i * 2}.0.0/16` })) }, workspace(), ok());
add('5,000 port sets', { ingress: Array.from({ length: 5000 }, (_, i) => ({ ports: [1024 + i], cidr: `10.${Math.floor(i / 256)}.${i % 256}.0/24` })) }, workspace(), error('SECURITY_GROUP_RULE_QUOTA', 'ingress'));

// --- Valid configurations stay valid. ---
add('the default workspace', {}, workspace(), warn('coiled-byoc:ingressFromAnywhere'));
add('private with NAT instance', {}, (p) => network(priv)({ natType: NatType.INSTANCE, ...p }), ok());
add('private with NAT NONE warns about reaching Coiled', { natType: NatType.NONE }, network(priv), warn('coiled-byoc:noNat'));
add('existing VPC by id', EXISTING, network(existing), ok());
add('IPv6 ingress', { ingress: [{ ports: [443], cidr: '2001:db8::/32' }] }, workspace(), ok());
add('host bits are normalised with a warning', { ingress: [{ ports: [443], cidr: '10.1.0.2/16' }] }, workspace(), warn('coiled-byoc:cidrHostBits'));

// --- Secrets: names valid on both clouds, no value in the template without the opt-in. ---
const secretOf = (extra: Props) => ({ secrets: [{ name: 'database_token', ...extra }] });
add('secret name with a hyphen', secretOf({ name: 'db-token' }), stackOf, error('INVALID_NAME', 'secrets[0].name'));
add('secret name starting with a digit', secretOf({ name: '2fa_token' }), stackOf, error('INVALID_NAME', 'secrets[0].name'));
add('secret name with a newline', secretOf({ name: 'db\ntoken' }), stackOf, error('INVALID_NAME', 'secrets[0].name'));
add('secret name with shell metacharacters', secretOf({ name: '$(id)' }), stackOf, error('INVALID_NAME', 'secrets[0].name'));
add('secret name with a slash', secretOf({ name: 'prod/db' }), stackOf, error('INVALID_NAME', 'secrets[0].name'));
add('secret name too long for a GCP id', secretOf({ name: `t${'x'.repeat(300)}` }), stackOf, error('INVALID_NAME', 'secrets[0].name'));
add('secret name a number', secretOf({ name: 42 }), stackOf, error('INVALID_TYPE', 'secrets[0].name'));
add('secrets not a list', { secrets: 'database_token' }, stackOf, error('INVALID_TYPE', 'secrets'));
add('a secret entry that is null', { secrets: [null] }, stackOf, error('INVALID_TYPE', 'secrets[0]'));
add('two secrets whose names differ only in case', { secrets: [{ name: 'token' }, { name: 'TOKEN' }] }, stackOf, error('NAME_COLLISION', 'secrets[1].name'));
add('two secrets passing one environment variable', { secrets: [{ name: 'a', environmentVariable: 'TOKEN' }, { name: 'b', environmentVariable: 'TOKEN' }] }, stackOf, error('NAME_COLLISION', 'secrets[1].environmentVariable'));
add('secret environment variable with a hyphen', secretOf({ environmentVariable: 'DB-TOKEN' }), stackOf, error('INVALID_NAME', 'secrets[0].environmentVariable'));
add('secret description over 2048 characters', secretOf({ description: 'd'.repeat(2049) }), stackOf, error('INVALID_DESCRIPTION', 'secrets[0].description'));
add('secret adopted by partial ARN', secretOf({ existingSecretArn: 'arn:aws:secretsmanager:us-east-1:111111111111:secret:prod/db' }), stackOf, error('INVALID_ARN', 'secrets[0].existingSecretArn'));
add('secret adopted by name and ARN', secretOf({ existingSecretName: 'prod/db', existingSecretArn: 'arn:aws:secretsmanager:us-east-1:111111111111:secret:prod/db-AbCdEf' }), stackOf, error('CONFLICTING_OPTIONS', 'secrets[0].existingSecretArn'));
add('secret adopted and generated', secretOf({ existingSecretName: 'prod/db', generateValue: true }), stackOf, error('CONFLICTING_OPTIONS', 'secrets[0].generateValue'));
add('secret plaintext value without the opt-in', secretOf({ value: 'tok-0a9f7c31' }), stackOf, error('PLAINTEXT_SECRET_VALUE', 'secrets[0].value'));
add('secret opt-in without a value', secretOf({ allowPlaintextValue: true }), stackOf, error('CONFLICTING_OPTIONS', 'secrets[0].allowPlaintextValue'));
add('secret plaintext value with the opt-in', secretOf({ value: 'tok-0a9f', allowPlaintextValue: true }), stackOf, warn('coiled-byoc:secretValueInTemplate'));
add('secret of another account', { env: ENV, ...secretOf({ existingSecretArn: 'arn:aws:secretsmanager:us-east-1:444455556666:secret:shared/api-Zx9Yw8' }) }, stackOf, warn('coiled-byoc:secretInOtherAccount'));
add('secret ARN as a deploy-time parameter', secretOf({ existingSecretArn: '@param:SecretArn' }), workspace(), ok());
add('a secret, generated', secretOf({ generateValue: true }), stackOf, ok((r) => expect(JSON.stringify(r.template)).toContain('GenerateSecretString')));

export const AWS_CASES = cases;
