import { App, Fn } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { EXTERNAL_ID, libraryError } from './util';
import { CoiledNetwork, CoiledWorkspaceStack, NatType } from '../../src/aws';
import { AWS_OUTPUT_KEYS } from '../../src/core/handoff';

const outputs = (stack: CoiledWorkspaceStack) => Template.fromStack(stack).toJSON().Outputs as Record<string, { Value: unknown; Description: string }>;

describe('CoiledWorkspaceStack outputs', () => {
  test('one output per value Coiled needs, under stable keys', () => {
    const out = outputs(new CoiledWorkspaceStack(new App(), 'Coiled', { workspaceName: 'demo', externalId: EXTERNAL_ID }));
    expect(Object.keys(out).sort()).toEqual(
      Object.values(AWS_OUTPUT_KEYS)
        // Present only with NAT Elastic IPs, and with secrets.
        .filter((k) => k !== AWS_OUTPUT_KEYS.natPublicIps && k !== AWS_OUTPUT_KEYS.secrets)
        .sort(),
    );
    expect(out.CoiledExternalId.Value).toBe(EXTERNAL_ID);
    expect(out.CoiledControlPlaneRoleArn.Value).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^WorkspaceControlPlaneRole/), 'Arn'] });
    expect(out.CoiledInstanceProfileArn.Value).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^WorkspaceInstanceIdentityInstanceProfile/), 'Arn'] });
    expect(out.CoiledVpcId.Value).toEqual({ Ref: expect.stringMatching(/^WorkspaceNetworkVpc/) });
    expect(out.CoiledSubnetIds.Value).toEqual({ 'Fn::Join': [',', [{ Ref: expect.stringMatching(/PublicSubnet1Subnet/) }, { Ref: expect.stringMatching(/PublicSubnet2Subnet/) }]] });
    expect(out.CoiledSchedulerSecurityGroupId.Value).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/SecurityGroupsScheduler/), 'GroupId'] });
    expect(out.CoiledClusterSecurityGroupId.Value).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/SecurityGroupsCluster/), 'GroupId'] });
    expect(out.CoiledLogGroupName.Value).toBe('demo');
    expect(out.CoiledRegion.Value).toEqual({ Ref: 'AWS::Region' });
    expect(out.CoiledGiveWorkersPublicIp.Value).toBe('true');
    expect(out.CoiledIngress.Value).toBe('[{"ports":[443,8786,8787],"cidr":"0.0.0.0/0"}]');
  });

  test('private mode says no public IPs; NAT gateway IPs are outputs (static egress)', () => {
    const out = outputs(new CoiledWorkspaceStack(new App(), 'Coiled', { workspaceName: 'demo', externalId: EXTERNAL_ID, network: CoiledNetwork.privateSubnets() }));
    expect(out.CoiledGiveWorkersPublicIp.Value).toBe('false');
    expect(out.CoiledUseSchedulerPublicIp.Value).toBe('false');
    expect(out.CoiledNatPublicIps.Value).toEqual({ Ref: expect.stringMatching(/PublicSubnet1EIP/) });
  });

  test('a NAT instance without static egress has no NAT IP output', () => {
    const out = outputs(new CoiledWorkspaceStack(new App(), 'Coiled', { workspaceName: 'demo', externalId: EXTERNAL_ID, network: CoiledNetwork.privateSubnets({ natType: NatType.INSTANCE }) }));
    expect(out.CoiledNatPublicIps).toBeUndefined();
  });

  test('an ingress list too long for an output is replaced by a note', () => {
    const ingress = Array.from({ length: 200 }, (_, i) => ({ ports: [443], cidr: `10.${i}.0.0/16` }));
    const out = outputs(new CoiledWorkspaceStack(new App(), 'Coiled', { workspaceName: 'demo', externalId: EXTERNAL_ID, ingress, securityGroupRuleQuota: 300 }));
    expect(out.CoiledIngress.Value).toMatch(/too long for an output/);
  });

  test('a token external ID (e.g. imported from another stack) is output as the token', () => {
    const stack = new CoiledWorkspaceStack(new App(), 'Coiled', { workspaceName: 'demo', externalId: Fn.importValue('CoiledExternalIdExport') });
    expect(outputs(stack).CoiledExternalId.Value).toEqual({ 'Fn::ImportValue': 'CoiledExternalIdExport' });
  });

  test('bad props fail in the stack with the workspace path', () => {
    expect(libraryError(() => new CoiledWorkspaceStack(new App(), 'Coiled', { workspaceName: 'demo', externalId: '!' })).constructPath).toBe('Coiled/Workspace/ControlPlane');
  });
});
