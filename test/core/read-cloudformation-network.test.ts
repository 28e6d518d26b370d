/**
 * readCloudFormation's network facts: the subnets the outputs name (in the file or not), their
 * public-IP setting, route tables (internet gateway, NAT gateway or instance, other targets, by
 * longest prefix), S3 gateway endpoints, network ACL associations, and the VPC's blocks.
 */
import { Json, getAtt, join, read, ref, resource, workspace } from './read-cloudformation-util';
import { readCloudFormation } from '../../src/core/read-cloudformation';

const subnet = (cidr: unknown, properties: Json = {}) => resource('AWS::EC2::Subnet', { CidrBlock: cidr, ...properties });
const route = (table: string, properties: Json) => resource('AWS::EC2::Route', { RouteTableId: ref(table), ...properties });
const association = (subnetId: string, table: string) => resource('AWS::EC2::SubnetRouteTableAssociation', { SubnetId: ref(subnetId), RouteTableId: ref(table) });

/** The scheduler's role when its subnet output is `Subnet`, in a table `Table` with the routes given. */
function schedulerWithRoutes(routes: Json, options: { mapsPublicIp?: unknown; declaredPublic?: string; extra?: Json } = {}) {
  const template = workspace({
    Subnet: subnet('10.0.0.0/24', options.mapsPublicIp === undefined ? {} : { MapPublicIpOnLaunch: options.mapsPublicIp }),
    Table: resource('AWS::EC2::RouteTable'),
    OtherTable: resource('AWS::EC2::RouteTable'),
    Association: association('Subnet', 'Table'),
    Igw: resource('AWS::EC2::InternetGateway'),
    Vgw: resource('AWS::EC2::VPNGateway'),
    NatInstance: resource('AWS::EC2::Instance', { SourceDestCheck: false }),
    NatInstanceText: resource('AWS::EC2::Instance', { SourceDestCheck: 'false' }),
    Instance: resource('AWS::EC2::Instance', { SourceDestCheck: true }),
    PlainInstance: resource('AWS::EC2::Instance'),
    ...options.extra,
    ...routes,
  }, { CoiledSchedulerSubnetIds: ref('Subnet'), CoiledUseSchedulerPublicIp: options.declaredPublic ?? 'false' });
  return read(template).roles.scheduler;
}

describe('the path to the internet, by route table', () => {
  const toInternet = (target: Json) => ({ Default: route('Table', { DestinationCidrBlock: '0.0.0.0/0', ...target }) });
  test.each([
    ['no route', {}, { kind: 'none', via: 'no route to the internet' }, false],
    ['a NAT gateway', toInternet({ NatGatewayId: ref('Nat') }), { kind: 'ok', via: 'NAT gateway' }, false],
    ['a NAT instance (source/destination check off)', toInternet({ InstanceId: ref('NatInstance') }), { kind: 'ok', via: 'NAT instance' }, false],
    ['a NAT instance (source/destination check "false")', toInternet({ InstanceId: ref('NatInstanceText') }), { kind: 'ok', via: 'NAT instance' }, false],
    ['an instance checking source and destination', toInternet({ InstanceId: ref('Instance') }), { kind: 'unknown', via: 'an instance (beyond this file)' }, false],
    ['an instance without the setting', toInternet({ InstanceId: ref('PlainInstance') }), { kind: 'unknown', via: 'an instance (beyond this file)' }, false],
    ['an instance not in the file', toInternet({ InstanceId: 'i-0123' }), { kind: 'unknown', via: 'an instance (beyond this file)' }, false],
    ['an internet gateway by id', toInternet({ GatewayId: 'igw-0123' }), { kind: 'none', via: 'internet gateway route, but no public IP' }, true],
    ['a virtual private gateway of the file', toInternet({ GatewayId: ref('Vgw') }), { kind: 'unknown', via: 'a virtual private gateway (beyond this file)' }, false],
    ['a virtual private gateway by id', toInternet({ GatewayId: 'vgw-0123' }), { kind: 'unknown', via: 'a virtual private gateway (beyond this file)' }, false],
    ['a gateway given as a parameter', toInternet({ GatewayId: ref('GatewayParameter') }), { kind: 'unknown', via: 'a virtual private gateway (beyond this file)' }, false],
    ['a transit gateway', toInternet({ TransitGatewayId: 'tgw-1' }), { kind: 'unknown', via: 'a transit gateway (beyond this file)' }, false],
    ['a VPC peering connection', toInternet({ VpcPeeringConnectionId: 'pcx-1' }), { kind: 'unknown', via: 'a VPC peering connection (beyond this file)' }, false],
    ['an egress-only internet gateway', toInternet({ EgressOnlyInternetGatewayId: 'eigw-1' }), { kind: 'unknown', via: 'an egress-only internet gateway (beyond this file)' }, false],
    ['a network interface', toInternet({ NetworkInterfaceId: 'eni-1' }), { kind: 'unknown', via: 'another target (beyond this file)' }, false],
    ['a route without properties', { Default: resource('AWS::EC2::Route') }, { kind: 'none', via: 'no route to the internet' }, false],
    ['a route of another table', { Default: route('OtherTable', { DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: 'nat-1' }) }, { kind: 'none', via: 'no route to the internet' }, false],
    ['only IPv6 routed', { Default: route('Table', { DestinationIpv6CidrBlock: '::/0', EgressOnlyInternetGatewayId: 'eigw-1' }) }, { kind: 'none', via: 'no route to the internet' }, false],
    ['a prefix-list route only', { Default: route('Table', { DestinationPrefixListId: 'pl-1', GatewayId: 'vpce-1' }) }, { kind: 'none', via: 'no route to the internet' }, false],
    ['a private range only', { Default: route('Table', { DestinationCidrBlock: '10.0.0.0/8', TransitGatewayId: 'tgw-1' }) }, { kind: 'none', via: 'no route to the internet' }, false],
    [
      'half of the internet to the internet gateway',
      { Half: route('Table', { DestinationCidrBlock: '0.0.0.0/1', GatewayId: ref('Igw') }) },
      { kind: 'none', via: 'only part of the internet is routed (internet gateway)' },
      true,
    ],
    [
      'both halves to the internet gateway',
      { Low: route('Table', { DestinationCidrBlock: '0.0.0.0/1', GatewayId: ref('Igw') }), High: route('Table', { DestinationCidrBlock: '128.0.0.0/1', GatewayId: ref('Igw') }) },
      { kind: 'none', via: 'internet gateway route, but no public IP' },
      true,
    ],
    [
      'NAT for everything, a private range to a transit gateway',
      { ...toInternet({ NatGatewayId: 'nat-1' }), Private: route('Table', { DestinationCidrBlock: '10.0.0.0/8', TransitGatewayId: 'tgw-1' }) },
      { kind: 'ok', via: 'NAT gateway' },
      false,
    ],
    [
      'NAT for everything, a public /24 to the internet gateway (longest prefix first)',
      { ...toInternet({ NatGatewayId: 'nat-1' }), Narrow: route('Table', { DestinationCidrBlock: '198.51.100.0/24', GatewayId: ref('Igw') }) },
      { kind: 'none', via: 'only part of the internet is routed (internet gateway, NAT gateway)' },
      true,
    ],
    [
      'the internet gateway for everything, a /1 to NAT',
      { Half: route('Table', { DestinationCidrBlock: '128.0.0.0/1', NatGatewayId: 'nat-1' }), ...toInternet({ GatewayId: ref('Igw') }) },
      { kind: 'none', via: 'only part of the internet is routed (NAT gateway, internet gateway)' },
      true,
    ],
    [
      'a route hidden by longer ones',
      {
        Low: route('Table', { DestinationCidrBlock: '0.0.0.0/1', NatGatewayId: 'nat-1' }),
        High: route('Table', { DestinationCidrBlock: '128.0.0.0/1', NatGatewayId: 'nat-1' }),
        ...toInternet({ GatewayId: ref('Igw') }),
      },
      { kind: 'ok', via: 'NAT gateway' },
      false,
    ],
  ])('%s', (_name, routes, internet, routesToInternetGateway) => {
    const role = schedulerWithRoutes(routes);
    expect([role.internet, role.objectStore, role.subnets]).toEqual([
      internet,
      internet,
      [{ label: 'Subnet (10.0.0.0/24)', acl: undefined, mapsPublicIp: false, routesToInternetGateway }],
    ]);
  });

  test('a subnet without a route table association has no route', () => {
    const template = workspace({ Subnet: subnet('10.0.0.0/24'), Table: resource('AWS::EC2::RouteTable'), Default: route('Table', { DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: 'nat-1' }) }, {
      CoiledSchedulerSubnetIds: ref('Subnet'),
    });
    expect(readCloudFormation(template).roles.scheduler.internet).toEqual({ kind: 'none', via: 'no route to the internet' });
  });

  test('an association without properties is no association', () => {
    const template = workspace({
      Subnet: subnet('10.0.0.0/24'),
      Table: resource('AWS::EC2::RouteTable'),
      Empty: resource('AWS::EC2::SubnetRouteTableAssociation'),
      EmptyAcl: resource('AWS::EC2::SubnetNetworkAclAssociation'),
      Association: association('Subnet', 'Table'),
      Default: route('Table', { DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: 'nat-1' }),
    }, { CoiledSchedulerSubnetIds: ref('Subnet') });
    const role = readCloudFormation(template).roles.scheduler;
    expect([role.internet, role.subnets[0].acl]).toEqual([{ kind: 'ok', via: 'NAT gateway' }, undefined]);
  });

  test('an association to a table not in the file gives no route', () => {
    const template = workspace({
      Subnet: subnet('10.0.0.0/24'),
      Association: resource('AWS::EC2::SubnetRouteTableAssociation', { SubnetId: ref('Subnet'), RouteTableId: 'rtb-0123' }),
      Default: resource('AWS::EC2::Route', { RouteTableId: 'rtb-0123', DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: 'nat-1' }),
    }, { CoiledSchedulerSubnetIds: ref('Subnet') });
    expect(readCloudFormation(template).roles.scheduler.internet).toEqual({ kind: 'none', via: 'no route to the internet' });
  });

  test.each([
    ['maps public IPs', true, 'false', { kind: 'ok', via: 'internet gateway (public IP)' }, true, 'yes'],
    ['maps public IPs ("true")', 'true', 'false', { kind: 'ok', via: 'internet gateway (public IP)' }, true, 'yes'],
    ['does not map public IPs, none declared', false, 'false', { kind: 'none', via: 'internet gateway route, but no public IP' }, false, 'no'],
    ['does not say, none declared', undefined, 'false', { kind: 'none', via: 'internet gateway route, but no public IP' }, false, 'no'],
    ['does not map public IPs, but the workspace gives them', false, 'true', { kind: 'ok', via: 'internet gateway (public IP)' }, false, 'yes'],
  ])('a subnet routed to the internet gateway that %s', (_name, mapsPublicIp, declaredPublic, internet, maps, publicAddress) => {
    const role = schedulerWithRoutes({ Default: route('Table', { DestinationCidrBlock: '0.0.0.0/0', GatewayId: ref('Igw') }) }, { mapsPublicIp, declaredPublic });
    expect([role.internet, role.subnets[0].mapsPublicIp, role.publicAddress]).toEqual([internet, maps, publicAddress]);
  });
});

describe('the S3 gateway endpoint', () => {
  const nat = { Default: route('Table', { DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: 'nat-1' }) };
  const endpoint = (properties: Json) => ({ Endpoint: resource('AWS::EC2::VPCEndpoint', { ServiceName: 'com.amazonaws.eu-west-1.s3', RouteTableIds: [ref('Table')], ...properties }) });
  const viaEndpoint = { kind: 'ok', via: 'S3 gateway endpoint' };
  const viaNat = { kind: 'ok', via: 'NAT gateway' };
  test.each([
    ['a gateway endpoint (type implied)', endpoint({}), viaEndpoint],
    ['a gateway endpoint (type written)', endpoint({ VpcEndpointType: 'Gateway' }), viaEndpoint],
    ['the service name as CDK joins it', endpoint({ ServiceName: join('', ['com.amazonaws.', ref('AWS::Region'), '.s3']) }), viaEndpoint],
    ['an interface endpoint', endpoint({ VpcEndpointType: 'Interface' }), viaNat],
    ['another service', endpoint({ ServiceName: 'com.amazonaws.eu-west-1.dynamodb' }), viaNat],
    ['a service whose name only starts like S3', endpoint({ ServiceName: 'com.amazonaws.eu-west-1.s3-outposts' }), viaNat],
    ['a service whose name ends in s3 without the dot', endpoint({ ServiceName: 'com.example.files3' }), viaNat],
    ['a service name not known', endpoint({ ServiceName: ref('ServiceParameter') }), viaNat],
    ['a service name as another intrinsic', endpoint({ ServiceName: { 'Fn::Sub': 'com.amazonaws.${AWS::Region}.s3' } }), viaNat],
    ['a join that is not a list', endpoint({ ServiceName: { 'Fn::Join': '.s3' } }), viaNat],
    ['a join whose parts are not a list', endpoint({ ServiceName: { 'Fn::Join': ['', '.s3'] } }), viaNat],
    ['no service name', endpoint({ ServiceName: undefined }), viaNat],
    ['a null service name', endpoint({ ServiceName: null }), viaNat],
    ['the endpoint on another table', endpoint({ RouteTableIds: [ref('OtherTable')] }), viaNat],
    ['the endpoint on a table by id', endpoint({ RouteTableIds: ['rtb-0123'] }), viaNat],
    ['the endpoint on no table', endpoint({ RouteTableIds: undefined }), viaNat],
    ['the endpoint on two tables, ours second', endpoint({ RouteTableIds: [ref('OtherTable'), ref('Table')] }), viaEndpoint],
    ['an endpoint without properties', { Endpoint: resource('AWS::EC2::VPCEndpoint') }, viaNat],
  ])('%s', (_name, extra, objectStore) => {
    const role = schedulerWithRoutes(nat, { extra });
    expect([role.internet, role.objectStore]).toEqual([viaNat, objectStore]);
  });

  test('an endpoint does not help a subnet without a route table', () => {
    const template = workspace({
      Subnet: subnet('10.0.0.0/24'),
      Endpoint: resource('AWS::EC2::VPCEndpoint', { ServiceName: 'com.amazonaws.eu-west-1.s3', RouteTableIds: [ref('Table')] }),
    }, { CoiledSchedulerSubnetIds: ref('Subnet') });
    expect(readCloudFormation(template).roles.scheduler.objectStore).toEqual({ kind: 'none', via: 'no route to the internet' });
  });
});

describe('network ACL associations', () => {
  test.each([
    ['an ACL of the file', ref('Acl'), 'acl:Acl'],
    ['an existing ACL by id', 'acl-0123', 'acl:acl-0123'],
    ['an ACL given as a parameter', ref('AclParameter'), 'acl:parameter AclParameter'],
    ['none', undefined, undefined],
  ])('%s: the subnet names the key its entries are read under', (_name, aclId, acl) => {
    const template = workspace({
      Subnet: subnet('10.0.0.0/24'),
      OtherSubnet: subnet('10.0.1.0/24'),
      Acl: resource('AWS::EC2::NetworkAcl'),
      Other: resource('AWS::EC2::SubnetNetworkAclAssociation', { SubnetId: ref('OtherSubnet'), NetworkAclId: ref('Acl') }),
      ...(aclId === undefined ? {} : { Association: resource('AWS::EC2::SubnetNetworkAclAssociation', { SubnetId: ref('Subnet'), NetworkAclId: aclId }) }),
    }, { CoiledSchedulerSubnetIds: ref('Subnet') });
    expect(readCloudFormation(template).roles.scheduler.subnets).toEqual([{ label: 'Subnet (10.0.0.0/24)', acl, mapsPublicIp: false, routesToInternetGateway: false }]);
  });

  test('the entries of an existing ACL written in this file apply to the subnet associated with it', () => {
    const template = workspace({
      Subnet: subnet('10.0.0.0/24'),
      Association: resource('AWS::EC2::SubnetNetworkAclAssociation', { SubnetId: ref('Subnet'), NetworkAclId: 'acl-0123' }),
      Entry: resource('AWS::EC2::NetworkAclEntry', { NetworkAclId: 'acl-0123', RuleNumber: 100, Protocol: -1, RuleAction: 'allow', CidrBlock: '0.0.0.0/0' }),
    }, { CoiledSchedulerSubnetIds: ref('Subnet') });
    const input = readCloudFormation(template);
    expect(input.acls.get(input.roles.scheduler.subnets[0].acl!)?.map((r) => r.id)).toEqual(['acl-0123 rule 100']);
  });
});

describe('the subnets of each role', () => {
  const twoSubnets = {
    A: subnet('10.0.0.0/24', { MapPublicIpOnLaunch: true }),
    B: subnet('10.0.1.0/24', { MapPublicIpOnLaunch: true }),
    Private: subnet('10.0.2.0/24'),
    Ipv6Only: subnet({ 'Fn::Select': [0, { 'Fn::Cidr': ['x', 1, 64] }] }),
    Table: resource('AWS::EC2::RouteTable'),
    AssociationA: association('A', 'Table'),
    AssociationB: association('B', 'Table'),
    Nat: route('Table', { DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: 'nat-1' }),
    Vgw: resource('AWS::EC2::VPNGateway'),
  };

  test('CoiledSubnetIds serves both roles when the role outputs are absent', () => {
    const input = read(workspace(twoSubnets, { CoiledSubnetIds: join(',', [ref('A'), ref('B')]) }));
    for (const role of [input.roles.scheduler, input.roles.workers]) {
      expect([role.addresses, role.addressLabel, role.subnets.map((s) => s.label)]).toEqual([['10.0.0.0/23'], '10.0.0.0/24, 10.0.1.0/24', ['A (10.0.0.0/24)', 'B (10.0.1.0/24)']]);
    }
  });

  test('the role outputs win over CoiledSubnetIds', () => {
    const input = read(workspace(twoSubnets, { CoiledSubnetIds: ref('Private'), CoiledSchedulerSubnetIds: ref('A'), CoiledWorkerSubnetIds: ref('B') }));
    expect([input.roles.scheduler.addressLabel, input.roles.workers.addressLabel]).toEqual(['10.0.0.0/24', '10.0.1.0/24']);
  });

  test.each([
    ['all in the file, all mapping public IPs', join(',', [ref('A'), ref('B')]), 'false', {
      addresses: ['10.0.0.0/23'],
      addressLabel: '10.0.0.0/24, 10.0.1.0/24',
      publicAddress: 'yes',
      internet: { kind: 'ok', via: 'NAT gateway' },
      subnets: ['A (10.0.0.0/24)', 'B (10.0.1.0/24)'],
    }],
    ['one mapping public IPs, one not', join(',', [ref('A'), ref('Private')]), 'false', {
      addresses: ['10.0.0.0/24', '10.0.2.0/24'],
      addressLabel: '10.0.0.0/24, 10.0.2.0/24',
      publicAddress: 'no',
      internet: { kind: 'none', via: 'NAT gateway / no route to the internet' },
      subnets: ['A (10.0.0.0/24)', 'Private (10.0.2.0/24)'],
    }],
    ['one mapping public IPs, one not, the workspace giving them', join(',', [ref('A'), ref('Private')]), 'true', {
      addresses: ['10.0.0.0/24', '10.0.2.0/24'],
      addressLabel: '10.0.0.0/24, 10.0.2.0/24',
      publicAddress: 'yes',
      internet: { kind: 'none', via: 'NAT gateway / no route to the internet' },
      subnets: ['A (10.0.0.0/24)', 'Private (10.0.2.0/24)'],
    }],
    ['ids of subnets not in the file', 'subnet-1,,subnet-2,', 'false', {
      addresses: ['240.0.0.0/24'],
      addressLabel: 'subnets not in this template (subnet-1, subnet-2)',
      publicAddress: 'no',
      internet: { kind: 'unknown', via: 'the subnets are not in this template' },
      subnets: ['subnet-1', 'subnet-2'],
    }],
    ['ids of subnets not in the file, public IPs given', 'subnet-1', 'true', {
      addresses: ['240.0.0.0/24'],
      addressLabel: 'subnets not in this template (subnet-1)',
      publicAddress: 'yes',
      internet: { kind: 'unknown', via: 'the subnets are not in this template' },
      subnets: ['subnet-1'],
    }],
    ['ids joined by CDK', join(',', ['subnet-1', 'subnet-2']), 'false', {
      addresses: ['240.0.0.0/24'],
      addressLabel: 'subnets not in this template (subnet-1, subnet-2)',
      publicAddress: 'no',
      internet: { kind: 'unknown', via: 'the subnets are not in this template' },
      subnets: ['subnet-1', 'subnet-2'],
    }],
    ['one in the file (mapping public IPs), one not', join(',', [ref('A'), 'subnet-2']), 'false', {
      addresses: ['240.0.0.0/24'],
      addressLabel: 'subnets not in this template (A (10.0.0.0/24), subnet-2)',
      publicAddress: 'no',
      internet: { kind: 'unknown', via: 'NAT gateway / the subnets are not in this template' },
      subnets: ['A (10.0.0.0/24)', 'subnet-2'],
    }],
    ['one in the file without a route, one not', join(',', ['subnet-2', ref('Private')]), 'false', {
      addresses: ['240.0.0.0/24'],
      addressLabel: 'subnets not in this template (subnet-2, Private (10.0.2.0/24))',
      publicAddress: 'no',
      internet: { kind: 'none', via: 'the subnets are not in this template / no route to the internet' },
      subnets: ['subnet-2', 'Private (10.0.2.0/24)'],
    }],
    ['a subnet of the file and a parameter', join(',', [ref('B'), ref('SubnetParameter')]), 'false', {
      addresses: ['240.0.0.0/24'],
      addressLabel: 'subnets not in this template (B (10.0.1.0/24), parameter SubnetParameter)',
      publicAddress: 'no',
      internet: { kind: 'unknown', via: 'NAT gateway / the subnets are not in this template' },
      subnets: ['B (10.0.1.0/24)', 'parameter SubnetParameter'],
    }],
    ['a subnet of the file whose block is not known', ref('Ipv6Only'), 'false', {
      addresses: ['240.0.0.0/24'],
      addressLabel: 'subnets not in this template (Ipv6Only)',
      publicAddress: 'no',
      internet: { kind: 'none', via: 'no route to the internet' },
      subnets: ['Ipv6Only'],
    }],
    ['a resource that is no subnet', ref('Vgw'), 'false', {
      addresses: ['240.0.0.0/24'],
      addressLabel: 'subnets not in this template (Vgw)',
      publicAddress: 'no',
      internet: { kind: 'unknown', via: 'the subnets are not in this template' },
      subnets: ['Vgw'],
    }],
    ['a list from a parameter', ref('SubnetList'), 'false', {
      addresses: ['240.0.0.0/24'],
      addressLabel: 'subnets not in this template (parameter SubnetList)',
      publicAddress: 'no',
      internet: { kind: 'unknown', via: 'the subnets are not in this template' },
      subnets: ['parameter SubnetList'],
    }],
    ['a list as another intrinsic', { 'Fn::Split': [',', 'a,b'] }, 'false', {
      addresses: ['240.0.0.0/24'],
      addressLabel: 'subnets not in this template ({"Fn::Split":[",","a,b"]})',
      publicAddress: 'no',
      internet: { kind: 'unknown', via: 'the subnets are not in this template' },
      subnets: ['{"Fn::Split":[",","a,b"]}'],
    }],
    ['a join whose parts are not a list', { 'Fn::Join': [',', 'x'] }, 'false', {
      addresses: ['240.0.0.0/24'],
      addressLabel: 'subnets not in this template ({"Fn::Join":[",","x"]})',
      publicAddress: 'no',
      internet: { kind: 'unknown', via: 'the subnets are not in this template' },
      subnets: ['{"Fn::Join":[",","x"]}'],
    }],
    ['null', null, 'false', {
      addresses: ['240.0.0.0/24'],
      addressLabel: 'subnets not in this template (null)',
      publicAddress: 'no',
      internet: { kind: 'unknown', via: 'the subnets are not in this template' },
      subnets: ['null'],
    }],
    ['an empty list', '', 'false', {
      addresses: ['240.0.0.0/24'],
      addressLabel: 'subnets not in this template (none listed)',
      publicAddress: 'no',
      internet: { kind: 'unknown', via: 'the stack names no subnets (it has no Coiled outputs)' },
      subnets: [],
    }],
  ])('the scheduler in %s', (_name, subnets, declaredPublic, expected) => {
    const role = read(workspace(twoSubnets, { CoiledSchedulerSubnetIds: subnets, CoiledUseSchedulerPublicIp: declaredPublic })).roles.scheduler;
    expect({
      addresses: role.addresses,
      addressLabel: role.addressLabel,
      publicAddress: role.publicAddress,
      internet: role.internet,
      subnets: role.subnets.map((s) => s.label),
    }).toEqual(expected);
    expect(role.objectStore).toEqual(role.internet);
  });

  test('subnets not in the file say nothing of their public IPs, routes or ACL', () => {
    const role = read(workspace({}, { CoiledSchedulerSubnetIds: 'subnet-1' })).roles.scheduler;
    expect(role.subnets).toEqual([{ label: 'subnet-1' }]);
  });

  test('the paths of several subnets: none before unknown before ok, each distinct way named once', () => {
    const template = workspace({
      A: subnet('10.0.0.0/24'),
      B: subnet('10.0.1.0/24'),
      C: subnet('10.0.2.0/24'),
      NatTable: resource('AWS::EC2::RouteTable'),
      TgwTable: resource('AWS::EC2::RouteTable'),
      AssociationA: association('A', 'NatTable'),
      AssociationB: association('B', 'NatTable'),
      AssociationC: association('C', 'TgwTable'),
      Nat: route('NatTable', { DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: 'nat-1' }),
      Tgw: route('TgwTable', { DestinationCidrBlock: '0.0.0.0/0', TransitGatewayId: 'tgw-1' }),
    }, { CoiledSchedulerSubnetIds: join(',', [ref('A'), ref('B')]), CoiledWorkerSubnetIds: join(',', [ref('A'), ref('C'), ref('B')]) });
    const input = readCloudFormation(template);
    expect([input.roles.scheduler.internet, input.roles.workers.internet]).toEqual([
      { kind: 'ok', via: 'NAT gateway' },
      { kind: 'unknown', via: 'NAT gateway / a transit gateway (beyond this file)' },
    ]);
  });
});

describe('the VPC', () => {
  test.each([
    ['no VPC output', undefined, {}, { label: 'the VPC block, not in this template', addresses: ['240.0.2.0/24'] }],
    ['a VPC by id', 'vpc-0123', {}, { label: 'the VPC block, not in this template', addresses: ['240.0.2.0/24'] }],
    ['a resource that is no VPC', ref('Subnet'), {}, { label: 'the VPC block, not in this template', addresses: ['240.0.2.0/24'] }],
    ['a VPC of the file', ref('Vpc'), {}, { label: '10.0.0.0/16', addresses: ['10.0.0.0/16'] }],
    [
      'a VPC with more blocks (an IPv6 one without a written block; one of another VPC)',
      ref('Vpc'),
      {
        Second: resource('AWS::EC2::VPCCidrBlock', { VpcId: ref('Vpc'), CidrBlock: '172.16.0.0/16' }),
        Ipv6: resource('AWS::EC2::VPCCidrBlock', { VpcId: ref('Vpc'), AmazonProvidedIpv6CidrBlock: true }),
        Elsewhere: resource('AWS::EC2::VPCCidrBlock', { VpcId: ref('OtherVpc'), CidrBlock: '192.168.0.0/16' }),
        Bare: resource('AWS::EC2::VPCCidrBlock'),
      },
      { label: '10.0.0.0/16, 172.16.0.0/16', addresses: ['10.0.0.0/16', '172.16.0.0/16'] },
    ],
    [
      'a VPC from an IPAM pool with a block added',
      ref('IpamVpc'),
      { Second: resource('AWS::EC2::VPCCidrBlock', { VpcId: ref('IpamVpc'), CidrBlock: '172.16.0.0/16' }) },
      { label: '172.16.0.0/16', addresses: ['172.16.0.0/16'] },
    ],
    ['a VPC from an IPAM pool', ref('IpamVpc'), {}, { label: 'the VPC block, not in this template', addresses: ['240.0.2.0/24'] }],
  ])('%s', (_name, vpcId, extra, vpc) => {
    const template = workspace({
      Vpc: resource('AWS::EC2::VPC', { CidrBlock: '10.0.0.0/16' }),
      OtherVpc: resource('AWS::EC2::VPC', { CidrBlock: '192.168.0.0/16' }),
      IpamVpc: resource('AWS::EC2::VPC', { Ipv4IpamPoolId: 'ipam-pool-1' }),
      Subnet: subnet('10.0.0.0/24'),
      ...extra,
    }, vpcId === undefined ? {} : { CoiledVpcId: vpcId });
    expect(read(template).vpc).toEqual(vpc);
  });

  test('the VPC block by Fn::GetAtt in the output is not the VPC id', () => {
    const template = workspace({ Vpc: resource('AWS::EC2::VPC', { CidrBlock: '10.0.0.0/16' }) }, { CoiledVpcId: getAtt('Vpc', 'VpcId') });
    expect(read(template).vpc).toEqual({ label: '10.0.0.0/16', addresses: ['10.0.0.0/16'] });
  });
});

// Mutation testing (issue 16): survivors of the 2026-12-07 focused run (99.4%).
describe('stand-ins and joined references', () => {
  test('roles without subnets stand in with different blocks: the scheduler and the workers are not one host', () => {
    const input = readCloudFormation(workspace());
    expect(input.roles.scheduler.addresses.overlaps(input.roles.workers.addresses)).toBe(false);
  });

  test('an ACL entry whose IPv4 block the file does not spell out stands in as IPv4, an IPv6 one as IPv6', () => {
    const template = workspace({
      Ipv4: resource('AWS::EC2::NetworkAclEntry', { NetworkAclId: 'acl-0123', RuleNumber: 100, Protocol: -1, RuleAction: 'allow', CidrBlock: ref('Block') }),
      Ipv6: resource('AWS::EC2::NetworkAclEntry', { NetworkAclId: 'acl-0123', RuleNumber: 101, Protocol: -1, RuleAction: 'allow', Ipv6CidrBlock: ref('Block6') }),
    });
    const families = readCloudFormation(template).acls.get('acl:acl-0123')!.map((r) => r.peerParts.map((p) => p.addresses.toCidrs().map((c) => (c.includes(':') ? 'ipv6' : 'ipv4'))));
    expect(families).toEqual([[['ipv4']], [['ipv6']]]);
  });

  test('a reference joined from literals is read as its text (a prefix list id)', () => {
    const template = workspace({
      Rule: resource('AWS::EC2::SecurityGroupIngress', { GroupId: getAtt('Scheduler', 'GroupId'), IpProtocol: 'tcp', FromPort: 443, ToPort: 443, SourcePrefixListId: join('', ['pl-', '0123']) }),
    });
    expect(read(template).rules.flatMap((r) => r.peerParts.map((p) => p.label))).toContain('prefix list pl-0123 (entries not in this file)');
  });
});
