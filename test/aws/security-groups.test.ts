import { CfnParameter, Token } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { libraryError, newStack, resource, resources, unsynthesized, warnings, workspace } from './util';
import { CoiledSecurityGroups } from '../../src/aws';
import { IpFamily } from '../../src/core/ingress';

const scheduler = (template: Template) => resource(template, 'AWS::EC2::SecurityGroup', 'SecurityGroupsScheduler').Properties;
const cluster = (template: Template) => resource(template, 'AWS::EC2::SecurityGroup', 'SecurityGroupsCluster').Properties;

describe('scheduler group', () => {
  test("default: Coiled's 443 and the classic 8786-8787 from anywhere, nothing else, with a warning", () => {
    const { template, stack } = workspace();
    expect(scheduler(template).SecurityGroupIngress).toEqual([
      { CidrIp: '0.0.0.0/0', Description: 'Coiled default: Dask client and dashboard to scheduler', FromPort: 443, IpProtocol: 'tcp', ToPort: 443 },
      { CidrIp: '0.0.0.0/0', Description: 'Coiled default: Dask client and dashboard to scheduler', FromPort: 8786, IpProtocol: 'tcp', ToPort: 8787 },
    ]);
    expect(warnings(stack).join()).toMatch(/The default ingress opens ports 443, 8786-8787 on the scheduler to every public IPv4 address \(the whole internet\)/);
  });

  test('several rules, several blocks, IPv4 and IPv6, each with its description', () => {
    const { template } = workspace({
      ingress: [
        { ports: [8786], cidr: '10.1.0.2/16', description: 'VPN' },
        { ports: [8787], cidr: '10.32.0.0/16', description: 'Peered VPC' },
        { ports: [443], cidr: '2001:db8::/32', description: 'IPv6 office' },
      ],
    });
    expect(scheduler(template).SecurityGroupIngress).toEqual([
      { CidrIp: '10.1.0.0/16', Description: 'VPN', FromPort: 8786, IpProtocol: 'tcp', ToPort: 8786 },
      { CidrIp: '10.32.0.0/16', Description: 'Peered VPC', FromPort: 8787, IpProtocol: 'tcp', ToPort: 8787 },
      { CidrIpv6: '2001:db8::/32', Description: 'IPv6 office', FromPort: 443, IpProtocol: 'tcp', ToPort: 443 },
    ]);
  });

  test('the seed host-bits block warns naming both forms', () => {
    const { stack } = workspace({ ingress: [{ ports: [8786], cidr: '10.1.0.2/16' }] });
    expect(warnings(stack).join()).toMatch(/"10\.1\.0\.2\/16" has host bits set; .*"10\.1\.0\.0\/16"/);
  });

  test('connections.allowFrom opens the scheduler only (never the workers)', () => {
    const { stack, ws } = unsynthesized({ ingress: [] });
    ws.connections.allowFrom(ec2.Peer.ipv4('198.51.100.0/24'), ec2.Port.tcp(22), 'Bastion');
    const template = Template.fromStack(stack);
    expect(scheduler(template).SecurityGroupIngress).toEqual([{ CidrIp: '198.51.100.0/24', Description: 'Bastion', FromPort: 22, IpProtocol: 'tcp', ToPort: 22 }]);
    expect(cluster(template).SecurityGroupIngress).toBeUndefined();
  });

  test('as a peer, the workspace means every cluster VM (the cluster group)', () => {
    const { stack, ws } = unsynthesized();
    const db = new ec2.SecurityGroup(stack, 'Db', { vpc: ws.vpc });
    db.connections.allowFrom(ws, ec2.Port.tcp(5432));
    Template.fromStack(stack).hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      FromPort: 5432,
      GroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Db'), 'GroupId'] },
      SourceSecurityGroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('SecurityGroupsCluster'), 'GroupId'] },
    });
  });

  test('a token CIDR renders in the field of the family the user declares', () => {
    const stack = newStack();
    const cidr = new CfnParameter(stack, 'ClientCidr').valueAsString;
    const { template } = workspace({ ingress: [{ ports: [443], cidr, cidrFamily: IpFamily.IPV4 }] }, stack);
    expect(scheduler(template).SecurityGroupIngress).toEqual([{ CidrIp: { Ref: 'ClientCidr' }, Description: 'Dask client to scheduler on 443', FromPort: 443, IpProtocol: 'tcp', ToPort: 443 }]);
    const v6 = newStack();
    const v6Cidr = new CfnParameter(v6, 'ClientCidr').valueAsString;
    expect(scheduler(workspace({ ingress: [{ ports: [443], cidr: v6Cidr, cidrFamily: IpFamily.IPV6 }] }, v6).template).SecurityGroupIngress).toEqual([
      { CidrIpv6: { Ref: 'ClientCidr' }, Description: 'Dask client to scheduler on 443', FromPort: 443, IpProtocol: 'tcp', ToPort: 443 },
    ]);
  });

  test('a token CIDR without its family fails: CidrIp or CidrIpv6 is never guessed', () => {
    const stack = newStack();
    const cidr = new CfnParameter(stack, 'ClientCidr').valueAsString;
    const err = libraryError(() => workspace({ ingress: [{ ports: [443], cidr }] }, stack));
    expect(err.code).toBe('UNKNOWN_ADDRESS_FAMILY');
    expect(err.input).toBe('ingress[0].cidr');
    expect(err.fix).toMatch(/cidrFamily: IpFamily.IPV4/);
  });
});

describe('cluster group', () => {
  test('default: all traffic between its members', () => {
    const { template } = workspace();
    const self = resources(template, 'AWS::EC2::SecurityGroupIngress').map(([, r]) => r.Properties);
    expect(self).toEqual([
      {
        Description: 'All traffic between cluster members',
        GroupId: { 'Fn::GetAtt': [expect.stringMatching(/SecurityGroupsCluster/), 'GroupId'] },
        IpProtocol: '-1',
        SourceSecurityGroupId: { 'Fn::GetAtt': [expect.stringMatching(/SecurityGroupsCluster/), 'GroupId'] },
      },
    ]);
  });

  test("workerPorts (the seed's worker_options 8000/9000) narrows intra-cluster TCP to the scheduler port and those", () => {
    const { template } = workspace({ workerPorts: { nannyPort: 8000, workerPort: 9000 } });
    const ports = resources(template, 'AWS::EC2::SecurityGroupIngress').map(([, r]) => [r.Properties.IpProtocol, r.Properties.FromPort, r.Properties.ToPort]);
    expect(ports).toEqual([
      ['tcp', 443, 443],
      ['tcp', 8000, 8000],
      ['tcp', 9000, 9000],
    ]);
  });
});

describe('egress', () => {
  test('default: all IPv4 and IPv6 egress on both groups', () => {
    const { template } = workspace();
    for (const group of [scheduler(template), cluster(template)]) {
      expect(group.SecurityGroupEgress).toEqual([
        { CidrIp: '0.0.0.0/0', Description: 'Allow all outbound traffic by default', IpProtocol: '-1' },
        { CidrIpv6: '::/0', Description: 'Allow all outbound ipv6 traffic by default', IpProtocol: '-1' },
      ]);
    }
  });

  test('restricted: HTTPS anywhere, the cluster itself, declared data sources; nothing else', () => {
    const { template } = workspace({ restrictEgress: true, dataSources: [{ ports: [5432], cidr: '10.50.0.0/16', description: 'Warehouse' }] });
    expect(cluster(template).SecurityGroupEgress).toEqual([
      { CidrIp: '0.0.0.0/0', Description: 'HTTPS to the Coiled control plane, package indexes and cloud APIs', FromPort: 443, IpProtocol: 'tcp', ToPort: 443 },
      { CidrIpv6: '::/0', Description: 'HTTPS to the Coiled control plane, package indexes and cloud APIs', FromPort: 443, IpProtocol: 'tcp', ToPort: 443 },
      { CidrIp: '10.50.0.0/16', Description: 'Warehouse', FromPort: 5432, IpProtocol: 'tcp', ToPort: 5432 },
    ]);
    template.hasResourceProperties('AWS::EC2::SecurityGroupEgress', {
      IpProtocol: '-1',
      DestinationSecurityGroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('SecurityGroupsCluster'), 'GroupId'] },
    });
  });
});

describe('rule quota guard', () => {
  test('1,000 client CIDRs deploy within the default quota of 60 (adjacent blocks merged, same addresses)', () => {
    const ingress = Array.from({ length: 1000 }, (_, i) => ({ ports: [443], cidr: `100.64.${Math.floor(i / 256)}.${i % 256}/32` }));
    const { template, stack } = workspace({ ingress });
    const rules = scheduler(template).SecurityGroupIngress;
    expect(rules.length).toBeLessThanOrEqual(60);
    expect(rules.map((r: any) => r.CidrIp)).toEqual(['100.64.0.0/23', '100.64.2.0/24', '100.64.3.0/25', '100.64.3.128/26', '100.64.3.192/27', '100.64.3.224/29']);
    expect(warnings(stack).join()).toMatch(/ingress needs 1000 ingress rules .* over the limit of 60/);
  });

  test('a list that cannot fit fails at synth, naming the input, the count and the quota', () => {
    const ingress = Array.from({ length: 61 }, (_, i) => ({ ports: [443], cidr: `10.${i * 2}.0.0/16` }));
    const err = libraryError(() => workspace({ ingress }));
    expect(err.code).toBe('SECURITY_GROUP_RULE_QUOTA');
    expect(err.message).toMatch(/ingress = "61 rules": they need 61 ingress rules .* over the limit of 60/);
    // The workspace's input is securityGroupRuleQuota: the message names what the user wrote.
    expect(err.fix).toMatch(/set securityGroupRuleQuota/);
    expect(err.fix).not.toMatch(/\bruleQuota/);
  });

  test('ports count per contiguous range: 31 blocks x 2 ranges = 62 rules fails', () => {
    const ingress = Array.from({ length: 31 }, (_, i) => ({ ports: [22, 443], cidr: `10.${i * 2}.0.0/16` }));
    expect(libraryError(() => workspace({ ingress })).message).toMatch(/need 62/);
  });

  test('IPv4 and IPv6 are counted separately', () => {
    const ingress = [
      ...Array.from({ length: 40 }, (_, i) => ({ ports: [443], cidr: `10.${i * 2}.0.0/16` })),
      ...Array.from({ length: 40 }, (_, i) => ({ ports: [443], cidr: `2001:db8:${(i * 2).toString(16)}::/48` })),
    ];
    expect(() => workspace({ ingress })).not.toThrow();
  });

  test('a raised quota is honoured', () => {
    const ingress = Array.from({ length: 61 }, (_, i) => ({ ports: [443], cidr: `10.${i * 2}.0.0/16` }));
    expect(() => workspace({ ingress, securityGroupRuleQuota: 100 })).not.toThrow();
  });

  test('rules added later with connections count too (checked at synth)', () => {
    const { stack, ws } = unsynthesized({ ingress: [] });
    for (let i = 0; i < 61; i++) ws.connections.allowFrom(ec2.Peer.ipv4(`10.${i * 2}.0.0/16`), ec2.Port.tcp(443));
    expect(() => Template.fromStack(stack)).toThrow(/SECURITY_GROUP_RULE_QUOTA.*ingress Ipv4 rules = 61/);
  });

  test('a prefix list counts as its maximum entries', () => {
    const { stack, ws } = unsynthesized({ ingress: [] });
    const list = new ec2.CfnPrefixList(stack, 'Offices', { addressFamily: 'IPv4', maxEntries: 61, prefixListName: 'offices' });
    ws.connections.allowFrom(ec2.Peer.prefixList(list.attrPrefixListId), ec2.Port.tcp(443));
    expect(() => Template.fromStack(stack)).toThrow(/ingress Ipv4 rules = 61/);
  });

  test('quota must be a whole number from 1 to 1000', () => {
    expect(libraryError(() => workspace({ securityGroupRuleQuota: 0 })).code).toBe('INVALID_NUMBER');
  });

  test('a token quota passes through unchecked', () => {
    expect(() => workspace({ securityGroupRuleQuota: Token.asNumber({ Ref: 'Quota' }) })).not.toThrow();
  });
});

describe('CoiledSecurityGroups on its own', () => {
  test('defaults: two groups in the VPC, names generated by CloudFormation', () => {
    const stack = newStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', { natGateways: 0 });
    new CoiledSecurityGroups(stack, 'Groups', { vpc });
    const template = Template.fromStack(stack);
    const groups = resources(template, 'AWS::EC2::SecurityGroup').map(([, r]) => r.Properties);
    expect(groups.map((g) => g.GroupDescription)).toEqual(['Coiled scheduler: Dask client ingress', 'Coiled cluster: traffic between cluster VMs']);
    expect(groups.every((g) => g.GroupName === undefined)).toBe(true);
  });

  test('bad input fails with its construct path', () => {
    const stack = newStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', { natGateways: 0 });
    const err = libraryError(() => new CoiledSecurityGroups(stack, 'Groups', { vpc, ingress: [{ ports: [0], cidr: '10.0.0.0/8' }] }));
    expect(err.constructPath).toBe('Test/Groups');
    expect(err.input).toBe('ingress[0].ports[0]');
  });
});

describe('rule quota boundaries', () => {
  const blocks = (n: number) => Array.from({ length: n }, (_, i) => `10.${i * 2}.0.0/16`);

  test('exactly the quota (60 separate blocks) fits as written, without merging or a warning', () => {
    const { template, stack } = workspace({ ingress: blocks(60).map((cidr) => ({ ports: [443], cidr })) });
    expect(scheduler(template).SecurityGroupIngress).toHaveLength(60);
    expect(warnings(stack).join()).not.toMatch(/rulesAggregated/);
  });

  test.each([1, 2, 1000])('a quota of %i is accepted', (quota) => {
    expect(() => workspace({ ingress: [{ ports: [443], cidr: '10.0.0.0/8' }], securityGroupRuleQuota: quota })).not.toThrow();
  });

  test.each([0, 1001, 2.5, -60])('a quota of %p is refused, suggesting 60', (quota) => {
    const err = libraryError(() => workspace({ securityGroupRuleQuota: quota }));
    expect([err.code, err.suggestion?.value]).toEqual(['INVALID_NUMBER', 60]);
  });

  // Restricted egress always holds HTTPS anywhere and the cluster-internal rule(s); data sources get
  // what is left of the quota, so the final group never exceeds it.
  test.each([
    ['no workerPorts: HTTPS + all cluster TCP', undefined, 58],
    ['workerPorts 8000/9000: HTTPS + scheduler, nanny, worker ranges', { nannyPort: 8000, workerPort: 9000 }, 56],
    ['workerPorts next to each other: HTTPS + two ranges', { nannyPort: 8000, workerPort: 8001 }, 57],
  ])('%s (workerPorts %j) leaves %i data-source rules', (_, workerPorts, left) => {
    const dataSources = (n: number) => blocks(n).map((cidr) => ({ ports: [5432], cidr }));
    const { template } = workspace({ restrictEgress: true, workerPorts, dataSources: dataSources(left) });
    expect(cluster(template).SecurityGroupEgress.length).toBeLessThanOrEqual(60);
    expect(libraryError(() => workspace({ restrictEgress: true, workerPorts, dataSources: dataSources(left + 1) })).message).toMatch(
      new RegExp(`they need ${left + 1} egress rules .* over the limit of ${left}`),
    );
  });

  test("rules of another group that name this one as their peer do not count against this one's quota", () => {
    const { stack, ws } = unsynthesized({ ingress: [{ ports: [443], cidr: '10.0.0.0/8' }] });
    const database = new ec2.SecurityGroup(stack, 'Database', { vpc: ws.vpc, allowAllOutbound: true });
    for (let i = 0; i < 61; i++) database.connections.allowFrom(ws.connections, ec2.Port.tcp(5000 + i));
    expect(() => Template.fromStack(stack)).not.toThrow();
  });

  test('61 separate ingress rule resources on the scheduler group are counted and refused', () => {
    const { stack, ws } = unsynthesized({ ingress: [] });
    for (let i = 0; i < 61; i++) ws.connections.allowFrom(ec2.Peer.ipv4(`10.${i * 2}.0.0/16`), ec2.Port.tcp(443));
    expect(() => Template.fromStack(stack)).toThrow(/ingress Ipv4 rules = 61: over the quota of 60/);
  });
});
