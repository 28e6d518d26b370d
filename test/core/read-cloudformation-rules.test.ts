/**
 * readCloudFormation's security-group rules and network ACLs: every peer form (CIDR blocks of
 * both families, groups, prefix lists) as CDK and hand-written templates write them (literals,
 * Ref, Fn::GetAtt, Fn::Join), the protocols and ports, inline and separate rules, AWS's default
 * egress, and the notes the reader leaves for what it cannot read.
 */
import { Json, getAtt, group, join, read, ref, resource, rulesOf, workspace } from './read-cloudformation-util';
import { readCloudFormation } from '../../src/core/read-cloudformation';

/** Resources a rule under test may name. */
function peers(): Json {
  return {
    Vpc: resource('AWS::EC2::VPC', { CidrBlock: '10.0.0.0/16' }),
    IpamVpc: resource('AWS::EC2::VPC', { Ipv4IpamPoolId: 'ipam-pool-1' }),
    Subnet: resource('AWS::EC2::Subnet', { CidrBlock: '10.0.1.0/24' }),
    Other: group({ GroupName: 'other-name' }),
    NoName: group({ GroupDescription: 'no name' }),
    PrefixList: resource('AWS::EC2::PrefixList', { Entries: [{ Cidr: '10.0.0.0/24' }, { Cidr: join('', ['10.0.1.0', '/24']) }] }),
    EmptyList: resource('AWS::EC2::PrefixList', { Entries: [] }),
    BadList: resource('AWS::EC2::PrefixList', { Entries: [{ Cidr: '10.0.0.0/24' }, { Cidr: ref('ListCidr') }] }),
    NoEntries: resource('AWS::EC2::PrefixList', {}),
  };
}

/** The rule `Rule` (a separate resource on the scheduler group), its peers and the notes. */
function readRule(direction: 'ingress' | 'egress', properties: Json) {
  const type = direction === 'ingress' ? 'AWS::EC2::SecurityGroupIngress' : 'AWS::EC2::SecurityGroupEgress';
  const input = read(workspace({ ...peers(), Rule: resource(type, { GroupId: getAtt('Scheduler', 'GroupId'), IpProtocol: '-1', ...properties }) }));
  const rule = input.rules.find((r) => r.id === 'Rule')!;
  return { peerParts: rule.peerParts, peerGroups: rule.peerGroups, notes: input.notes };
}

// The roles' unknown subnets take the first two stand-in blocks (240.0.0.0/24, 240.0.1.0/24).
const STAND_IN = ['240.0.2.0/24'];

describe('ingress peers', () => {
  test.each([
    ['an IPv4 block', { CidrIp: '203.0.113.0/24' }, [{ label: '203.0.113.0/24', addresses: ['203.0.113.0/24'] }]],
    ['an IPv6 block, written in long form', { CidrIpv6: '2001:0db8:0000::/32' }, [{ label: '2001:db8::/32', addresses: ['2001:db8::/32'] }]],
    ['the VPC block by Fn::GetAtt', { CidrIp: getAtt('Vpc', 'CidrBlock') }, [{ label: '10.0.0.0/16', addresses: ['10.0.0.0/16'] }]],
    ['the VPC block by Fn::GetAtt in its text form', { CidrIp: { 'Fn::GetAtt': 'Vpc.CidrBlock' } }, [{ label: '10.0.0.0/16', addresses: ['10.0.0.0/16'] }]],
    ['a block joined from literals (a number among them)', { CidrIp: join('', ['10.2.0.0', '/', 16]) }, [{ label: '10.2.0.0/16', addresses: ['10.2.0.0/16'] }]],
    ['a block joined with a separator', { CidrIp: join('/', ['10.3.0.0', '16']) }, [{ label: '10.3.0.0/16', addresses: ['10.3.0.0/16'] }]],
    ['text that is no block', { CidrIp: 'anywhere' }, [{ label: 'CidrIp "anywhere" (not known in this file)', addresses: STAND_IN }]],
    ['a number', { CidrIp: 10 }, [{ label: 'CidrIp 10 (not known in this file)', addresses: STAND_IN }]],
    ['a parameter', { CidrIp: ref('ClientCidr') }, [{ label: 'CidrIp parameter ClientCidr (not known in this file)', addresses: STAND_IN }]],
    ['a pseudo parameter', { CidrIp: ref('AWS::NoValue') }, [{ label: 'CidrIp AWS::NoValue (not known in this file)', addresses: STAND_IN }]],
    ['a Ref to a name only Object.prototype has', { CidrIp: ref('constructor') }, [{ label: 'CidrIp parameter constructor (not known in this file)', addresses: STAND_IN }]],
    ['a Ref that is not text', { CidrIp: { Ref: 5 } }, [{ label: 'CidrIp {"Ref":5} (not known in this file)', addresses: STAND_IN }]],
    [
      'an IPv6 block selected from the VPC',
      { CidrIpv6: { 'Fn::Select': [0, getAtt('Vpc', 'Ipv6CidrBlocks')] } },
      [{ label: 'CidrIpv6 {"Fn::Select":[0,{"Fn::GetAtt":["Vpc","Ipv6CidrBlocks"]}]} (not known in this file)', addresses: ['100::2:0/112'] }],
    ],
    [
      'a join with a part not in the file',
      { CidrIp: join('', [ref('Address'), '/32']) },
      [{ label: 'CidrIp {"Fn::Join":["",[{"Ref":"Address"},"/32"]]} (not known in this file)', addresses: STAND_IN }],
    ],
    ['a join that is not a list', { CidrIp: { 'Fn::Join': 'x' } }, [{ label: 'CidrIp {"Fn::Join":"x"} (not known in this file)', addresses: STAND_IN }]],
    ['a join whose parts are not a list', { CidrIp: { 'Fn::Join': [',', 'x'] } }, [{ label: 'CidrIp {"Fn::Join":[",","x"]} (not known in this file)', addresses: STAND_IN }]],
    [
      'Fn::GetAtt of a resource not in the file',
      { CidrIp: getAtt('Elsewhere', 'CidrBlock') },
      [{ label: 'CidrIp {"Fn::GetAtt":["Elsewhere","CidrBlock"]} (not known in this file)', addresses: STAND_IN }],
    ],
    ['Fn::GetAtt of a name only Object.prototype has', { CidrIp: getAtt('toString', 'CidrBlock') }, [{ label: 'CidrIp {"Fn::GetAtt":["toString","CidrBlock"]} (not known in this file)', addresses: STAND_IN }]],
    ['the VPC block of a VPC that has none written', { CidrIp: getAtt('IpamVpc', 'CidrBlock') }, [{ label: 'CidrIp undefined (not known in this file)', addresses: STAND_IN }]],
    ['a subnet\'s block by Fn::GetAtt', { CidrIp: getAtt('Subnet', 'CidrBlock') }, [{ label: '10.0.1.0/24', addresses: ['10.0.1.0/24'] }]],
    ['another attribute of the VPC', { CidrIp: getAtt('Vpc', 'DefaultNetworkAcl') }, [{ label: 'CidrIp {"Fn::GetAtt":["Vpc","DefaultNetworkAcl"]} (not known in this file)', addresses: STAND_IN }]],
    ['an attribute of another resource', { CidrIp: getAtt('Other', 'CidrBlock') }, [{ label: 'CidrIp {"Fn::GetAtt":["Other","CidrBlock"]} (not known in this file)', addresses: STAND_IN }]],
    ['a Ref to a resource of the file', { CidrIp: ref('Subnet') }, [{ label: 'CidrIp {"Ref":"Subnet"} (not known in this file)', addresses: STAND_IN }]],
    ['the cluster group', { SourceSecurityGroupId: getAtt('Cluster', 'GroupId') }, []],
    ['another group of the file, with its name', { SourceSecurityGroupId: getAtt('Other', 'GroupId') }, [{ label: 'members of security group Other (other-name)', addresses: STAND_IN }]],
    ['another group of the file, without a name', { SourceSecurityGroupId: getAtt('NoName', 'GroupId') }, [{ label: 'members of security group NoName', addresses: STAND_IN }]],
    ['a group by id', { SourceSecurityGroupId: 'sg-0123' }, [{ label: 'members of security group sg-0123', addresses: STAND_IN }]],
    [
      'a group by Fn::GetAtt of a resource not in the file',
      { SourceSecurityGroupId: getAtt('Elsewhere', 'GroupId') },
      [{ label: 'members of security group {"Fn::GetAtt":["Elsewhere","GroupId"]}', addresses: STAND_IN }],
    ],
    ['a group given as a parameter', { SourceSecurityGroupId: ref('PeerGroup') }, [{ label: 'members of security group parameter PeerGroup', addresses: STAND_IN }]],
    ['a group by name (EC2-Classic, default VPC)', { SourceSecurityGroupName: 'default' }, [{ label: 'members of security group default', addresses: STAND_IN }]],
    ['a prefix list by id', { SourcePrefixListId: 'pl-0123' }, [{ label: 'prefix list pl-0123 (entries not in this file)', addresses: STAND_IN }]],
    ['a prefix list of the file (an entry joined)', { SourcePrefixListId: getAtt('PrefixList', 'PrefixListId') }, [{ label: 'prefix list PrefixList', addresses: ['10.0.0.0/23'] }]],
    ['a prefix list of the file without entries', { SourcePrefixListId: getAtt('EmptyList', 'PrefixListId') }, [{ label: 'prefix list EmptyList', addresses: [] }]],
    ['a prefix list of the file without an Entries property', { SourcePrefixListId: getAtt('NoEntries', 'PrefixListId') }, [{ label: 'prefix list NoEntries', addresses: [] }]],
    ['a prefix list of the file with an entry not known', { SourcePrefixListId: getAtt('BadList', 'PrefixListId') }, [{ label: 'prefix list BadList (entries not in this file)', addresses: STAND_IN }]],
    ['a resource of the file that is no prefix list', { SourcePrefixListId: ref('Subnet') }, [{ label: 'prefix list Subnet (entries not in this file)', addresses: STAND_IN }]],
    ['a prefix list given as a parameter', { SourcePrefixListId: ref('List') }, [{ label: 'prefix list parameter List (entries not in this file)', addresses: STAND_IN }]],
    ['a destination group and prefix list (egress fields, ignored)', { DestinationSecurityGroupId: getAtt('Other', 'GroupId'), DestinationPrefixListId: 'pl-1' }, []],
  ])('%s', (_name, properties, parts) => {
    expect(readRule('ingress', properties).peerParts).toEqual(parts);
  });

  test.each([
    ['the cluster group', getAtt('Cluster', 'GroupId'), ['sg:Cluster']],
    ['the scheduler group by Ref', ref('Scheduler'), ['sg:Scheduler']],
    ['another group', getAtt('Other', 'GroupId'), []],
  ])('a peer group that is one of the workspace\'s own is a peer group, not addresses: %s', (_name, peer, groups) => {
    expect(readRule('ingress', { SourceSecurityGroupId: peer }).peerGroups).toEqual(groups);
  });

  test('only Fn::GetAtt is read as an attribute, even in a file with a resource whose logical id is "undefined"', () => {
    const input = read(workspace({
      undefined: resource('AWS::EC2::VPC', { CidrBlock: '10.9.0.0/16' }),
      Rule: resource('AWS::EC2::SecurityGroupIngress', { GroupId: getAtt('Scheduler', 'GroupId'), IpProtocol: '-1', CidrIp: join('', ['10.2.0.0', '/16']) }),
    }));
    expect(input.rules.find((r) => r.id === 'Rule')!.peerParts).toEqual([{ label: '10.2.0.0/16', addresses: ['10.2.0.0/16'] }]);
  });

  test('every peer field of one rule, in the order block, IPv6 block, group, group name, prefix list', () => {
    const rule = readRule('ingress', {
      SourcePrefixListId: 'pl-1',
      SourceSecurityGroupName: 'legacy',
      SourceSecurityGroupId: 'sg-1',
      CidrIpv6: '::/0',
      CidrIp: '0.0.0.0/0',
    });
    expect(rule.peerParts).toEqual([
      { label: '0.0.0.0/0', addresses: ['0.0.0.0/0'] },
      { label: '::/0', addresses: ['::/0'] },
      { label: 'members of security group sg-1', addresses: ['240.0.2.0/24'] },
      { label: 'members of security group legacy', addresses: ['240.0.3.0/24'] },
      { label: 'prefix list pl-1 (entries not in this file)', addresses: ['240.0.4.0/24'] },
    ]);
  });

  test('two blocks of resources the reader cannot read are two stand-ins, each named by what the file wrote', () => {
    const input = read(workspace({
      ...peers(),
      Web: group({ SecurityGroupIngress: [{ CidrIp: getAtt('Other', 'CidrBlock'), IpProtocol: '-1' }, { CidrIp: getAtt('NoName', 'CidrBlock'), IpProtocol: '-1' }] }),
    }));
    expect(input.rules.filter((r) => r.id.startsWith('Web ingress')).map((r) => r.peerParts)).toEqual([
      [{ label: 'CidrIp {"Fn::GetAtt":["Other","CidrBlock"]} (not known in this file)', addresses: ['240.0.2.0/24'] }],
      [{ label: 'CidrIp {"Fn::GetAtt":["NoName","CidrBlock"]} (not known in this file)', addresses: ['240.0.3.0/24'] }],
    ]);
  });

  test('a block with host bits set is read as its network, with a note', () => {
    const rule = readRule('ingress', { CidrIp: '203.0.113.7/24' });
    expect(rule).toEqual({
      peerParts: [{ label: '203.0.113.0/24', addresses: ['203.0.113.0/24'] }],
      peerGroups: [],
      notes: ['Rule: 203.0.113.7/24 has host bits set; read as 203.0.113.0/24'],
    });
  });
});

describe('egress peers', () => {
  test.each([
    ['a block', { CidrIp: '198.51.100.0/24' }, [{ label: '198.51.100.0/24', addresses: ['198.51.100.0/24'] }], []],
    ['an IPv6 block', { CidrIpv6: '::/0' }, [{ label: '::/0', addresses: ['::/0'] }], []],
    ['the cluster group', { DestinationSecurityGroupId: getAtt('Cluster', 'GroupId') }, [], ['sg:Cluster']],
    ['another group', { DestinationSecurityGroupId: getAtt('Other', 'GroupId') }, [{ label: 'members of security group Other (other-name)', addresses: STAND_IN }], []],
    ['a prefix list', { DestinationPrefixListId: 'pl-0abc' }, [{ label: 'prefix list pl-0abc (entries not in this file)', addresses: STAND_IN }], []],
    [
      'the source fields (ingress fields, ignored)',
      { SourceSecurityGroupId: getAtt('Other', 'GroupId'), SourceSecurityGroupName: 'default', SourcePrefixListId: 'pl-1' },
      [],
      [],
    ],
  ])('%s', (_name, properties, parts, groups) => {
    const rule = readRule('egress', properties);
    expect([rule.peerParts, rule.peerGroups]).toEqual([parts, groups]);
  });
});

describe('protocols and ports', () => {
  test.each([
    ['tcp', 443, 443, 'TCP 443', []],
    ['TCP', 8786, 8787, 'TCP 8786-8787', []],
    ['6', 22, 22, 'TCP 22', []],
    [6, 80, 80, 'TCP 80', []],
    ['udp', 53, 53, 'UDP 53', []],
    ['tcp', '443', '444', 'TCP 443-444', []],
    ['tcp', -1, -1, 'TCP all ports', []],
    ['tcp', -1, 80, 'TCP all ports', []],
    ['tcp', 80, -1, 'TCP all ports', []],
    ['tcp', 0, 0, 'TCP 0', []],
    ['tcp', undefined, 80, 'TCP 0-80', []],
    ['tcp', 1000, undefined, 'TCP 1000-65535', []],
    ['tcp', ref('FromPort'), 443, 'TCP 0-443', []],
    ['-1', 443, 443, 'all traffic', []],
    [-1, undefined, undefined, 'all traffic', []],
    ['icmp', 8, -1, 'ICMP', []],
    ['58', -1, -1, 'ICMPv6', []],
    ['50', undefined, undefined, 'ESP', []],
    ['47', undefined, undefined, 'protocol 47', []],
    ['gre', undefined, undefined, 'all traffic', ['Rule: protocol "gre" is not known; read as every protocol']],
    [ref('Protocol'), 443, 443, 'all traffic', ['Rule: protocol undefined is not known; read as every protocol']],
    [undefined, 443, 443, 'all traffic', ['Rule: protocol undefined is not known; read as every protocol']],
  ])('IpProtocol %p, FromPort %p, ToPort %p: %s', (protocol, from, to, services, notes) => {
    const input = read(workspace({ Rule: resource('AWS::EC2::SecurityGroupIngress', { GroupId: getAtt('Scheduler', 'GroupId'), CidrIp: '0.0.0.0/0', IpProtocol: protocol, FromPort: from, ToPort: to }) }));
    expect([input.rules.find((r) => r.id === 'Rule')!.services, input.notes]).toEqual([services, notes]);
  });
});

describe('which group a rule belongs to', () => {
  test.each([
    ['the cluster group by Fn::GetAtt', { GroupId: getAtt('Cluster', 'GroupId') }, ['sg:Cluster']],
    ['a group by id', { GroupId: 'sg-0999' }, ['sg:sg-0999']],
    ['a group given as a parameter', { GroupId: ref('TargetGroup') }, ['sg:parameter TargetGroup']],
    ['a group by name', { GroupName: 'legacy' }, ['sg:name legacy']],
    ['neither', {}, ['sg:name undefined']],
  ])('%s', (_name, target, appliesTo) => {
    const rules = rulesOf(workspace({ Rule: resource('AWS::EC2::SecurityGroupEgress', { ...target, CidrIp: '0.0.0.0/0', IpProtocol: '-1' }) }));
    expect(rules).toEqual([{
      id: 'Rule',
      direction: 'egress',
      action: 'allow',
      priority: 0,
      appliesTo,
      peerParts: [{ label: '0.0.0.0/0', addresses: ['0.0.0.0/0'] }],
      peerGroups: [],
      services: 'all traffic',
    }]);
  });
});

describe('inline rules and the default egress', () => {
  test('inline rules are numbered per direction; a group with egress rules loses AWS\'s default egress, one without keeps it', () => {
    const rules = rulesOf(workspace({
      Web: group({
        SecurityGroupIngress: [
          { CidrIp: '203.0.113.0/24', IpProtocol: 'tcp', FromPort: 443, ToPort: 443 },
          { SourceSecurityGroupId: getAtt('Cluster', 'GroupId'), IpProtocol: 'udp', FromPort: 53, ToPort: 53 },
        ],
        SecurityGroupEgress: [{ CidrIp: '10.0.0.0/8', IpProtocol: 'tcp', FromPort: 5432, ToPort: 5432 }],
      }),
      Empty: group({ SecurityGroupIngress: [], SecurityGroupEgress: [] }),
      NotAList: group({ SecurityGroupIngress: { CidrIp: '0.0.0.0/0' }, SecurityGroupEgress: 'none' }),
      Separate: resource('AWS::EC2::SecurityGroupEgress', { GroupId: ref('Empty'), CidrIp: '10.0.0.0/8', IpProtocol: '-1' }),
      SeparateIn: resource('AWS::EC2::SecurityGroupIngress', { GroupId: ref('Empty'), CidrIp: '10.0.0.0/8', IpProtocol: '-1' }),
      NoProperties: resource('AWS::EC2::SecurityGroupIngress'),
    }));
    const common = { action: 'allow', priority: 0 };
    const everywhere = [{ label: '0.0.0.0/0', addresses: ['0.0.0.0/0'] }];
    const tenEight = [{ label: '10.0.0.0/8', addresses: ['10.0.0.0/8'] }];
    expect(rules).toEqual([
      { ...common, id: 'Web ingress #1', direction: 'ingress', appliesTo: ['sg:Web'], peerParts: [{ label: '203.0.113.0/24', addresses: ['203.0.113.0/24'] }], peerGroups: [], services: 'TCP 443' },
      { ...common, id: 'Web ingress #2', direction: 'ingress', appliesTo: ['sg:Web'], peerParts: [], peerGroups: ['sg:Cluster'], services: 'UDP 53' },
      { ...common, id: 'Web egress #1', direction: 'egress', appliesTo: ['sg:Web'], peerParts: tenEight, peerGroups: [], services: 'TCP 5432' },
      { ...common, id: 'Empty default egress (all IPv4)', direction: 'egress', appliesTo: ['sg:Empty'], peerParts: everywhere, peerGroups: [], services: 'all traffic' },
      { ...common, id: 'NotAList default egress (all IPv4)', direction: 'egress', appliesTo: ['sg:NotAList'], peerParts: everywhere, peerGroups: [], services: 'all traffic' },
      { ...common, id: 'SeparateIn', direction: 'ingress', appliesTo: ['sg:Empty'], peerParts: tenEight, peerGroups: [], services: 'all traffic' },
      { ...common, id: 'NoProperties', direction: 'ingress', appliesTo: ['sg:name undefined'], peerParts: [], peerGroups: [], services: 'all traffic' },
      { ...common, id: 'Separate', direction: 'egress', appliesTo: ['sg:Empty'], peerParts: tenEight, peerGroups: [], services: 'all traffic' },
    ]);
  });

  test('the default egress of the workspace\'s own groups, and no other rule, in a template of just the two groups', () => {
    expect(read(workspace()).rules.map((r) => [r.id, r.direction, r.appliesTo, r.peerParts, r.services])).toEqual([
      ['Scheduler default egress (all IPv4)', 'egress', ['sg:Scheduler'], [{ label: '0.0.0.0/0', addresses: ['0.0.0.0/0'] }], 'all traffic'],
      ['Cluster default egress (all IPv4)', 'egress', ['sg:Cluster'], [{ label: '0.0.0.0/0', addresses: ['0.0.0.0/0'] }], 'all traffic'],
    ]);
  });

  test('the notes of inline rules name the group and the rule', () => {
    const input = readCloudFormation(workspace({
      Web: group({ SecurityGroupIngress: [{ CidrIp: '10.0.0.1/8', IpProtocol: 'tcp' }], SecurityGroupEgress: [{ CidrIp: '0.0.0.0/0', IpProtocol: 'bogus' }] }),
    }));
    expect(input.notes).toEqual([
      'Web ingress #1: 10.0.0.1/8 has host bits set; read as 10.0.0.0/8',
      'Web egress #1: protocol "bogus" is not known; read as every protocol',
    ]);
  });
});

describe('network ACLs', () => {
  function acls(entries: Json, extra: Json = {}) {
    return read(workspace({ Acl: resource('AWS::EC2::NetworkAcl'), ...extra, ...entries })).acls;
  }
  const entry = (properties: Json) => resource('AWS::EC2::NetworkAclEntry', { NetworkAclId: ref('Acl'), RuleNumber: 100, Protocol: -1, RuleAction: 'allow', CidrBlock: '0.0.0.0/0', ...properties });
  const everywhere = [{ label: '0.0.0.0/0', addresses: ['0.0.0.0/0'] }];

  test('an ACL without entries is present with no rule (it denies everything)', () => {
    expect(acls({})).toEqual({ 'acl:Acl': [] });
  });

  test('a template without ACLs has none', () => {
    expect(read(workspace()).acls).toEqual({});
  });

  test.each([
    ['an ingress allow', { Egress: false }, { id: 'Acl rule 100', direction: 'ingress', action: 'allow', priority: 100, services: 'all traffic' }],
    ['no Egress property: ingress', {}, { id: 'Acl rule 100', direction: 'ingress', action: 'allow', priority: 100, services: 'all traffic' }],
    ['egress true', { Egress: true }, { id: 'Acl rule 100 (egress)', direction: 'egress', action: 'allow', priority: 100, services: 'all traffic' }],
    ['egress "true"', { Egress: 'true' }, { id: 'Acl rule 100 (egress)', direction: 'egress', action: 'allow', priority: 100, services: 'all traffic' }],
    ['egress "false"', { Egress: 'false' }, { id: 'Acl rule 100', direction: 'ingress', action: 'allow', priority: 100, services: 'all traffic' }],
    ['a deny', { RuleAction: 'deny' }, { id: 'Acl rule 100', direction: 'ingress', action: 'deny', priority: 100, services: 'all traffic' }],
    ['a deny in capitals', { RuleAction: 'DENY' }, { id: 'Acl rule 100', direction: 'ingress', action: 'deny', priority: 100, services: 'all traffic' }],
    ['an action not known: allow', { RuleAction: 'drop' }, { id: 'Acl rule 100', direction: 'ingress', action: 'allow', priority: 100, services: 'all traffic' }],
    ['a rule number as text', { RuleNumber: '32766' }, { id: 'Acl rule 32766', direction: 'ingress', action: 'allow', priority: 32766, services: 'all traffic' }],
    ['TCP with a port range', { Protocol: 6, PortRange: { From: 22, To: 23 } }, { id: 'Acl rule 100', direction: 'ingress', action: 'allow', priority: 100, services: 'TCP 22-23' }],
    ['UDP without a port range', { Protocol: '17' }, { id: 'Acl rule 100', direction: 'ingress', action: 'allow', priority: 100, services: 'UDP all ports' }],
    ['ICMP', { Protocol: 1, Icmp: { Code: -1, Type: -1 } }, { id: 'Acl rule 100', direction: 'ingress', action: 'allow', priority: 100, services: 'ICMP' }],
  ])('%s', (_name, properties, expected) => {
    expect(acls({ Entry: entry(properties) })).toEqual({ 'acl:Acl': [{ ...expected, appliesTo: 'all', peerParts: everywhere, peerGroups: [] }] });
  });

  test('a protocol not known is read as every protocol, with a note naming the entry', () => {
    const input = read(workspace({ Acl: resource('AWS::EC2::NetworkAcl'), Entry: entry({ Protocol: 'bogus' }) }));
    expect([input.acls['acl:Acl'][0].services, input.notes]).toEqual(['all traffic', ['Entry: protocol "bogus" is not known; read as every protocol']]);
  });

  test.each([
    ['an IPv6 block', { CidrBlock: undefined, Ipv6CidrBlock: '2001:db8::/32' }, [{ label: '2001:db8::/32', addresses: ['2001:db8::/32'] }]],
    ['a block with host bits set', { CidrBlock: '10.0.0.1/8' }, [{ label: '10.0.0.0/8', addresses: ['10.0.0.0/8'] }]],
    ['the VPC block', { CidrBlock: getAtt('Vpc', 'CidrBlock') }, [{ label: '10.0.0.0/16', addresses: ['10.0.0.0/16'] }]],
    ['text that is no block', { CidrBlock: 'bad' }, [{ label: '"bad" (not known in this file)', addresses: STAND_IN }]],
    ['a parameter', { CidrBlock: ref('Block') }, [{ label: '{"Ref":"Block"} (not known in this file)', addresses: STAND_IN }]],
    ['an IPv6 block not known (an IPv6 stand-in)', { CidrBlock: undefined, Ipv6CidrBlock: ref('Block6') }, [{ label: '{"Ref":"Block6"} (not known in this file)', addresses: ['100::2:0/112'] }]],
  ])('the block of an entry: %s', (_name, properties, parts) => {
    const rules = acls({ Entry: entry(properties) }, { Vpc: resource('AWS::EC2::VPC', { CidrBlock: '10.0.0.0/16' }) })['acl:Acl'];
    expect(rules.map((r) => r.peerParts)).toEqual([parts]);
  });

  test('entries are grouped by ACL, in file order; an ACL not in the file is keyed by its id or parameter', () => {
    const result = acls({
      First: entry({ RuleNumber: 200 }),
      Existing: entry({ NetworkAclId: 'acl-0123', RuleNumber: 100 }),
      Second: entry({ RuleNumber: 100, Egress: true }),
      FromParameter: entry({ NetworkAclId: ref('AclParameter'), RuleNumber: 5 }),
      Existing2: entry({ NetworkAclId: 'acl-0123', RuleNumber: 110 }),
    }, { Other: resource('AWS::EC2::NetworkAcl') });
    expect(Object.fromEntries(Object.entries(result).map(([k, rules]) => [k, rules.map((r) => r.id)]))).toEqual({
      'acl:Acl': ['Acl rule 200', 'Acl rule 100 (egress)'],
      'acl:Other': [],
      'acl:acl-0123': ['acl-0123 rule 100', 'acl-0123 rule 110'],
      'acl:parameter AclParameter': ['parameter AclParameter rule 5'],
    });
  });

  test('an entry without properties is keyed by its missing ACL; its missing block is read as IPv6\'s, the last one looked for', () => {
    const result = read(workspace({ Entry: resource('AWS::EC2::NetworkAclEntry') })).acls;
    expect(result).toEqual({
      'acl:undefined': [{
        id: 'undefined rule undefined',
        direction: 'ingress',
        action: 'allow',
        priority: NaN,
        appliesTo: 'all',
        peerParts: [{ label: 'undefined (not known in this file)', addresses: ['100::2:0/112'] }],
        peerGroups: [],
        services: 'all traffic',
      }],
    });
  });
});
