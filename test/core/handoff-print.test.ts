/**
 * What the hand-off prints, line by line, for the choices that change it: separate scheduler
 * subnets, NAT addresses, a private scheduler, a Terraform-created key or a command to create one,
 * an Artifact Registry repository, an ingress list too long for an output. These are the lines a
 * platform engineer copies into Coiled's forms and into coiled.yaml.
 */
import { AwsHandoff, GcpHandoff, parseOutputsFile, renderCoiledYaml, renderHandoff, renderNetworkDict, shellQuote } from '../../src/core/handoff';

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
const KEY_COMMAND = 'gcloud iam service-accounts keys create coiled-key.json --iam-account=coiled-my-team@my-project-123456.iam.gserviceaccount.com';

const aws = (extra: Record<string, unknown> = {}) => parseOutputsFile({ S: { ...AWS_OUTPUTS, ...extra } })[0] as AwsHandoff;
const gcp = (extra: Record<string, unknown> = {}) => parseOutputsFile({ S: { ...GCP_OUTPUTS, ...extra } })[0] as GcpHandoff;
const lines = (text: string) => text.split('\n');

describe('AWS', () => {
  test('sections 1 and 2: every value for the setup form and the Infrastructure tab, labels aligned', () => {
    const printed = lines(renderHandoff(aws()));
    expect(printed.slice(0, 13)).toEqual([
      'Coiled workspace "my-team" on AWS (us-east-1)',
      '',
      '1. Coiled > Settings > Cloud provider > AWS, "Role assumption":',
      '  Role ARN                           arn:aws:iam::123456789012:role/coiled-my-team-control-plane',
      '  External ID                        7f3c9a1e5b2d8046c1e9f0a3b7d5c248',
      '',
      '2. Coiled > Infrastructure: adopt these resources:',
      '  Instance profile                   coiled-my-team (arn:aws:iam::123456789012:instance-profile/coiled-my-team)',
      '  VPC                                vpc-0123456789abcdef0',
      '  Subnets                            subnet-0aaaaaaaaaaaaaaaa, subnet-0bbbbbbbbbbbbbbbb',
      '  Scheduler security group           sg-0123456789abcdef0',
      '  Cluster security group             sg-0fedcba9876543210',
      '  Log group                          my-team',
    ]);
  });

  test('sections 3 to 5: a blank line before each heading, each block indented under it', () => {
    expect(lines(renderHandoff(aws())).slice(13)).toEqual([
      '',
      '3. Public IPs: give_workers_public_ip=True, use_scheduler_public_ip=True',
      '   The scheduler carries both security groups (scheduler and cluster); workers carry the cluster group.',
      '',
      '4. ~/.config/dask/coiled.yaml:',
      '',
      "    # nothing to set: Coiled's defaults match this workspace",
      '',
      '5. Bring-your-own-network dict (coiled.set_backend_options(network=network, ...)):',
      '',
      '    network = {',
      '        "network_id": "vpc-0123456789abcdef0",',
      '        "scheduler_subnet_id": "subnet-0aaaaaaaaaaaaaaaa",',
      '        "worker_subnet_id": "subnet-0aaaaaaaaaaaaaaaa",',
      '        "scheduler_firewall_id": "sg-0123456789abcdef0",',
      '        "firewall_id": "sg-0fedcba9876543210",',
      '        "give_workers_public_ip": True,',
      '    }',
    ]);
  });

  test('several scheduler subnets are listed, comma-separated', () => {
    expect(lines(renderHandoff(aws({ CoiledSchedulerSubnetIds: 'subnet-0aaaaaaaaaaaaaaaa,subnet-0cccccccccccccccc' })))).toContain('  Scheduler subnets                  subnet-0aaaaaaaaaaaaaaaa, subnet-0cccccccccccccccc');
  });

  test('scheduler subnets are printed only when they differ from the subnets', () => {
    expect(renderHandoff(aws({ CoiledSchedulerSubnetIds: AWS_OUTPUTS.CoiledSubnetIds }))).not.toContain('Scheduler subnets');
    expect(lines(renderHandoff(aws({ CoiledSchedulerSubnetIds: 'subnet-0aaaaaaaaaaaaaaaa' })))).toContain('  Scheduler subnets                  subnet-0aaaaaaaaaaaaaaaa');
  });

  test('NAT addresses are printed for allow-listing, and only when there are some', () => {
    expect(renderHandoff(aws({ CoiledNatPublicIps: '' }))).not.toContain('Egress IPs');
    expect(lines(renderHandoff(aws({ CoiledNatPublicIps: '203.0.113.7,203.0.113.8' })))).toContain('  Egress IPs (allow-list these)      203.0.113.7, 203.0.113.8');
  });

  test('section 3: the flags, and which groups the VMs carry', () => {
    const printed = lines(renderHandoff(aws({ CoiledGiveWorkersPublicIp: 'false' })));
    const at = printed.indexOf('3. Public IPs: give_workers_public_ip=False, use_scheduler_public_ip=True');
    expect(at).toBeGreaterThan(0);
    expect(printed[at + 1]).toBe('   The scheduler carries both security groups (scheduler and cluster); workers carry the cluster group.');
  });

  test('a private scheduler is explained: the client must reach its private address', () => {
    const printed = lines(renderHandoff(aws({ CoiledUseSchedulerPublicIp: 'false' })));
    const at = printed.indexOf('3. Public IPs: give_workers_public_ip=True, use_scheduler_public_ip=False');
    expect(printed[at + 1]).toBe('   The scheduler has no public IP: your Dask client must reach its private address (VPN, peering).');
    expect(renderHandoff(aws())).not.toContain('has no public IP');
  });

  test('the network dict: the VPC, the first scheduler and worker subnets, both groups', () => {
    expect(renderNetworkDict(aws({ CoiledWorkerSubnetIds: 'subnet-0bbbbbbbbbbbbbbbb', CoiledGiveWorkersPublicIp: 'false' }))).toBe(
      [
        'network = {',
        '    "network_id": "vpc-0123456789abcdef0",',
        '    "scheduler_subnet_id": "subnet-0aaaaaaaaaaaaaaaa",',
        '    "worker_subnet_id": "subnet-0bbbbbbbbbbbbbbbb",',
        '    "scheduler_firewall_id": "sg-0123456789abcdef0",',
        '    "firewall_id": "sg-0fedcba9876543210",',
        '    "give_workers_public_ip": False,',
        '}',
      ].join('\n'),
    );
  });

  test('sections 4 and 5 follow, each block indented under its heading', () => {
    const printed = renderHandoff(aws());
    expect(printed).toContain(['', '4. ~/.config/dask/coiled.yaml:', '', "    # nothing to set: Coiled's defaults match this workspace", ''].join('\n'));
    expect(printed).toContain(['5. Bring-your-own-network dict (coiled.set_backend_options(network=network, ...)):', '', '    network = {', '        "network_id": "vpc-0123456789abcdef0",'].join('\n'));
    expect(printed.endsWith('        "give_workers_public_ip": True,\n    }')).toBe(true);
  });
});

describe('GCP', () => {
  test('sections 1 and 2 with a key Terraform created', () => {
    const printed = lines(renderHandoff(gcp({ coiled_artifact_registry_repository: 'us-east1-docker.pkg.dev/my-project-123456/coiled' })));
    expect(printed.slice(0, 13)).toEqual([
      'Coiled workspace "my-team" on GCP (project my-project-123456, us-east1)',
      '',
      '1. Coiled > Settings > Cloud provider > GCP:',
      '  Service account (Coiled acts as)   coiled-my-team@my-project-123456.iam.gserviceaccount.com',
      '  Instance service account (VMs)     coiled-my-team-data@my-project-123456.iam.gserviceaccount.com',
      '  Service account key                created by Terraform: read it with `terraform output -raw coiled_service_account_key | base64 -d`',
      '',
      '2. Coiled > Infrastructure (bring your own network):',
      '  Network                            https://www.googleapis.com/compute/v1/projects/my-project-123456/global/networks/coiled-my-team',
      '  Subnet                             https://www.googleapis.com/compute/v1/projects/my-project-123456/regions/us-east1/subnetworks/coiled-my-team-subnet',
      '  Scheduler network tag              coiled-my-team-scheduler',
      '  Cluster network tag                coiled-my-team-cluster',
      '  Artifact Registry repository       us-east1-docker.pkg.dev/my-project-123456/coiled',
    ]);
  });

  test('without an Artifact Registry repository, no line for one', () => {
    expect(renderHandoff(gcp())).not.toContain('Artifact Registry');
  });

  test('a key left out of Terraform state: the command to create it, rebuilt from checked values and quoted', () => {
    const printed = lines(renderHandoff(gcp({ coiled_service_account_key_command: KEY_COMMAND })));
    const at = printed.indexOf('  Service account key                not stored in Terraform state; create it yourself and upload it to Coiled:');
    expect(at).toBeGreaterThan(0);
    expect(printed[at + 1]).toBe(
      "      gcloud iam service-accounts keys create coiled-key.json --iam-account='coiled-my-team@my-project-123456.iam.gserviceaccount.com' --project='my-project-123456'",
    );
    expect(printed.join('\n')).not.toContain('created by Terraform');
  });

  test('section 3 names network tags, not security groups', () => {
    const printed = lines(renderHandoff(gcp({ coiled_give_workers_public_ip: false, coiled_use_scheduler_public_ip: false })));
    const at = printed.indexOf('3. Public IPs: give_workers_public_ip=False, use_scheduler_public_ip=False');
    expect(printed.slice(at + 1, at + 3)).toEqual([
      '   The scheduler has no public IP: your Dask client must reach its private address (VPN, peering).',
      '   The scheduler carries both network tags (scheduler and cluster); workers carry the cluster tag.',
    ]);
  });

  test('the network dict: one subnet for scheduler and workers, the tags as firewall ids', () => {
    expect(lines(renderNetworkDict(gcp()))).toEqual([
      'network = {',
      `    "network_id": "${GCP_OUTPUTS.coiled_network_self_link}",`,
      `    "scheduler_subnet_id": "${GCP_OUTPUTS.coiled_subnet_self_link}",`,
      `    "worker_subnet_id": "${GCP_OUTPUTS.coiled_subnet_self_link}",`,
      '    "scheduler_firewall_id": "coiled-my-team-scheduler",',
      '    "firewall_id": "coiled-my-team-cluster",',
      '    "give_workers_public_ip": True,',
      '}',
    ]);
  });
});

describe('coiled.yaml and an ingress list too long for an output', () => {
  test('the rules, each port list comma-separated and each block quoted', () => {
    expect(renderCoiledYaml(gcp({ coiled_ingress: [{ ports: [443, 8786, 8787], cidr: '10.0.0.0/8' }, { ports: [22], cidr: '2001:db8::/32' }] }))).toBe(
      ['coiled:', '  backend-options:', '    ingress:', '      - ports: [443, 8786, 8787]', '        cidr: "10.0.0.0/8"', '      - ports: [22]', '        cidr: "2001:db8::/32"'].join('\n'),
    );
  });

  test('a private scheduler alone is one setting', () => {
    expect(renderCoiledYaml(aws({ CoiledUseSchedulerPublicIp: 'false' }))).toBe('coiled:\n  use_scheduler_public_ip: false');
  });

  test('an empty ingress list sets nothing', () => {
    expect(renderCoiledYaml(aws({ CoiledIngress: '[]' }))).toBe("# nothing to set: Coiled's defaults match this workspace");
  });

  test.each([
    ['with its rule count', 'too long for an output (40 rules)', '   The scheduler ingress list (40 rules) was too long for a CloudFormation output (4000 characters),'],
    ['without a count', 'too long for an output', '   The scheduler ingress list was too long for a CloudFormation output (4000 characters),'],
  ])('the note, %s, says where the list is and leaves a place for it in coiled.yaml', (_, note, first) => {
    const h = aws({ CoiledIngress: note });
    const printed = lines(renderHandoff(h));
    const at = printed.indexOf(first);
    expect(at).toBeGreaterThan(printed.indexOf('4. ~/.config/dask/coiled.yaml:'));
    expect(printed.slice(at + 1, at + 4)).toEqual([
      "   so it is not in this file: copy your app's ingress list into backend-options.ingress below.",
      '',
      '    coiled:',
    ]);
    expect(renderCoiledYaml(h)).toBe('coiled:\n  # backend-options.ingress: the list was too long for a stack output; copy it from your app (see above)');
  });

  test('no note when the list was in the output', () => {
    expect(renderHandoff(aws({ CoiledIngress: '[{"ports":[443],"cidr":"10.0.0.0/8"}]' }))).not.toContain('too long');
  });
});

// Mutation testing (issue 16): a printed command must survive any value the shell sees.
test.each([
  ['plain text', 'my-project-123456', "'my-project-123456'"],
  ['a single quote: closed, escaped, reopened', "it's", "'it'\\''s'"],
  ['shell syntax stays text', '$(rm -rf ~); `x`', "'$(rm -rf ~); `x`'"],
])('shellQuote: %s', (_, value, quoted) => {
  expect(shellQuote(value)).toBe(quoted);
});
