/**
 * CoiledSecurityGroups on its own, in a VPC imported by id: its refusals and synth-time errors word
 * for word, the warnings about rules added through `connections` (judged at synth, over every rule
 * the groups then have), the rule quota per address family and direction at its edge, the record
 * for `coiled-byoc analyze`, and how each kind of rule is rendered. Mutation testing (issue 16)
 * found these asserted through the workspace only, by regular expression, or not at all
 * (src/aws/security-groups.ts at 61.2% against test/aws/security-groups.test.ts).
 */
import { App, CfnParameter, Stack, Token, Validations } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { libraryError, resources } from './util';
import { CoiledSecurityGroups, CoiledSecurityGroupsProps, countSecurityGroupRules } from '../../src/aws';
import { contractRecord } from '../../src/core/contract-record';
import { renderValue } from '../../src/core/errors';

/** The groups in a fresh stack (CloudFormation's own validation off: it is not what these tests are about). */
function groups(props: Partial<CoiledSecurityGroupsProps> = {}) {
  const stack = new Stack(new App({ builtinCloudFormationValidation: false }), 'Test');
  const vpc = ec2.Vpc.fromVpcAttributes(stack, 'Vpc', { vpcId: 'vpc-0123456789abcdef0', availabilityZones: ['us-east-1a'] });
  return { stack, groups: new CoiledSecurityGroups(stack, 'Groups', { vpc, ...props }) };
}
/** The warnings of a synthesis, as "path: text". */
const warningsOf = (stack: Stack) =>
  Annotations.fromStack(stack)
    .findWarning('*', Match.anyValue())
    .map((m) => `${m.id}: ${m.entry.data}`);
/** The message of a synthesis that fails. */
const synthError = (stack: Stack) => {
  try {
    Template.fromStack(stack);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('synthesis did not fail');
};
const group = (template: Template, name: 'Scheduler' | 'Cluster') => resources(template, 'AWS::EC2::SecurityGroup').find(([id]) => id.startsWith(`Groups${name}`))![1];
const blocks = (n: number, family: 'ipv4' | 'ipv6' = 'ipv4') => Array.from({ length: n }, (_, i) => (family === 'ipv4' ? `10.${i * 2}.0.0/16` : `2001:db8:${(i * 2).toString(16)}::/48`));

const ADMIN = (verb: string, name: string, port: number, target: string, family: 'IPv4' | 'IPv6') =>
  `${verb} ${name} (${port}) on ${target} to every public ${family} address (the whole internet), however the blocks are written. Give it your own address instead, e.g. { ports: [${port}], cidr: "${family === 'IPv4' ? '203.0.113.7/32' : '2001:db8::7/128'}" }. [ack: coiled-byoc:adminPortOpenToWorld]`;
const ANYWHERE = (verb: string, ports: string, target: string, family: 'IPv4' | 'IPv6') =>
  `${verb} ${ports} on ${target} to every public ${family} address (the whole internet). Narrow those rules to your own blocks, or remove them. [ack: coiled-byoc:ingressFromAnywhere]`;
const NOT_OPEN = (port: number) =>
  `/Test/Groups: no ingress rule opens the scheduler port ${port}: Dask clients outside the cluster cannot connect. Add ${port} to a rule, or set schedulerPort to the port your clients use. [ack: coiled-byoc:schedulerPortNotOpen]`;
const CONNECTIONS = 'rules added through connections (allowFrom, allowDefaultPortFrom) open';
const CLUSTER_CONNECTIONS = 'rules added to the cluster group (clusterConnections) open';
const EVERY_VM = 'every cluster VM (workers too)';

describe('ruleQuota', () => {
  test.each([0, 1001, 2.5, -60])('%p is refused word for word', (ruleQuota) => {
    const err = libraryError(() => groups({ ruleQuota }));
    expect({ code: err.code, input: err.input, value: err.value, problem: err.problem, fix: err.fix, suggestion: err.suggestion, path: err.constructPath }).toEqual({
      code: 'INVALID_NUMBER',
      input: 'ruleQuota',
      value: renderValue(ruleQuota),
      problem: "a security group's rule quota is a whole number from 1 to 1000",
      fix: 'use the value AWS shows for "Inbound or outbound rules per security group" in Service Quotas (60 unless raised)',
      suggestion: { input: 'ruleQuota', value: 60 },
      path: 'Test/Groups',
    });
  });

  test('1 and 1000 are accepted; the quota is kept', () => {
    expect([groups({ ruleQuota: 1, ingress: [{ ports: [443], cidr: '10.0.0.0/8' }] }).groups.ruleQuota, groups({ ruleQuota: 1000 }).groups.ruleQuota, groups().groups.ruleQuota]).toEqual([1, 1000, 60]);
  });

  test('a list over the quota is refused naming the quota the groups were given', () => {
    const err = libraryError(() => groups({ ruleQuota: 5, ingress: blocks(6).map((cidr) => ({ ports: [443], cidr })) }));
    expect(err.message).toBe(
      "[coiled-byoc SECURITY_GROUP_RULE_QUOTA] at 'Test/Groups': ingress = \"6 rules\": they need 6 ingress rules in one security group (per address family: one per CIDR block and contiguous port range) (6 after merging adjacent CIDR blocks), over the limit of 5. Fix: list fewer or broader CIDR blocks, fewer separate ports, or raise the quota with AWS and set ruleQuota (the current quota is 5)",
    );
  });

  test('the larger family decides: 61 IPv6 blocks and one IPv4 block are refused', () => {
    const ingress = [{ ports: [443], cidr: '10.0.0.0/8' }, ...blocks(61, 'ipv6').map((cidr) => ({ ports: [443], cidr }))];
    expect(libraryError(() => groups({ ingress })).message).toMatch(/^\[coiled-byoc SECURITY_GROUP_RULE_QUOTA\] at 'Test\/Groups': ingress = "62 rules": they need 61 ingress rules /);
  });

  test('data sources are measured against the egress quota, less the rules restricted egress always holds', () => {
    const err = libraryError(() => groups({ ruleQuota: 5, restrictEgress: true, dataSources: blocks(4).map((cidr) => ({ ports: [5432], cidr })) }));
    expect([err.input, err.message.match(/they need .* over the limit of \d+/)?.[0]]).toEqual([
      'dataSources',
      'they need 4 egress rules in one security group (per address family: one per CIDR block and contiguous port range) (4 after merging adjacent CIDR blocks), over the limit of 3',
    ]);
  });

  test('a token quota leaves every list and every rule added later unchecked', () => {
    const { stack, groups: g } = groups({ ruleQuota: Token.asNumber({ Ref: 'Quota' }), ingress: blocks(61).map((cidr) => ({ ports: [443], cidr })) });
    for (const cidr of blocks(61)) g.schedulerSecurityGroup.addIngressRule(ec2.Peer.ipv4(cidr), ec2.Port.tcp(22));
    expect(() => Template.fromStack(stack)).not.toThrow();
  });
});

describe('every rule of a group counts at synth, however it was added', () => {
  const QUOTA = (groupName: string, key: string, count: number) =>
    `[coiled-byoc SECURITY_GROUP_RULE_QUOTA] at 'Test/Groups/${groupName}': ${key} rules = ${count}: over the quota of 60 rules per security group (rules added with connections.allowFrom/allowTo count too, prefix lists at their maximum entries). Fix: remove or merge rules, or raise the quota with AWS and set ruleQuota.`;

  test.each([
    ['ingress Ipv4', 'Scheduler', (g: ec2.SecurityGroup, i: number) => g.addIngressRule(ec2.Peer.ipv4(blocks(61)[i]), ec2.Port.tcp(443))],
    ['ingress Ipv6', 'Scheduler', (g: ec2.SecurityGroup, i: number) => g.addIngressRule(ec2.Peer.ipv6(blocks(61, 'ipv6')[i]), ec2.Port.tcp(443))],
    ['egress Ipv4', 'Cluster', (g: ec2.SecurityGroup, i: number) => g.addEgressRule(ec2.Peer.ipv4(blocks(61)[i]), ec2.Port.tcp(5432))],
    ['egress Ipv6', 'Cluster', (g: ec2.SecurityGroup, i: number) => g.addEgressRule(ec2.Peer.ipv6(blocks(61, 'ipv6')[i]), ec2.Port.tcp(5432))],
  ] as const)('%s: 60 on one group pass, 61 fail naming the group, the count and the quota', (key, groupName, add) => {
    // Restricted egress already holds 2 rules per family on each group: HTTPS, and the cluster group (a group counts in both).
    const reserved = key.startsWith('egress') ? 2 : 0;
    const build = (n: number) => {
      const { stack, groups: g } = groups({ ingress: [], restrictEgress: true });
      const target = groupName === 'Scheduler' ? g.schedulerSecurityGroup : g.clusterSecurityGroup;
      for (let i = 0; i < n - reserved; i++) add(target, i);
      return stack;
    };
    expect(() => Template.fromStack(build(60))).not.toThrow();
    expect(synthError(build(61))).toContain(QUOTA(groupName, key, 61));
  });

  test('a prefix list of unknown size is counted as one rule, with a warning; one the stack defines counts as its maximum entries', () => {
    const { stack, groups: g } = groups({ ingress: [{ ports: [443], cidr: '10.0.0.0/8' }] });
    g.schedulerSecurityGroup.addIngressRule(ec2.Peer.prefixList('pl-0123456789abcdef0'), ec2.Port.tcp(443));
    g.schedulerSecurityGroup.addIngressRule(ec2.Peer.prefixList('pl-0fedcba9876543210'), ec2.Port.tcp(8786));
    const list = new ec2.CfnPrefixList(stack, 'Offices', { addressFamily: 'IPv4', maxEntries: 10, prefixListName: 'offices' });
    g.schedulerSecurityGroup.addIngressRule(ec2.Peer.prefixList(list.attrPrefixListId), ec2.Port.tcp(443));
    expect(warningsOf(stack)).toEqual([
      "/Test/Groups/Scheduler: 2 rule(s) reference a prefix list of unknown size; AWS counts each as the list's maximum entries against the quota of 60. [ack: coiled-byoc:prefixListSizeUnknown]",
    ]);
    expect(countSecurityGroupRules(g.schedulerSecurityGroup)).toMatchObject({ ingressIpv4: 13, unknownPrefixLists: 2 });
  });

  test('no prefix list, no warning', () => {
    const { stack } = groups({ ingress: [{ ports: [443], cidr: '10.0.0.0/8' }] });
    expect(warningsOf(stack)).toEqual([]);
  });
});

describe('what the groups open, judged at synth over every rule they have', () => {
  test('a rule added to the scheduler group through connections is named as such, with its own advice', () => {
    const { stack, groups: g } = groups({ ingress: [] });
    g.schedulerSecurityGroup.connections.allowFrom(ec2.Peer.anyIpv4(), ec2.Port.tcp(22));
    expect(warningsOf(stack)).toEqual([
      `/Test/Groups: ${ADMIN(CONNECTIONS, 'SSH', 22, 'the scheduler', 'IPv4')}`,
      `/Test/Groups: ${ANYWHERE(CONNECTIONS, 'port 22', 'the scheduler', 'IPv4')}`,
      NOT_OPEN(443),
    ]);
  });

  test('a rule added to the cluster group opens the scheduler too (it carries the cluster group) and every cluster VM', () => {
    const { stack, groups: g } = groups({ ingress: [{ ports: [443], cidr: '10.0.0.0/8' }] });
    g.clusterSecurityGroup.connections.allowFrom(ec2.Peer.anyIpv6(), ec2.Port.tcp(8080));
    expect(warningsOf(stack)).toEqual([`/Test/Groups: ${ANYWHERE(CONNECTIONS, 'port 8080', 'the scheduler', 'IPv6')}`, `/Test/Groups: ${ANYWHERE(CLUSTER_CONNECTIONS, 'port 8080', EVERY_VM, 'IPv6')}`]);
  });

  test('the ingress prop written out is "ingress", not the default; with a connections rule beside it, both are named', () => {
    const { stack, groups: g } = groups({ ingress: [{ ports: [443], cidr: '0.0.0.0/0' }] });
    g.schedulerSecurityGroup.connections.allowFrom(ec2.Peer.anyIpv4(), ec2.Port.tcp(8786));
    expect(warningsOf(stack)).toEqual([
      '/Test/Groups: ingress together with rules added through connections (allowFrom, allowDefaultPortFrom) opens ports 443, 8786 on the scheduler to every public IPv4 address (the whole internet). To narrow it, set ingress: [{ ports: [443], cidr: "<your VPN or office block>" }]. [ack: coiled-byoc:ingressFromAnywhere]',
    ]);
  });

  test('a re-synthesis does not repeat a warning', () => {
    const { stack, groups: g } = groups({ ingress: [] });
    g.clusterSecurityGroup.connections.allowFrom(ec2.Peer.anyIpv4(), ec2.Port.tcp(3389));
    (stack.node.root as App).synth({ force: true });
    (stack.node.root as App).synth({ force: true });
    expect(warningsOf(stack)).toEqual([
      `/Test/Groups: ${ADMIN(CONNECTIONS, 'RDP', 3389, 'the scheduler', 'IPv4')}`,
      `/Test/Groups: ${ANYWHERE(CONNECTIONS, 'port 3389', 'the scheduler', 'IPv4')}`,
      `/Test/Groups: ${ADMIN(CLUSTER_CONNECTIONS, 'RDP', 3389, EVERY_VM, 'IPv4')}`,
      `/Test/Groups: ${ANYWHERE(CLUSTER_CONNECTIONS, 'port 3389', EVERY_VM, 'IPv4')}`,
      NOT_OPEN(443),
    ]);
  });

  test.each([
    ['a range ending at the scheduler port', ec2.Port.tcpRange(8000, 8786), false],
    ['a range starting at it', ec2.Port.tcpRange(8786, 9000), false],
    ['a range starting just above it', ec2.Port.tcpRange(8787, 9000), true],
    ['a range ending just below it', ec2.Port.tcpRange(8000, 8785), true],
    ['all traffic', ec2.Port.allTraffic(), false],
    ['UDP on the port', ec2.Port.udp(8786), true],
  ])('the scheduler port reached by %s: warned %p', (_, port, warned) => {
    const { stack, groups: g } = groups({ ingress: [], schedulerPort: 8786 });
    g.schedulerSecurityGroup.addIngressRule(ec2.Peer.ipv4('10.0.0.0/8'), port);
    expect(warningsOf(stack).filter((w) => w.includes('schedulerPortNotOpen'))).toEqual(warned ? [NOT_OPEN(8786)] : []);
  });

  test('no ingress at all: the scheduler accepts no connections, and only that is said', () => {
    expect(warningsOf(groups({ ingress: [] }).stack)).toEqual([
      '/Test/Groups: ingress is empty: the scheduler accepts no connections from outside the cluster, so no Dask client can connect to it. [ack: coiled-byoc:noIngress]',
    ]);
  });

  // The scheduler carries the cluster group: what that group admits from outside the cluster reaches it.
  test.each([
    ['on the scheduler port: nothing to say', 443, []],
    ['on another port: the scheduler port is not open', 22, [NOT_OPEN(443)]],
  ])('a rule on the cluster group reaches the scheduler too, %s', (_, port, expected) => {
    const { stack, groups: g } = groups({ ingress: [] });
    g.clusterSecurityGroup.addIngressRule(ec2.Peer.ipv4('10.0.0.0/8'), ec2.Port.tcp(port));
    expect(warningsOf(stack)).toEqual(expected);
  });

  test('restricted egress: an egress rule added to either group that opens the internet is named with its source', () => {
    const { stack, groups: g } = groups({ ingress: [{ ports: [443], cidr: '10.0.0.0/8' }], restrictEgress: true });
    g.clusterSecurityGroup.addEgressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(80));
    g.schedulerSecurityGroup.addEgressRule(ec2.Peer.anyIpv6(), ec2.Port.tcp(25));
    expect(warningsOf(stack)).toEqual([
      '/Test/Groups: restrictEgress is true, but dataSources (or egress rules added through connections) open port 80 to every public IPv4 address (the whole internet). Give each data source its own block, e.g. { ports: [5432], cidr: "10.20.0.0/16" }. [ack: coiled-byoc:egressOpenToWorld]',
      '/Test/Groups: restrictEgress is true, but dataSources (or egress rules added through connections) open port 25 to every public IPv6 address (the whole internet). Give each data source its own block, e.g. { ports: [5432], cidr: "10.20.0.0/16" }. [ack: coiled-byoc:egressOpenToWorld]',
    ]);
  });

  test('all egress (the default) is not judged as restricted egress', () => {
    expect(warningsOf(groups({ ingress: [{ ports: [443], cidr: '10.0.0.0/8' }] }).stack)).toEqual([]);
  });
});

describe('what the groups render', () => {
  test('restricted egress goes on both groups alike: HTTPS to both families, the cluster group, the data sources', () => {
    const { stack } = groups({ ingress: [{ ports: [443], cidr: '10.0.0.0/8' }], restrictEgress: true, dataSources: [{ ports: [5432], cidr: '2001:db8::/32', description: 'Warehouse' }] });
    const template = Template.fromStack(stack);
    const https = 'HTTPS to the Coiled control plane, package indexes and cloud APIs';
    const expected = [
      { CidrIp: '0.0.0.0/0', Description: https, FromPort: 443, IpProtocol: 'tcp', ToPort: 443 },
      { CidrIpv6: '::/0', Description: https, FromPort: 443, IpProtocol: 'tcp', ToPort: 443 },
      { CidrIpv6: '2001:db8::/32', Description: 'Warehouse', FromPort: 5432, IpProtocol: 'tcp', ToPort: 5432 },
    ];
    expect([group(template, 'Scheduler').Properties.SecurityGroupEgress, group(template, 'Cluster').Properties.SecurityGroupEgress]).toEqual([expected, expected]);
    const toCluster = resources(template, 'AWS::EC2::SecurityGroupEgress').map(([, r]) => [r.Properties.GroupId['Fn::GetAtt'][0].replace(/[0-9A-F]{8}$/, ''), r.Properties.IpProtocol, r.Properties.DestinationSecurityGroupId['Fn::GetAtt'][0].replace(/[0-9A-F]{8}$/, '')]);
    expect(toCluster).toEqual([
      ['GroupsScheduler', '-1', 'GroupsCluster'],
      ['GroupsCluster', '-1', 'GroupsCluster'],
    ]);
    expect(warningsOf(stack)).toEqual([]);
  });

  test('worker ports next to each other are one range; apart, one rule each; the scheduler port its own', () => {
    const ports = (workerPorts: { nannyPort: number; workerPort: number }) =>
      resources(Template.fromStack(groups({ ingress: [{ ports: [443], cidr: '10.0.0.0/8' }], workerPorts }).stack), 'AWS::EC2::SecurityGroupIngress').map(([, r]) => [
        r.Properties.IpProtocol,
        r.Properties.FromPort,
        r.Properties.ToPort,
        r.Properties.Description,
      ]);
    const description = expect.any(String);
    expect(ports({ nannyPort: 8000, workerPort: 8001 })).toEqual([
      ['tcp', 443, 443, description],
      ['tcp', 8000, 8001, description],
    ]);
    expect(ports({ nannyPort: 444, workerPort: 9000 })).toEqual([
      ['tcp', 443, 444, description],
      ['tcp', 9000, 9000, description],
    ]);
  });

  test('with workerPorts no compliance finding is acknowledged; without, the all-traffic rule is, in each pack, with its reason', () => {
    const acknowledged = (props: Partial<CoiledSecurityGroupsProps>) =>
      groups(props)
        .groups.clusterSecurityGroup.node.findAll()
        .flatMap((c) => c.node.metadata.filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY).map((m) => m.data));
    const reason =
      "The all-traffic rule's only source is the cluster group itself (cluster VMs, nothing from the internet); Coiled requires all traffic between cluster VMs. Narrow it with workerPorts.";
    expect(acknowledged({})).toEqual(['NIST.800.53.R5', 'HIPAA.Security', 'PCI.DSS.321'].map((pack) => ({ [`Annotation::${pack}-EC2RestrictedCommonPorts`]: reason })));
    expect(acknowledged({ workerPorts: { nannyPort: 8000, workerPort: 9000 } })).toEqual([]);
  });

  test('group names: as given, else generated by CloudFormation', () => {
    const named = Template.fromStack(groups({ schedulerSecurityGroupName: 'coiled-scheduler', clusterSecurityGroupName: 'coiled-cluster' }).stack);
    expect([group(named, 'Scheduler').Properties.GroupName, group(named, 'Cluster').Properties.GroupName]).toEqual(['coiled-scheduler', 'coiled-cluster']);
    const unnamed = Template.fromStack(groups().stack);
    expect([group(unnamed, 'Scheduler').Properties.GroupName, group(unnamed, 'Cluster').Properties.GroupName]).toEqual([undefined, undefined]);
  });

  test('the record for `coiled-byoc analyze`: the workspace and role on each group, the network contract on the cluster group', () => {
    const { stack, groups: g } = groups({ workspaceName: 'demo', ingress: [{ ports: [443], cidr: '10.0.0.0/8' }] });
    const template = Template.fromStack(stack);
    expect([group(template, 'Scheduler').Metadata, group(template, 'Cluster').Metadata]).toEqual([
      { 'coiled-byoc': { workspace: 'demo', role: 'scheduler' } },
      { 'coiled-byoc': { workspace: 'demo', role: 'cluster', networkContract: JSON.parse(JSON.stringify(contractRecord('demo', g._model))) } },
    ]);
    expect(group(Template.fromStack(groups().stack), 'Scheduler').Metadata).toEqual({ 'coiled-byoc': { workspace: '', role: 'scheduler' } });
  });

  test('the network model records public IPs as given, true by default', () => {
    const model = (props: Partial<CoiledSecurityGroupsProps>) => {
      const { workersPublicIp, schedulerPublicIp } = groups(props).groups._model;
      return [workersPublicIp, schedulerPublicIp];
    };
    expect([model({}), model({ workersPublicIp: false, schedulerPublicIp: false })]).toEqual([
      [true, true],
      [false, false],
    ]);
  });

  test('a token scheduler port is not judged as closed', () => {
    const stack = new Stack(new App({ builtinCloudFormationValidation: false }), 'Test');
    const port = new CfnParameter(stack, 'Port', { type: 'Number' }).valueAsNumber;
    const vpc = ec2.Vpc.fromVpcAttributes(stack, 'Vpc', { vpcId: 'vpc-0123456789abcdef0', availabilityZones: ['us-east-1a'] });
    new CoiledSecurityGroups(stack, 'Groups', { vpc, schedulerPort: port, ingress: [{ ports: [443], cidr: '10.0.0.0/8' }] });
    expect(warningsOf(stack)).toEqual([]);
  });
});

// Mutation testing (issue 16): the second focused run's survivors (96.8%).
describe('what a later change must not move', () => {
  test("a rule's logical id comes from its port as CDK writes it: one port is `9000`, a range `443-444` (an id change replaces the rule)", () => {
    const { stack } = groups({ ingress: [{ ports: [443], cidr: '10.0.0.0/8' }], workerPorts: { nannyPort: 444, workerPort: 9000 } });
    expect(resources(Template.fromStack(stack), 'AWS::EC2::SecurityGroupIngress').map(([id]) => id)).toEqual([
      'GroupsClusterfromTestGroupsCluster42298164443444E0BA093F',
      'GroupsClusterfromTestGroupsCluster422981649000950044DA',
    ]);
  });

  test('restricted egress is judged on egress rules only: an ingress rule open to the world on another port is not egress', () => {
    const { stack, groups: g } = groups({ ingress: [{ ports: [443], cidr: '10.0.0.0/8' }], restrictEgress: true, dataSources: [{ ports: [5432], cidr: '10.20.0.0/16' }] });
    g.schedulerSecurityGroup.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(8080), 'added');
    const warnings = warningsOf(stack);
    expect(warnings.filter((w) => w.includes('egressOpenToWorld'))).toEqual([]);
    expect(warnings.filter((w) => w.includes('ingressFromAnywhere'))).toHaveLength(1);
  });

  test('a second synthesis repeats no warning', () => {
    const { stack, groups: g } = groups({ ingress: [{ ports: [443], cidr: '10.0.0.0/8' }] });
    g.schedulerSecurityGroup.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(22), 'ssh');
    const app = stack.node.root as App;
    app.synth({ force: true });
    const once = warningsOf(stack);
    app.synth({ force: true });
    expect(once).toHaveLength(2);
    expect(warningsOf(stack)).toEqual(once);
  });
});
