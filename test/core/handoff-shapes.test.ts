/**
 * The shape every hand-off output is checked against before it is printed: for each output, the
 * values a stack can write are accepted, and the values just outside the shape (one character too
 * many or too few, a wrong letter, text before or after) are refused, naming the output and what it
 * should have been. A looser pattern would print a forged or cut value as something to paste into
 * Coiled; a stricter one would refuse a real stack's outputs.
 */
import { HandoffInputError, parseOutputsFile } from '../../src/core/handoff';

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

const readAws = (key: string, value: unknown) => parseOutputsFile({ CoiledStack: { ...AWS_OUTPUTS, [key]: value } })[0] as unknown as Record<string, unknown>;
const readGcp = (key: string, value: unknown) => parseOutputsFile({ coiled: { ...GCP_OUTPUTS, [key]: value } })[0] as unknown as Record<string, unknown>;

const ROLE = 'arn:aws:iam::123456789012:role/';
const PROFILE = 'arn:aws:iam::123456789012:instance-profile/';
const URL = 'https://www.googleapis.com/compute/v1/';
const SUBNET_PATH = 'projects/my-project-123456/regions/us-east1/subnetworks/';
const NETWORK_PATH = 'projects/my-project-123456/global/networks/';
const EMAIL_DOMAIN = '@my-project-123456.iam.gserviceaccount.com';
const hex = (n: number) => '0123456789abcdef'.repeat(3).slice(0, n);

interface Row {
  readonly key: string;
  /** What the refusal says the value should be, word for word. */
  readonly what: string;
  readonly accepted: unknown[];
  readonly refused: unknown[];
}

const AWS_ROWS: Row[] = [
  {
    key: 'CoiledWorkspaceName',
    what: 'a Coiled workspace slug',
    accepted: ['a', '7', 'my-team', 'my_team', `a${'b'.repeat(55)}c`],
    refused: ['', `a${'b'.repeat(56)}c`, '-team', 'team-', '_team', 'My-team', 'my team', 'my.team', ' my-team'],
  },
  {
    key: 'CoiledRegion',
    what: 'an AWS region (e.g. us-east-1)',
    accepted: ['us-east-1', 'ap-southeast-10', 'us-gov-west-1', 'us-iso-east-1', 'us-isob-east-1', 'cn-north-1'],
    refused: ['us-east-123', 'us-east-', 'us-east', 'u-east-1', 'use-east-1', 'US-east-1', 'us-foo-east-1', 'us-east-1 ', 'xus-east-1', 'us--1'],
  },
  {
    key: 'CoiledControlPlaneRoleArn',
    what: 'an IAM role ARN (arn:aws:iam::<12 digits>:role/<name>)',
    accepted: [`${ROLE}r`, `${ROLE}path/to/coiled+=,.@_-x`, 'arn:aws-cn:iam::123456789012:role/r', 'arn:aws-us-gov:iam::123456789012:role/r', 'arn:aws-iso:iam::123456789012:role/r', 'arn:aws-iso-b:iam::123456789012:role/r', `${ROLE}${'r'.repeat(512)}`],
    refused: [`${ROLE}`, `${ROLE}${'r'.repeat(513)}`, 'arn:aws:iam::12345678901:role/r', 'arn:aws:iam::1234567890123:role/r', 'arn:aws-eu:iam::123456789012:role/r', 'arn:aws-iso-bc:iam::123456789012:role/r', 'arn:aws:iam::123456789012:user/r', `${ROLE}r x`, ` ${ROLE}r`, `${ROLE}r\n`, 'arn:aws:sts::123456789012:role/r'],
  },
  {
    key: 'CoiledInstanceRoleArn',
    what: 'an IAM role ARN (arn:aws:iam::<12 digits>:role/<name>)',
    accepted: [`${ROLE}coiled-my-team`],
    refused: [`${PROFILE}coiled-my-team`, ''],
  },
  {
    key: 'CoiledExternalId',
    what: 'an external ID (2-1224 letters, digits and +=,.@:/-_)',
    accepted: ['7f3c9a1e5b2d8046c1e9f0a3b7d5c248', 'ab', 'a'.repeat(1224), 'k+=,.@:/-_z'],
    refused: ['a', 'a'.repeat(1225), '7f3c9a1e 5b2d8046', '7f3c9a1e5b2d8046;'],
  },
  {
    key: 'CoiledInstanceProfileArn',
    what: 'an instance profile ARN',
    accepted: [`${PROFILE}p`, `${PROFILE}path/p`, 'arn:aws-us-gov:iam::123456789012:instance-profile/p', `${PROFILE}${'p'.repeat(512)}`],
    refused: [PROFILE, `${PROFILE}${'p'.repeat(513)}`, `${ROLE}p`, 'arn:aws:iam::12345678901:instance-profile/p', `x${PROFILE}p`, `${PROFILE}p x`],
  },
  {
    key: 'CoiledInstanceProfileName',
    what: 'an instance profile name',
    accepted: ['p', 'coiled+=,.@_-x', 'p'.repeat(128)],
    refused: ['', 'p'.repeat(129), 'a/b', 'a b', 'a:b'],
  },
  {
    key: 'CoiledVpcId',
    what: 'a VPC id (vpc- followed by 8 or 17 hex digits)',
    accepted: [`vpc-${hex(8)}`, `vpc-${hex(17)}`],
    refused: [`vpc-${hex(7)}`, `vpc-${hex(9)}`, `vpc-${hex(16)}`, `vpc-${hex(18)}`, 'vpc-0123456g', 'vpc-0123456A', `VPC-${hex(8)}`, `xvpc-${hex(8)}`, `vpc-${hex(8)} `, `subnet-${hex(8)}`, [`vpc-${hex(8)}`]],
  },
  {
    key: 'CoiledSchedulerSecurityGroupId',
    what: 'a security group id (sg- followed by 8 or 17 hex digits)',
    accepted: [`sg-${hex(8)}`, `sg-${hex(17)}`],
    refused: [`sg-${hex(7)}`, `sg-${hex(9)}`, `sg-${hex(16)}`, `sg-${hex(18)}`, 'sg-0123456g', `xsg-${hex(8)}`, `sg-${hex(8)}x`, 'default'],
  },
  {
    key: 'CoiledClusterSecurityGroupId',
    what: 'a security group id (sg- followed by 8 or 17 hex digits)',
    accepted: [`sg-${hex(17)}`],
    refused: [`sg-${hex(10)}`],
  },
  {
    key: 'CoiledLogGroupName',
    what: 'a log group name',
    accepted: ['l', '/aws/coiled/my_team-1.x#2', 'l'.repeat(512)],
    refused: ['', 'l'.repeat(513), 'a b', 'a:b', 'a*'],
  },
  {
    key: 'CoiledSubnetIds',
    what: 'a comma-separated list of subnet ids (subnet- followed by 8 or 17 hex digits) (at least one)',
    accepted: [`subnet-${hex(8)}`, `subnet-${hex(17)}`, `subnet-${hex(8)},subnet-${hex(17)}`, [`subnet-${hex(8)}`]],
    refused: ['', [], `subnet-${hex(9)}`, `subnet-${hex(16)}`, `subnet-${hex(8)},`, `subnet-${hex(8)}, subnet-${hex(17)}`, `xsubnet-${hex(8)}`, `subnet-${hex(8)}x`, [`subnet-${hex(8)}`, 7], [[`subnet-${hex(8)}`]], 7],
  },
  {
    key: 'CoiledNatPublicIps',
    what: 'a comma-separated list of IPv4 addresses',
    accepted: ['', [], '0.0.0.0', '255.255.255.255', '9.99.199.249', '1.2.3.199', '1.2.3.100', '203.0.113.7,198.51.100.250'],
    refused: ['256.0.0.1', '1.256.0.1', '1.2.3.260', '249.2.3.300', '1.2.3', '1.2.3.4.5', '01.2.3.4', '1.2.3.04', '1.2.3.4 ', 'a.b.c.d', '1.2.3.4,', 7],
  },
];

const GCP_ROWS: Row[] = [
  {
    key: 'coiled_workspace_name',
    what: 'a Coiled workspace slug',
    accepted: ['my-team', 'a'],
    refused: ['My-team', 'team-'],
  },
  {
    key: 'coiled_project_id',
    what: 'a GCP project id',
    accepted: ['abcdef', 'my-project-123456', `a${'b'.repeat(28)}c`, 'example.com:my-project', 'a:my-project'],
    refused: ['abcde', `a${'b'.repeat(29)}c`, '1project', 'project-', 'My-project', 'my_project', 'example.com:', ':my-project', 'exa_mple.com:my-project', 'my-project '],
  },
  {
    key: 'coiled_region',
    what: 'a GCP region (e.g. us-east1)',
    accepted: ['us-east1', 'europe-west10', 'northamerica-northeast1'],
    refused: ['us-east', 'us-east-1', 'US-east1', 'useast1', 'us-east1 ', 'x us-east1', '-east1'],
  },
  {
    key: 'coiled_network_self_link',
    what: 'a network selfLink (https://www.googleapis.com/compute/v1/projects/<project>/global/networks/<name>)',
    accepted: [`${URL}${NETWORK_PATH}n`, `https://compute.googleapis.com/compute/beta/${NETWORK_PATH}coiled`, NETWORK_PATH + 'coiled', `${URL}projects/example.com:my-project/global/networks/n`, `${URL}projects/a:my-project/global/networks/n`, `${URL}${NETWORK_PATH}a${'b'.repeat(61)}c`],
    refused: [`http://www.googleapis.com/compute/v1/${NETWORK_PATH}n`, `https://www.googleapis.com/compute/v2/${NETWORK_PATH}n`, `https://evil.googleapis.com/compute/v1/${NETWORK_PATH}n`, `https://www.googleapis.com/${NETWORK_PATH}n`, `${URL}${NETWORK_PATH}a${'b'.repeat(62)}c`, `${URL}${NETWORK_PATH}n-`, `${URL}${NETWORK_PATH}N`, `${URL}${NETWORK_PATH}`, `${URL}projects/abc/global/networks/n`, `${URL}${SUBNET_PATH}n`, `x${URL}${NETWORK_PATH}n`, `${URL}${NETWORK_PATH}n/x`],
  },
  {
    key: 'coiled_subnet_self_link',
    what: 'a subnet selfLink (https://www.googleapis.com/compute/v1/projects/<project>/regions/<region>/subnetworks/<name>)',
    accepted: [`${URL}${SUBNET_PATH}s`, `https://compute.googleapis.com/compute/beta/${SUBNET_PATH}coiled`, `${SUBNET_PATH}coiled`, `${URL}projects/my-project-123456/regions/europe-west10/subnetworks/s`, `${URL}projects/example.com:my-project/regions/us-east1/subnetworks/s`, `${URL}projects/a:my-project/regions/us-east1/subnetworks/s`],
    refused: [`${URL}projects/my-project-123456/regions/us-east/subnetworks/s`, `${URL}projects/my-project-123456/regions/us-east-1/subnetworks/s`, `${URL}${SUBNET_PATH}s-`, `${URL}${SUBNET_PATH}a${'b'.repeat(62)}c`, `${URL}${NETWORK_PATH}s`, `${URL}${SUBNET_PATH}s/x`, `ftp://www.googleapis.com/compute/v1/${SUBNET_PATH}s`],
  },
  {
    key: 'coiled_scheduler_network_tag',
    what: 'a network tag (RFC 1035)',
    accepted: ['t', 'coiled-my-team-scheduler', `a${'b'.repeat(61)}c`, 'a1'],
    refused: ['', `a${'b'.repeat(62)}c`, '-t', 't-', '1t', 'T', 'a_b', 'a b'],
  },
  {
    key: 'coiled_cluster_network_tag',
    what: 'a network tag (RFC 1035)',
    accepted: ['coiled-my-team-cluster'],
    refused: ['Cluster'],
  },
  {
    key: 'coiled_control_plane_service_account_email',
    what: 'a service-account email (<id>@<project>.iam.gserviceaccount.com)',
    accepted: [`abcdef${EMAIL_DOMAIN}`, `a${'b'.repeat(28)}c${EMAIL_DOMAIN}`, 'coiled@my-project.example.com.iam.gserviceaccount.com', 'coiled@abcdef.iam.gserviceaccount.com', 'coiled@my-project.x.io.iam.gserviceaccount.com'],
    refused: [`abcde${EMAIL_DOMAIN}`, `a${'b'.repeat(29)}c${EMAIL_DOMAIN}`, `Coiled${EMAIL_DOMAIN}`, `coiled-${EMAIL_DOMAIN}`, '1coiled@my-project-123456.iam.gserviceaccount.com', 'coiled@my-project-123456.iam.gserviceaccount.com.evil.io', 'coiled@my-project-123456.gserviceaccount.com', 'coiled@abcde.iam.gserviceaccount.com', 'coiled@my-project.-x.iam.gserviceaccount.com', 'coiled@gmail.com', `coiled${EMAIL_DOMAIN} `],
  },
  {
    key: 'coiled_data_service_account_email',
    what: 'a service-account email (<id>@<project>.iam.gserviceaccount.com)',
    accepted: [`coiled-data${EMAIL_DOMAIN}`],
    refused: ['coiled-data'],
  },
  {
    key: 'coiled_control_plane_role_id',
    what: 'a custom role id',
    accepted: ['abc', 'coiled_my_team.v2', 'R'.repeat(64), null],
    refused: ['ab', 'R'.repeat(65), 'coiled-my-team', 'projects/p/roles/r', ''],
  },
  {
    key: 'coiled_data_role_id',
    what: 'a custom role id',
    accepted: ['coiledData'],
    refused: ['a b c'],
  },
  {
    key: 'coiled_artifact_registry_repository',
    what: 'an Artifact Registry repository (<region>-docker.pkg.dev/<project>/coiled)',
    accepted: ['us-east1-docker.pkg.dev/my-project-123456/coiled', 'europe-west10-docker.pkg.dev/example.com/my-project/coiled', null],
    refused: ['docker.pkg.dev/my-project-123456/coiled', 'us-east1-docker.pkg.dev/my-project-123456/coiled2', 'us-east1-docker.pkg.dev/my-project-123456/coiled/x', 'us-east1-docker.pkg.dev/abcde/coiled', 'us-east-docker.pkg.dev/my-project-123456/coiled', 'us-east1-docker.pkg.devx/my-project-123456/coiled', 'x/us-east1-docker.pkg.dev/my-project-123456/coiled', 'us-east1-docker.pkg.dev/-example.com/my-project/coiled', ''],
  },
  {
    key: 'coiled_service_account_key_command',
    what: 'the gcloud command the stack writes',
    accepted: ['gcloud iam service-accounts keys create key.json --iam-account=x', null],
    refused: ['gcloud iam service-accounts keys create', 'rm -rf ~; gcloud iam service-accounts keys create key.json', ' gcloud iam service-accounts keys create key.json', ''],
  },
];

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe.each([
  ['AWS', AWS_ROWS, readAws, 'stack CoiledStack'],
  ['GCP', GCP_ROWS, readGcp, 'stack coiled'],
] as const)('%s outputs', (_, rows, read, where) => {
  describe.each(rows.map((r) => [r.key, r] as const))('%s', (key, row) => {
    test.each(row.accepted.map((v) => [v]))('%j is accepted', (value) => {
      expect(() => read(key, value)).not.toThrow();
    });
    test.each(row.refused.map((v) => [v]))('%j is refused, naming the output and its shape', (value) => {
      let error: unknown;
      try {
        read(key, value);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(HandoffInputError);
      expect((error as Error).message).toMatch(new RegExp(`^${escapeRegExp(`${where}: output ${key} = `)}.* is not ${escapeRegExp(row.what)}$`));
    });
  });
});

describe('an accepted value is handed over unchanged', () => {
  test.each([
    ['CoiledRegion', 'region', 'us-gov-west-1'],
    ['CoiledVpcId', 'vpcId', `vpc-${hex(8)}`],
    ['CoiledLogGroupName', 'logGroupName', '/aws/coiled/my-team'],
  ])('AWS %s', (key, field, value) => {
    expect(readAws(key, value)[field]).toBe(value);
  });

  test.each([
    ['coiled_project_id', 'projectId', 'example.com:my-project'],
    ['coiled_subnet_self_link', 'subnetSelfLink', `${SUBNET_PATH}coiled`],
    ['coiled_artifact_registry_repository', 'artifactRegistry', 'us-east1-docker.pkg.dev/my-project-123456/coiled'],
  ])('GCP %s', (key, field, value) => {
    expect(readGcp(key, value)[field]).toBe(value);
  });

  test('a list given as text is split at commas; given as JSON, kept', () => {
    expect(readAws('CoiledSubnetIds', `subnet-${hex(8)},subnet-${hex(17)}`).subnetIds).toEqual([`subnet-${hex(8)}`, `subnet-${hex(17)}`]);
    expect(readAws('CoiledSubnetIds', [`subnet-${hex(17)}`]).subnetIds).toEqual([`subnet-${hex(17)}`]);
  });
});
