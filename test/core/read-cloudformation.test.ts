/**
 * readCloudFormation on hand-built templates: the whole AnalysisInput of a small workspace, how
 * the workspace is found (outputs, metadata, --workspace), its contract record, and every
 * refusal word for word. Rules, ACLs and routing have their own files.
 */
import { Json, getAtt, group, inputError, join, outputs, read, ref, resource, workspace } from './read-cloudformation-util';
import { internetIpv4 } from '../../src/core/flow-analysis';
import { isCloudFormationTemplate, readCloudFormation } from '../../src/core/read-cloudformation';

const CONTRACT = {
  version: 1,
  workspace: 'ws',
  ingress: [{ ports: [443], cidr: '203.0.113.0/24' }],
  schedulerPort: 443,
  egress: 'all',
  workersPublicIp: false,
  schedulerPublicIp: true,
};

/** A scheduler in a public subnet, workers behind NAT with an S3 endpoint and an ACL. */
function fullTemplate(): Json {
  return {
    Resources: {
      Vpc: resource('AWS::EC2::VPC', { CidrBlock: '10.0.0.0/16' }),
      VpcSecondBlock: resource('AWS::EC2::VPCCidrBlock', { VpcId: ref('Vpc'), CidrBlock: '10.1.0.0/16' }),
      Igw: resource('AWS::EC2::InternetGateway'),
      Nat: resource('AWS::EC2::NatGateway'),
      PublicSubnet: resource('AWS::EC2::Subnet', { CidrBlock: '10.0.0.0/20', MapPublicIpOnLaunch: true, VpcId: ref('Vpc') }),
      PublicTable: resource('AWS::EC2::RouteTable', { VpcId: ref('Vpc') }),
      PublicAssociation: resource('AWS::EC2::SubnetRouteTableAssociation', { SubnetId: ref('PublicSubnet'), RouteTableId: ref('PublicTable') }),
      PublicDefault: resource('AWS::EC2::Route', { RouteTableId: ref('PublicTable'), DestinationCidrBlock: '0.0.0.0/0', GatewayId: ref('Igw') }),
      PrivateSubnet: resource('AWS::EC2::Subnet', { CidrBlock: '10.0.16.0/20', MapPublicIpOnLaunch: false, VpcId: ref('Vpc') }),
      PrivateTable: resource('AWS::EC2::RouteTable', { VpcId: ref('Vpc') }),
      PrivateAssociation: resource('AWS::EC2::SubnetRouteTableAssociation', { SubnetId: ref('PrivateSubnet'), RouteTableId: ref('PrivateTable') }),
      PrivateDefault: resource('AWS::EC2::Route', { RouteTableId: ref('PrivateTable'), DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: ref('Nat') }),
      S3Endpoint: resource('AWS::EC2::VPCEndpoint', {
        ServiceName: join('', ['com.amazonaws.', ref('AWS::Region'), '.s3']),
        RouteTableIds: [ref('PrivateTable')],
        VpcId: ref('Vpc'),
      }),
      Acl: resource('AWS::EC2::NetworkAcl', { VpcId: ref('Vpc') }),
      AclAssociation: resource('AWS::EC2::SubnetNetworkAclAssociation', { SubnetId: ref('PrivateSubnet'), NetworkAclId: ref('Acl') }),
      AclIn: resource('AWS::EC2::NetworkAclEntry', { NetworkAclId: ref('Acl'), RuleNumber: 100, Protocol: -1, RuleAction: 'allow', Egress: false, CidrBlock: '0.0.0.0/0' }),
      AclOut: resource('AWS::EC2::NetworkAclEntry', {
        NetworkAclId: ref('Acl'), RuleNumber: 100, Protocol: 6, PortRange: { From: 443, To: 443 }, RuleAction: 'deny', Egress: true, CidrBlock: '0.0.0.0/0',
      }),
      Scheduler: group({
        GroupName: 'coiled-ws-scheduler',
        SecurityGroupIngress: [{ CidrIp: '203.0.113.0/24', IpProtocol: 'tcp', FromPort: 443, ToPort: 443 }],
        SecurityGroupEgress: [{ CidrIp: '0.0.0.0/0', IpProtocol: '-1' }],
      }, { role: 'scheduler', workspace: 'ws' }),
      Cluster: group({ GroupName: 'coiled-ws-cluster' }, { role: 'cluster', workspace: 'ws', networkContract: CONTRACT }),
      ClusterSelf: resource('AWS::EC2::SecurityGroupIngress', { GroupId: getAtt('Cluster', 'GroupId'), SourceSecurityGroupId: getAtt('Cluster', 'GroupId'), IpProtocol: '-1' }),
    },
    Outputs: outputs({
      CoiledSchedulerSecurityGroupId: getAtt('Scheduler', 'GroupId'),
      CoiledClusterSecurityGroupId: getAtt('Cluster', 'GroupId'),
      CoiledWorkspaceName: 'ws',
      CoiledVpcId: ref('Vpc'),
      CoiledSchedulerSubnetIds: join(',', [ref('PublicSubnet')]),
      CoiledWorkerSubnetIds: join(',', [ref('PrivateSubnet')]),
      CoiledUseSchedulerPublicIp: 'true',
      CoiledGiveWorkersPublicIp: 'false',
    }),
  };
}

const allow = { action: 'allow', priority: 0, peerGroups: [] };

test('a whole workspace reads into roles, rules, ACLs, VPC, object store and contract', () => {
  expect(read(fullTemplate())).toEqual({
    cloud: 'aws',
    origin: 'CloudFormation template',
    workspace: 'ws',
    roles: {
      scheduler: {
        memberships: ['sg:Scheduler', 'sg:Cluster'],
        membershipLabel: 'security groups Scheduler (coiled-ws-scheduler), Cluster (coiled-ws-cluster)',
        addresses: ['10.0.0.0/20'],
        addressLabel: '10.0.0.0/20',
        subnets: [{ label: 'PublicSubnet (10.0.0.0/20)', acl: undefined, mapsPublicIp: true, routesToInternetGateway: true }],
        publicAddress: 'yes',
        internet: { kind: 'ok', via: 'internet gateway (public IP)' },
        objectStore: { kind: 'ok', via: 'internet gateway (public IP)' },
      },
      workers: {
        memberships: ['sg:Cluster'],
        membershipLabel: 'security groups Cluster (coiled-ws-cluster)',
        addresses: ['10.0.16.0/20'],
        addressLabel: '10.0.16.0/20',
        subnets: [{ label: 'PrivateSubnet (10.0.16.0/20)', acl: 'acl:Acl', mapsPublicIp: false, routesToInternetGateway: false }],
        publicAddress: 'no',
        internet: { kind: 'ok', via: 'NAT gateway' },
        objectStore: { kind: 'ok', via: 'S3 gateway endpoint' },
      },
    },
    rules: [
      { ...allow, id: 'Scheduler ingress #1', direction: 'ingress', appliesTo: ['sg:Scheduler'], peerParts: [{ label: '203.0.113.0/24', addresses: ['203.0.113.0/24'] }], services: 'TCP 443' },
      { ...allow, id: 'Scheduler egress #1', direction: 'egress', appliesTo: ['sg:Scheduler'], peerParts: [{ label: '0.0.0.0/0', addresses: ['0.0.0.0/0'] }], services: 'all traffic' },
      { ...allow, id: 'Cluster default egress (all IPv4)', direction: 'egress', appliesTo: ['sg:Cluster'], peerParts: [{ label: '0.0.0.0/0', addresses: ['0.0.0.0/0'] }], services: 'all traffic' },
      { ...allow, id: 'ClusterSelf', direction: 'ingress', appliesTo: ['sg:Cluster'], peerParts: [], peerGroups: ['sg:Cluster'], services: 'all traffic' },
    ],
    acls: {
      'acl:Acl': [
        { id: 'Acl rule 100', direction: 'ingress', action: 'allow', priority: 100, appliesTo: 'all', peerParts: [{ label: '0.0.0.0/0', addresses: ['0.0.0.0/0'] }], peerGroups: [], services: 'all traffic' },
        { id: 'Acl rule 100 (egress)', direction: 'egress', action: 'deny', priority: 100, appliesTo: 'all', peerParts: [{ label: '0.0.0.0/0', addresses: ['0.0.0.0/0'] }], peerGroups: [], services: 'TCP 443' },
      ],
    },
    vpc: { label: '10.0.0.0/16, 10.1.0.0/16', addresses: ['10.0.0.0/15'] },
    objectStore: { label: 'Amazon S3', addresses: internetIpv4().toCidrs() },
    internalEgressAlsoReaches: [],
    contract: {
      ingress: [{ ports: [443], cidr: '203.0.113.0/24' }],
      schedulerPort: 443,
      workerPorts: undefined,
      restrictedEgress: undefined,
      workersPublicIp: false,
      schedulerPublicIp: true,
    },
    contractSource: 'recorded on the security groups',
    notes: [],
  });
});

test('a stack of the user\'s own (no outputs) is found by the groups\' records; its subnets and VPC are unknown', () => {
  const template = {
    Resources: {
      Scheduler: group({ GroupName: 'sched' }, { role: 'scheduler', workspace: 'mine' }),
      Cluster: group(undefined, { role: 'cluster', workspace: 'mine', networkContract: { ...CONTRACT, workspace: 'mine', schedulerPublicIp: false } }),
    },
  };
  expect(read(template)).toEqual({
    cloud: 'aws',
    origin: 'CloudFormation template',
    workspace: 'mine',
    roles: {
      scheduler: {
        memberships: ['sg:Scheduler', 'sg:Cluster'],
        membershipLabel: 'security groups Scheduler (sched), Cluster',
        addresses: ['240.0.0.0/24'],
        addressLabel: 'subnets not in this template (none listed)',
        subnets: [],
        publicAddress: 'no',
        internet: { kind: 'unknown', via: 'the stack names no subnets (it has no Coiled outputs)' },
        objectStore: { kind: 'unknown', via: 'the stack names no subnets (it has no Coiled outputs)' },
      },
      workers: {
        memberships: ['sg:Cluster'],
        membershipLabel: 'security groups Cluster',
        addresses: ['240.0.1.0/24'],
        addressLabel: 'subnets not in this template (none listed)',
        subnets: [],
        publicAddress: 'no',
        internet: { kind: 'unknown', via: 'the stack names no subnets (it has no Coiled outputs)' },
        objectStore: { kind: 'unknown', via: 'the stack names no subnets (it has no Coiled outputs)' },
      },
    },
    rules: [
      { ...allow, id: 'Scheduler default egress (all IPv4)', direction: 'egress', appliesTo: ['sg:Scheduler'], peerParts: [{ label: '0.0.0.0/0', addresses: ['0.0.0.0/0'] }], services: 'all traffic' },
      { ...allow, id: 'Cluster default egress (all IPv4)', direction: 'egress', appliesTo: ['sg:Cluster'], peerParts: [{ label: '0.0.0.0/0', addresses: ['0.0.0.0/0'] }], services: 'all traffic' },
    ],
    acls: {},
    vpc: { label: 'the VPC block, not in this template', addresses: ['240.0.2.0/24'] },
    objectStore: { label: 'Amazon S3', addresses: internetIpv4().toCidrs() },
    internalEgressAlsoReaches: [],
    contract: {
      ingress: [{ ports: [443], cidr: '203.0.113.0/24' }],
      schedulerPort: 443,
      workerPorts: undefined,
      restrictedEgress: undefined,
      workersPublicIp: false,
      schedulerPublicIp: false,
    },
    contractSource: 'recorded on the security groups',
    notes: [],
  });
});

describe('isCloudFormationTemplate', () => {
  test.each([
    ['an object with a Resources object', { Resources: {} }, true],
    ['an object with Resources and more', { AWSTemplateFormatVersion: '2010-09-09', Resources: { A: { Type: 'X' } } }, true],
    ['null', null, false],
    ['undefined', undefined, false],
    ['a string', 'Resources', false],
    ['a number', 1, false],
    ['an object without Resources', { resource: {} }, false],
    ['Resources null', { Resources: null }, false],
    ['Resources a list', { Resources: [] }, false],
    ['Resources a string', { Resources: 'x' }, false],
    ['Resources true', { Resources: true }, false],
    ['a list', [], false],
  ])('%s: %s', (_name, json, expected) => {
    expect(isCloudFormationTemplate(json)).toBe(expected);
  });

  test('a function carrying a Resources object is not a template', () => {
    expect(isCloudFormationTemplate(Object.assign(() => undefined, { Resources: {} }))).toBe(false);
  });
});

describe('refusals, word for word', () => {
  test.each([
    ['null', null, undefined, 'not a CloudFormation template: it has no Resources section'],
    ['a Terraform stack', { resource: {} }, undefined, 'not a CloudFormation template: it has no Resources section'],
    ['another workspace asked for', workspace(), { workspace: 'other' }, 'the template holds workspace "ws", not "other"'],
    [
      'a workspace asked for, the outputs naming none',
      { Resources: { Scheduler: group(), Cluster: group() }, Outputs: outputs({ CoiledSchedulerSecurityGroupId: ref('Scheduler'), CoiledClusterSecurityGroupId: ref('Cluster') }) },
      { workspace: 'ws' },
      'the template holds workspace "undefined", not "ws"',
    ],
    [
      'existing groups given by id',
      { Resources: {}, Outputs: outputs({ CoiledSchedulerSecurityGroupId: 'sg-0aaa', CoiledClusterSecurityGroupId: 'sg-0bbb', CoiledWorkspaceName: 'ws' }) },
      undefined,
      'workspace "ws" uses security groups that are not in this template (sg-0aaa, sg-0bbb): their rules are managed elsewhere, so this file cannot show what reaches the cluster',
    ],
    [
      'the cluster group a parameter',
      { Resources: { Scheduler: group() }, Outputs: outputs({ CoiledSchedulerSecurityGroupId: ref('Scheduler'), CoiledClusterSecurityGroupId: ref('ClusterGroup') }) },
      undefined,
      'workspace "undefined" uses security groups that are not in this template (parameter ClusterGroup): their rules are managed elsewhere, so this file cannot show what reaches the cluster',
    ],
    [
      'no outputs, no marked group',
      { Resources: { Other: group({ GroupName: 'x' }), Data: group(undefined, { role: 'data', workspace: 'ws' }) } },
      undefined,
      'no Coiled workspace in this template: it has neither the CoiledSchedulerSecurityGroupId/CoiledClusterSecurityGroupId outputs nor security groups marked by coiled-byoc. Give the template of a stack that holds a coiled-byoc workspace (cdk.out/<Stack>.template.json)',
    ],
    [
      'only one of the two outputs, no marked group',
      { Resources: { Scheduler: group() }, Outputs: outputs({ CoiledSchedulerSecurityGroupId: ref('Scheduler') }) },
      undefined,
      'no Coiled workspace in this template: it has neither the CoiledSchedulerSecurityGroupId/CoiledClusterSecurityGroupId outputs nor security groups marked by coiled-byoc. Give the template of a stack that holds a coiled-byoc workspace (cdk.out/<Stack>.template.json)',
    ],
    [
      'two workspaces, none chosen',
      {
        Resources: {
          AS: group(undefined, { role: 'scheduler', workspace: 'a' }),
          AC: group(undefined, { role: 'cluster', workspace: 'a' }),
          BS: group(undefined, { role: 'scheduler', workspace: 'b' }),
          BC: group(undefined, { role: 'cluster', workspace: 'b' }),
        },
      },
      undefined,
      'the template holds 2 workspaces (a, b): choose one with --workspace <name>',
    ],
    [
      'a workspace chosen that is not there',
      { Resources: { AS: group(undefined, { role: 'scheduler', workspace: 'a' }), BC: group(undefined, { role: 'cluster', workspace: 'b' }) } },
      { workspace: 'c' },
      'no workspace "c" with both its security groups in this template (found: a, b)',
    ],
    [
      'a workspace without its cluster group',
      { Resources: { AS: group(undefined, { role: 'scheduler', workspace: 'a' }), BC: group(undefined, { role: 'cluster', workspace: 'b' }) } },
      { workspace: 'a' },
      'no workspace "a" with both its security groups in this template (found: a, b)',
    ],
    [
      'a workspace without its scheduler group',
      { Resources: { AC: group(undefined, { role: 'cluster', workspace: 'a' }) } },
      undefined,
      'no workspace "a" with both its security groups in this template (found: a)',
    ],
  ])('%s', (_name, template, options, message) => {
    const error = inputError(() => readCloudFormation(template, options));
    expect(error.message).toBe(message);
    expect(error.name).toBe('AnalysisInputError');
  });
});

describe('finding the workspace', () => {
  test('the outputs may name the groups by Ref as well as by Fn::GetAtt, and the workspace asked for may be the one there', () => {
    const template = {
      Resources: { S: group(), C: group() },
      Outputs: outputs({ CoiledSchedulerSecurityGroupId: ref('S'), CoiledClusterSecurityGroupId: ref('C'), CoiledWorkspaceName: 'ws' }),
    };
    const input = read(template, { workspace: 'ws' });
    expect([input.workspace, input.roles.scheduler.memberships, input.roles.workers.memberships]).toEqual(['ws', ['sg:S', 'sg:C'], ['sg:C']]);
  });

  test('the outputs win over the records: groups marked for another workspace are not chosen', () => {
    const template = workspace({ OtherS: group(undefined, { role: 'scheduler', workspace: 'other' }), OtherC: group(undefined, { role: 'cluster', workspace: 'other' }) });
    const input = readCloudFormation(template);
    expect([input.workspace, input.roles.scheduler.memberships]).toEqual(['ws', ['sg:Scheduler', 'sg:Cluster']]);
  });

  test('one of the two outputs alone is not enough: the records are read instead', () => {
    const template = {
      Resources: { S: group(undefined, { role: 'scheduler', workspace: 'w' }), C: group(undefined, { role: 'cluster', workspace: 'w' }), X: group() },
      Outputs: outputs({ CoiledSchedulerSecurityGroupId: ref('X') }),
    };
    expect(readCloudFormation(template).roles.scheduler.memberships).toEqual(['sg:S', 'sg:C']);
  });

  test.each([
    ['no name output, no record', {}, undefined, 'unnamed'],
    ['no name output, the cluster group\'s record', { role: 'cluster', workspace: 'from-record' }, undefined, 'from-record'],
    ['a name output that is not text', { role: 'cluster', workspace: 'from-record' }, ref('NameParameter'), 'from-record'],
    ['a name output', { role: 'cluster', workspace: 'from-record' }, 'from-output', 'from-output'],
  ])('the workspace name with %s', (_name, record, name, expected) => {
    const template = {
      Resources: { S: group(), C: group(undefined, Object.keys(record).length > 0 ? record : undefined) },
      Outputs: outputs({ CoiledSchedulerSecurityGroupId: ref('S'), CoiledClusterSecurityGroupId: ref('C'), ...(name === undefined ? {} : { CoiledWorkspaceName: name }) }),
    };
    expect(readCloudFormation(template).workspace).toBe(expected);
  });

  test('an output without a value is absent', () => {
    const template = {
      Resources: { S: group(), C: group() },
      Outputs: { CoiledSchedulerSecurityGroupId: { Value: ref('S') }, CoiledClusterSecurityGroupId: { Value: ref('C') }, CoiledWorkspaceName: null, CoiledVpcId: {} },
    };
    const input = readCloudFormation(template);
    expect([input.workspace, input.vpc.label]).toEqual(['unnamed', 'the VPC block, not in this template']);
  });

  test('among several workspaces, the one asked for; groups of other roles and unmarked groups are not candidates', () => {
    const template = {
      Resources: {
        AS: group(undefined, { role: 'scheduler', workspace: 'a' }),
        AC: group(undefined, { role: 'cluster', workspace: 'a' }),
        BS: group(undefined, { role: 'scheduler', workspace: 'b' }),
        BC: group(undefined, { role: 'cluster', workspace: 'b' }),
        BD: group(undefined, { role: 'data', workspace: 'b' }),
        Plain: group(),
      },
    };
    const input = readCloudFormation(template, { workspace: 'b' });
    expect([input.workspace, input.roles.scheduler.memberships, input.roles.workers.memberships]).toEqual(['b', ['sg:BS', 'sg:BC'], ['sg:BC']]);
  });
});

test('groups marked without a workspace name are the workspace "unnamed"', () => {
  const template = { Resources: { S: group(undefined, { role: 'scheduler' }), C: group(undefined, { role: 'cluster' }) } };
  const input = readCloudFormation(template);
  expect([input.workspace, input.roles.scheduler.memberships]).toEqual(['unnamed', ['sg:S', 'sg:C']]);
});

describe('the contract record', () => {
  test.each([
    ['none on either group', undefined, undefined, undefined, 'no coiled-byoc record on its security groups'],
    ['a record without a contract', undefined, { role: 'cluster' }, undefined, 'no contract record'],
    ['a record of another version', undefined, { role: 'cluster', networkContract: { ...CONTRACT, version: 2 } }, undefined, 'contract record version 2 is not 1'],
    ['only on the scheduler group', { role: 'scheduler', networkContract: { ...CONTRACT, schedulerPort: 8786 } }, undefined, 8786, 'recorded on the security groups'],
    [
      'on both groups: the cluster group\'s',
      { role: 'scheduler', networkContract: { ...CONTRACT, schedulerPort: 8786 } },
      { role: 'cluster', networkContract: { ...CONTRACT, schedulerPort: 8443 } },
      8443,
      'recorded on the security groups',
    ],
  ])('%s', (_name, schedulerRecord, clusterRecord, schedulerPort, source) => {
    const template = {
      Resources: { S: group(undefined, schedulerRecord as Json | undefined), C: group(undefined, clusterRecord as Json | undefined) },
      Outputs: outputs({ CoiledSchedulerSecurityGroupId: ref('S'), CoiledClusterSecurityGroupId: ref('C') }),
    };
    const input = readCloudFormation(template);
    expect([input.contract?.schedulerPort, input.contractSource]).toEqual([schedulerPort, source]);
  });

  test.each([
    ['absent outputs', undefined, undefined, ['yes', 'yes']],
    ['"true" and "false"', 'true', 'false', ['yes', 'no']],
    ['false and true', false, true, ['no', 'yes']],
    ['text other than "true"', 'yes', 'TRUE', ['no', 'no']],
  ])('without a contract, the public-IP outputs say whether the VMs get public addresses: %s', (_name, scheduler, workers, expected) => {
    const template = workspace({}, {
      ...(scheduler === undefined ? {} : { CoiledUseSchedulerPublicIp: scheduler }),
      ...(workers === undefined ? {} : { CoiledGiveWorkersPublicIp: workers }),
    });
    const input = readCloudFormation(template);
    expect([input.roles.scheduler.publicAddress, input.roles.workers.publicAddress]).toEqual(expected);
  });

  test('with a contract, its public-IP choices win over the outputs', () => {
    const template = workspace({ Cluster: group(undefined, { role: 'cluster', networkContract: { ...CONTRACT, schedulerPublicIp: false, workersPublicIp: true } }) }, {
      CoiledUseSchedulerPublicIp: 'true',
      CoiledGiveWorkersPublicIp: 'false',
    });
    const input = readCloudFormation(template);
    expect([input.roles.scheduler.publicAddress, input.roles.workers.publicAddress]).toEqual(['no', 'yes']);
  });
});

describe('notes', () => {
  test.each([
    ['a transit-gateway attachment', 'AWS::EC2::TransitGatewayAttachment', ['the file has transit-gateway attachments or VPC peering: hosts behind them are counted as addresses of the rules, their own routing is not analyzed']],
    ['a VPC peering connection', 'AWS::EC2::VPCPeeringConnection', ['the file has transit-gateway attachments or VPC peering: hosts behind them are counted as addresses of the rules, their own routing is not analyzed']],
    ['a VPN gateway', 'AWS::EC2::VPNGateway', []],
  ])('%s', (_name, type, notes) => {
    expect(readCloudFormation(workspace({ Extra: resource(type) })).notes).toEqual(notes);
  });
});
