/**
 * The hand-off read and printed from literal outputs files: each case pins one behaviour a user
 * relies on (which subnet Coiled is told, a false flag read as False, an unsafe external ID
 * flagged), independently of the examples the CLI tests synthesize.
 */
import { AwsHandoff, GcpHandoff, HandoffInputError, parseOutputsFile, renderCoiledYaml, renderHandoff, renderNetworkDict } from '../../src/core/handoff';

const AWS_OUTPUTS = {
  CoiledCloud: 'aws',
  CoiledWorkspaceName: 'my-team',
  CoiledRegion: 'us-east-1',
  CoiledControlPlaneRoleArn: 'arn:aws:iam::123456789012:role/coiled-my-team-control-plane',
  CoiledExternalId: '7f3c9a1e5b2d8046c1e9f0a3b7d5c248',
  CoiledInstanceProfileArn: 'arn:aws:iam::123456789012:instance-profile/coiled-my-team',
  CoiledInstanceProfileName: 'coiled-my-team',
  CoiledVpcId: 'vpc-0123456789abcdef0',
  CoiledSubnetIds: 'subnet-0aaaaaaaaaaaaaaaa,subnet-0bbbbbbbbbbbbbbbb',
  CoiledSchedulerSecurityGroupId: 'sg-0123456789abcdef0',
  CoiledClusterSecurityGroupId: 'sg-0fedcba9876543210',
  CoiledLogGroupName: 'my-team',
};
const GCP_OUTPUTS = {
  coiled_cloud: 'gcp',
  coiled_workspace_name: 'my-team',
  coiled_project_id: 'my-project-123456',
  coiled_region: 'us-east1',
  coiled_network_self_link: 'https://www.googleapis.com/compute/v1/projects/my-project-123456/global/networks/coiled-my-team',
  coiled_subnet_self_link: 'https://www.googleapis.com/compute/v1/projects/my-project-123456/regions/us-east1/subnetworks/coiled-my-team-subnet',
  coiled_scheduler_network_tag: 'coiled-my-team-scheduler',
  coiled_cluster_network_tag: 'coiled-my-team-cluster',
  coiled_control_plane_service_account_email: 'coiled-my-team@my-project-123456.iam.gserviceaccount.com',
  coiled_data_service_account_email: 'coiled-my-team-data@my-project-123456.iam.gserviceaccount.com',
};

const aws = (extra: Record<string, unknown> = {}) => parseOutputsFile({ CoiledStack: { ...AWS_OUTPUTS, ...extra } })[0] as AwsHandoff;
const gcp = (extra: Record<string, unknown> = {}) => parseOutputsFile({ coiled: { ...GCP_OUTPUTS, ...extra } })[0] as GcpHandoff;
const terraform = (extra: Record<string, unknown> = {}) =>
  parseOutputsFile(Object.fromEntries(Object.entries({ ...GCP_OUTPUTS, ...extra }).map(([k, value]) => [k, { value, type: typeof value, sensitive: false }])))[0] as GcpHandoff;
const dictLine = (dict: string, key: string) => dict.split('\n').find((l) => l.includes(`"${key}"`));

describe('subnets: Coiled is told the scheduler and worker subnets the stack chose', () => {
  test('without separate outputs, both are the first subnet', () => {
    const dict = renderNetworkDict(aws());
    expect(dictLine(dict, 'scheduler_subnet_id')).toBe('    "scheduler_subnet_id": "subnet-0aaaaaaaaaaaaaaaa",');
    expect(dictLine(dict, 'worker_subnet_id')).toBe('    "worker_subnet_id": "subnet-0aaaaaaaaaaaaaaaa",');
  });

  test('separate scheduler and worker outputs are the ones printed', () => {
    const h = aws({ CoiledSchedulerSubnetIds: 'subnet-0cccccccccccccccc', CoiledWorkerSubnetIds: 'subnet-0dddddddddddddddd,subnet-0eeeeeeeeeeeeeeee' });
    const dict = renderNetworkDict(h);
    expect(dictLine(dict, 'scheduler_subnet_id')).toContain('"subnet-0cccccccccccccccc"');
    expect(dictLine(dict, 'worker_subnet_id')).toContain('"subnet-0dddddddddddddddd"');
    const printed = renderHandoff(h);
    expect(printed).toMatch(/Scheduler subnets +subnet-0cccccccccccccccc/);
  });

  test.each(['CoiledSchedulerSubnetIds', 'CoiledWorkerSubnetIds', 'CoiledSubnetIds'])('an empty %s is refused, never handed over as ""', (key) => {
    expect(() => aws({ [key]: '' })).toThrow(new HandoffInputError(`stack CoiledStack: output ${key} = "" is not a comma-separated list of subnet ids (subnet- followed by 8 or 17 hex digits) (at least one)`));
  });

  test('a list of another shape names the plural of what it should hold', () => {
    expect(() => aws({ CoiledNatPublicIps: '203.0.113.7,nope' })).toThrow(/is not a comma-separated list of IPv4 addresses$/);
  });

  test('the NAT addresses may be an empty list', () => {
    expect(aws({ CoiledNatPublicIps: '' }).natPublicIps).toEqual([]);
    expect(aws({ CoiledNatPublicIps: '203.0.113.7,203.0.113.8' }).natPublicIps).toEqual(['203.0.113.7', '203.0.113.8']);
  });
});

describe('public-IP flags: missing means Coiled\'s default (true); false in any tool\'s form is False', () => {
  test.each([
    ['cdk (text)', () => aws({ CoiledGiveWorkersPublicIp: 'false', CoiledUseSchedulerPublicIp: 'false' })],
    ['cdktf (JSON boolean)', () => gcp({ coiled_give_workers_public_ip: false, coiled_use_scheduler_public_ip: false })],
    ['terraform output -json', () => terraform({ coiled_give_workers_public_ip: false, coiled_use_scheduler_public_ip: false })],
  ])('%s', (_, read) => {
    const h = read();
    expect([h.giveWorkersPublicIp, h.useSchedulerPublicIp]).toEqual([false, false]);
    expect(dictLine(renderNetworkDict(h), 'give_workers_public_ip')).toBe('    "give_workers_public_ip": False,');
    expect(renderHandoff(h)).toContain('give_workers_public_ip=False, use_scheduler_public_ip=False');
  });

  test.each([
    ['missing', {}],
    ['true', { coiled_give_workers_public_ip: true, coiled_use_scheduler_public_ip: 'true' }],
  ])('%s is True', (_, extra) => {
    const h = gcp(extra);
    expect([h.giveWorkersPublicIp, h.useSchedulerPublicIp]).toEqual([true, true]);
    expect(dictLine(renderNetworkDict(h), 'give_workers_public_ip')).toBe('    "give_workers_public_ip": True,');
  });

  test.each(['False', 'no', 0, 'yes'])('%j is neither and is refused', (value) => {
    expect(() => gcp({ coiled_give_workers_public_ip: value })).toThrow(/output coiled_give_workers_public_ip = .* is not true or false/);
  });
});

describe('the external ID', () => {
  test.each(['CHANGE-ME-external-id', 'your-external-id', 'example'])('%s is printed with a warning that it is unsafe', (externalId) => {
    const printed = renderHandoff(aws({ CoiledExternalId: externalId }));
    expect(printed).toContain(`External ID                        ${externalId}`);
    expect(printed).toMatch(/WARNING: the external ID is unsafe \(.+\): set the external ID Coiled gave you and deploy again\./);
  });

  test('a real one is printed without a warning', () => {
    expect(renderHandoff(aws())).not.toContain('WARNING');
  });
});

describe('coiled.yaml', () => {
  test('Coiled\'s defaults need no fragment', () => {
    expect(renderCoiledYaml(aws())).toBe("# nothing to set: Coiled's defaults match this workspace");
  });

  test('a false flag and the ingress rules are written out', () => {
    const yaml = renderCoiledYaml(aws({ CoiledUseSchedulerPublicIp: 'false', CoiledIngress: '[{"ports":[443],"cidr":"10.0.0.0/8"}]' }));
    expect(yaml).toContain('      - ports: [443]\n        cidr: "10.0.0.0/8"');
    expect(yaml).toMatch(/use_scheduler_public_ip|use-scheduler-public-ip/);
  });
});
