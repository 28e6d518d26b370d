import { CfnParameter } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { libraryError, newStack, resources, warnings, workspace } from './util';
import { CoiledNetwork, NatType, NetworkMode } from '../../src/aws';

describe('public network (default)', () => {
  test('a /16 VPC with one public /20 per zone in two zones, public IPs on launch, an internet gateway, no NAT', () => {
    const { template, ws } = workspace();
    template.hasResourceProperties('AWS::EC2::VPC', { CidrBlock: '10.0.0.0/16' });
    const subnets = resources(template, 'AWS::EC2::Subnet').map(([, r]) => r.Properties);
    expect(subnets.map((s) => s.CidrBlock)).toEqual(['10.0.0.0/20', '10.0.16.0/20']);
    expect(subnets.every((s) => s.MapPublicIpOnLaunch === true)).toBe(true);
    expect(subnets.map((s) => s.AvailabilityZone)).toEqual([0, 1].map((i) => ({ 'Fn::Select': [i, { 'Fn::GetAZs': '' }] })));
    template.resourceCountIs('AWS::EC2::InternetGateway', 1);
    template.resourceCountIs('AWS::EC2::NatGateway', 0);
    template.resourceCountIs('AWS::EC2::VPCEndpoint', 0);
    expect(ws.networkMode).toBe(NetworkMode.PUBLIC);
    expect([ws.workersPublicIp, ws.schedulerPublicIp]).toEqual([true, true]);
  });

  test('the default security group is left alone (no Lambda custom resource)', () => {
    workspace().template.resourceCountIs('AWS::Lambda::Function', 0);
  });

  test('zone count, CIDR and subnet size are configurable', () => {
    const { template } = workspace({ network: CoiledNetwork.publicSubnets({ cidr: '172.20.0.0/16', availabilityZoneCount: 4, subnetCidrMask: 24 }) });
    const cidrs = resources(template, 'AWS::EC2::Subnet').map(([, r]) => r.Properties.CidrBlock);
    expect(cidrs).toEqual(['172.20.0.0/24', '172.20.1.0/24', '172.20.2.0/24', '172.20.3.0/24']);
  });

  test('explicit zone names', () => {
    const { template } = workspace({ network: CoiledNetwork.publicSubnets({ availabilityZones: ['us-east-1a', 'us-east-1c'] }) });
    expect(resources(template, 'AWS::EC2::Subnet').map(([, r]) => r.Properties.AvailabilityZone)).toEqual(['us-east-1a', 'us-east-1c']);
  });

  test('flow logs record all traffic into a retained log group', () => {
    const { template } = workspace({ network: CoiledNetwork.publicSubnets({ flowLogs: true }) });
    template.hasResourceProperties('AWS::EC2::FlowLog', { TrafficType: 'ALL', LogDestinationType: 'cloud-watch-logs', ResourceType: 'VPC' });
    template.hasResource('AWS::Logs::LogGroup', { Properties: { RetentionInDays: 30, LogGroupName: Match.absent() }, DeletionPolicy: 'Retain' });
  });
});

describe('private network', () => {
  test('NAT gateway by default: one, in a public subnet; VMs in private subnets without public IPs; S3 endpoint', () => {
    const { template, ws } = workspace({ network: CoiledNetwork.privateSubnets() });
    template.resourceCountIs('AWS::EC2::NatGateway', 1);
    const subnets = resources(template, 'AWS::EC2::Subnet');
    const isPrivate = (id: string) => id.includes('PrivateSubnet');
    expect(subnets.filter(([id]) => isPrivate(id)).every(([, r]) => r.Properties.MapPublicIpOnLaunch === false)).toBe(true);
    expect(subnets.filter(([id]) => !isPrivate(id)).every(([, r]) => r.Properties.MapPublicIpOnLaunch === false)).toBe(true);
    template.hasResourceProperties('AWS::EC2::VPCEndpoint', { VpcEndpointType: 'Gateway', ServiceName: { 'Fn::Join': ['', ['com.amazonaws.', { Ref: 'AWS::Region' }, '.s3']] } });
    expect([ws.workersPublicIp, ws.schedulerPublicIp]).toEqual([false, false]);
    expect(ws.natPublicIps).toHaveLength(1);
  });

  test('natPerAz gives one NAT gateway per zone', () => {
    workspace({ network: CoiledNetwork.privateSubnets({ natPerAz: true, availabilityZoneCount: 3 }) }).template.resourceCountIs('AWS::EC2::NatGateway', 3);
  });

  test('NAT instance: t4g.nano from an SSM image parameter, reachable only from the VPC, no inbound from the internet', () => {
    const { template } = workspace({ network: CoiledNetwork.privateSubnets({ natType: NatType.INSTANCE }) });
    template.resourceCountIs('AWS::EC2::NatGateway', 0);
    template.hasResourceProperties('AWS::EC2::Instance', { InstanceType: 't4g.nano', SourceDestCheck: false, ImageId: { Ref: Match.stringLikeRegexp('SsmParameterValue.*al2023') } });
    const natGroup = resources(template, 'AWS::EC2::SecurityGroup').find(([id]) => id.includes('NatSecurityGroup'))![1].Properties;
    expect(natGroup.SecurityGroupIngress).toEqual([{ CidrIp: '10.0.0.0/16', Description: 'NAT for the workspace VPC', IpProtocol: '-1' }]);
  });

  test('static egress IPs for NAT instances are Elastic IPs, one per instance', () => {
    const { template, ws } = workspace({ network: CoiledNetwork.privateSubnets({ natType: NatType.INSTANCE, staticEgressIps: true, natPerAz: true }) });
    template.resourceCountIs('AWS::EC2::EIP', 2);
    template.hasResourceProperties('AWS::EC2::EIP', { Domain: 'vpc', InstanceId: { Ref: Match.stringLikeRegexp('NatInstance') } });
    expect(ws.natPublicIps).toHaveLength(2);
  });

  test('natType NONE: isolated subnets, no internet gateway, and a warning about reaching Coiled', () => {
    const { template, stack } = workspace({ network: CoiledNetwork.privateSubnets({ natType: NatType.NONE }) });
    template.resourceCountIs('AWS::EC2::InternetGateway', 0);
    template.resourceCountIs('AWS::EC2::NatGateway', 0);
    expect(warnings(stack).join()).toMatch(/cloud\.coiled\.io/);
  });

  test('publicScheduler puts the scheduler in public subnets with public IPs; workers stay private', () => {
    const { ws, template } = workspace({ network: CoiledNetwork.privateSubnets({ publicScheduler: true }) });
    expect([ws.workersPublicIp, ws.schedulerPublicIp]).toEqual([false, true]);
    expect(ws.schedulerSubnetIds).not.toEqual(ws.workerSubnetIds);
    expect(resources(template, 'AWS::EC2::Subnet').filter(([id]) => id.includes('PublicSubnet')).every(([, r]) => r.Properties.MapPublicIpOnLaunch === true)).toBe(true);
  });

  test('the S3 endpoint can be turned off', () => {
    workspace({ network: CoiledNetwork.privateSubnets({ s3GatewayEndpoint: false }) }).template.resourceCountIs('AWS::EC2::VPCEndpoint', 0);
  });
});

describe('existing network', () => {
  test('by id: no VPC resource, the given subnets, security groups in that VPC', () => {
    const { template, ws } = workspace({ network: CoiledNetwork.existing({ vpcId: 'vpc-0123456789abcdef0', subnetIds: ['subnet-0123456789abcdef0'] }) });
    template.resourceCountIs('AWS::EC2::VPC', 0);
    template.resourceCountIs('AWS::EC2::Subnet', 0);
    template.hasResourceProperties('AWS::EC2::SecurityGroup', { VpcId: 'vpc-0123456789abcdef0' });
    expect(ws.subnetIds).toEqual(['subnet-0123456789abcdef0']);
    expect(ws.networkMode).toBe(NetworkMode.EXISTING);
  });

  test('as a CDK IVpc with a subnet selection', () => {
    const stack = newStack();
    const vpc = ec2.Vpc.fromVpcAttributes(stack, 'Theirs', { vpcId: 'vpc-11111111', availabilityZones: ['a', 'b'], privateSubnetIds: ['subnet-11111111', 'subnet-22222222'] });
    const { ws } = workspace({ network: CoiledNetwork.existing({ vpc }) }, stack);
    expect(ws.subnetIds).toEqual(['subnet-11111111', 'subnet-22222222']);
  });

  test('existing security groups are used as they are: no rules added, no groups created', () => {
    const stack = newStack();
    const sg = (id: string, groupId: string) => ec2.SecurityGroup.fromSecurityGroupId(stack, id, groupId, { mutable: false });
    const { template, ws } = workspace(
      {
        network: CoiledNetwork.existing({
          vpcId: 'vpc-0123456789abcdef0',
          subnetIds: ['subnet-0123456789abcdef0'],
          schedulerSecurityGroup: sg('S', 'sg-0123456789abcdef0'),
          clusterSecurityGroup: sg('C', 'sg-0fedcba9876543210'),
        }),
      },
      stack,
    );
    template.resourceCountIs('AWS::EC2::SecurityGroup', 0);
    template.resourceCountIs('AWS::EC2::SecurityGroupIngress', 0);
    expect(ws.schedulerSecurityGroup.securityGroupId).toBe('sg-0123456789abcdef0');
  });

  test('a token VPC id passes through unchecked', () => {
    const stack = newStack();
    const vpcId = new CfnParameter(stack, 'VpcId').valueAsString;
    const { template } = workspace({ network: CoiledNetwork.existing({ vpcId, subnetIds: ['subnet-0123456789abcdef0'] }) }, stack);
    template.hasResourceProperties('AWS::EC2::SecurityGroup', { VpcId: { Ref: 'VpcId' } });
  });
});

describe('bad network input fails at synth', () => {
  test.each([
    [CoiledNetwork.publicSubnets({ cidr: '10.0.0.0/33' }), 'INVALID_CIDR', /cidr = "10.0.0.0\/33"/],
    [CoiledNetwork.publicSubnets({ cidr: '10.0.0.0/8' }), 'INVALID_CIDR', /from \/16 to \/28/],
    [CoiledNetwork.publicSubnets({ cidr: '10.0.0.1/16' }), 'INVALID_CIDR', /host bits/],
    [CoiledNetwork.publicSubnets({ availabilityZoneCount: 0 }), 'INVALID_NETWORK', /from 1 to 6/],
    [CoiledNetwork.publicSubnets({ availabilityZoneCount: 1.5 }), 'INVALID_NETWORK', /availabilityZoneCount = 1.5/],
    [CoiledNetwork.publicSubnets({ availabilityZoneCount: 7 }), 'INVALID_NETWORK', /no region has more than 6 availability zones/],
    [CoiledNetwork.privateSubnets({ cidr: '10.0.0.0/18', availabilityZoneCount: 6, subnetCidrMask: 20 }), 'INVALID_NETWORK', /need 12 \/20 subnets, but 10.0.0.0\/18 holds 4/],
    [CoiledNetwork.publicSubnets({ availabilityZones: [] }), 'EMPTY_LIST', /no availability zones/],
    [CoiledNetwork.existing({ vpcId: 'vpc-123', subnetIds: ['subnet-0123456789abcdef0'] }), 'INVALID_NETWORK', /not a VPC id/],
    [CoiledNetwork.existing({ vpcId: 'vpc-0123456789abcdef0', subnetIds: [] }), 'EMPTY_LIST', /at least one subnet/],
    [CoiledNetwork.existing({ vpcId: 'vpc-0123456789abcdef0', subnetIds: ['sg-01234567'] }), 'INVALID_NETWORK', /not a subnet id/],
    [CoiledNetwork.existing({}), 'CONFLICTING_OPTIONS', /needs the VPC/],
  ])('%#: %s', (network, code, message) => {
    const err = libraryError(() => workspace({ network }));
    expect(err.code).toBe(code);
    expect(err.message).toMatch(message);
    expect(err.constructPath).toBe('Test/Workspace/Network');
  });

  test('only one existing security group is a conflict', () => {
    const stack = newStack();
    const sg = ec2.SecurityGroup.fromSecurityGroupId(stack, 'S', 'sg-0123456789abcdef0');
    expect(libraryError(() => workspace({ network: CoiledNetwork.existing({ vpcId: 'vpc-0123456789abcdef0', subnetIds: ['subnet-0123456789abcdef0'], schedulerSecurityGroup: sg }) }, stack)).message).toMatch(
      /come in pairs/,
    );
  });
});
