/**
 * The analyzer on every example's synthesized output: the matrix read from the rendered rules is
 * the matrix the core model predicts (Coiled's contract plus the example's configured ingress),
 * on both clouds; and rules widened on purpose (a user's `connections.allowFrom`, a GCP rule with
 * a lower priority number open to the internet, a private subnet routed to the internet gateway)
 * are reported, and `analyze --strict` fails on them.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ComputeFirewall } from '@cdktf/provider-google/lib/compute-firewall';
import { Fn } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Example, listExamples, synthAwsExample, synthGcpExample } from '../../scripts/lib/examples';
import { Io, run } from '../../src/cli/main';
import { AnalysisInput, DeclaredContract, cellOf } from '../../src/core/flow-analysis';
import { NetworkAnalysis, analyzeNetwork, contractRecord, expectedMatrix, parseContractRecord, sameFlows, widerCells } from '../../src/core/flow-contract';
import { WorkspaceNetworkModel } from '../../src/core/network-paths';
import { readCloudFormation } from '../../src/core/read-cloudformation';
import { readTerraform } from '../../src/core/read-terraform';

const examples = Object.fromEntries(listExamples().map((e) => [`${e.cloud}/${e.name}`, e]));

interface Synthesized {
  readonly file: unknown;
  readonly model: WorkspaceNetworkModel;
  readonly input: AnalysisInput;
  readonly analysis: NetworkAnalysis;
}

function synth(example: Example, change?: (stack: any) => void): Synthesized {
  const { file, stack } =
    example.cloud === 'aws'
      ? (() => {
        const r = synthAwsExample(example, { beforeSynth: (_app, s) => change?.(s) });
        return { file: r.template, stack: r.stack };
      })()
      : (() => {
        const r = synthGcpExample(example, { beforeSynth: (s) => change?.(s) });
        return { file: r.json, stack: r.stack };
      })();
  const input = example.cloud === 'aws' ? readCloudFormation(file) : readTerraform(file);
  return { file, model: stack.workspace._networkModel, input, analysis: analyzeNetwork(input) };
}

/** The model of the construct itself, as the contract the analyzer compares with. */
function declared(model: WorkspaceNetworkModel): DeclaredContract {
  return parseContractRecord(contractRecord('', model)).contract!;
}

const results = new Map<string, Synthesized>();
const result = (key: string) => results.get(key) ?? results.set(key, synth(examples[key])).get(key)!;

describe.each(Object.keys(examples))('%s', (key) => {
  test('the matrix of the synthesized output equals the one the core model predicts; no violation', () => {
    const { model, input, analysis } = result(key);
    expect(input.contract).toEqual(declared(model));
    const predicted = expectedMatrix(declared(model), input);
    expect(widerCells(analysis.matrix, predicted)).toEqual([]);
    expect(widerCells(predicted, analysis.matrix)).toEqual([]);
    expect(analysis.findings.filter((f) => f.severity !== 'note')).toEqual([]);
  });

  test('nothing from outside the cluster reaches a worker; only the configured ingress reaches the scheduler', () => {
    const { model, analysis } = result(key);
    const fromOutside = analysis.matrix.cells.filter((c) => !['scheduler', 'workers'].includes(c.source) && ['scheduler', 'workers'].includes(c.destination));
    expect(fromOutside.filter((c) => c.destination === 'workers')).toEqual([]);
    for (const rule of model.ingress) expect(cellOf(analysis.matrix, `cidr:${rule.cidr}`, 'scheduler').full.ports('tcp').ranges().length).toBeGreaterThan(0);
    const opened = new Set(fromOutside.flatMap((c) => c.full.union(c.partial).ports('tcp').ranges().flatMap((r) => Array.from({ length: r.to - r.from + 1 }, (_, i) => r.from + i))));
    expect([...opened].sort((a, b) => a - b)).toEqual([...new Set(model.ingress.flatMap((r) => r.ports))].sort((a, b) => a - b));
  });
});

test.each([
  ['default', 'default'],
  ['seed-firewall', 'seed-firewall'],
  ['private-nat-instance', 'private-cloud-nat'],
  ['existing-vpc', 'existing-network'],
])('aws/%s and gcp/%s admit the same flows', (aws, gcp) => {
  expect(sameFlows(result(`aws/${aws}`).analysis.matrix, result(`gcp/${gcp}`).analysis.matrix)).toBe(true);
});

test('seed-firewall: the seed\'s own example, flow by flow, on both clouds', () => {
  for (const key of ['aws/seed-firewall', 'gcp/seed-firewall']) {
    const m = result(key).analysis.matrix;
    expect(cellOf(m, 'cidr:10.1.0.0/16', 'scheduler').full.toString()).toBe('TCP 8786');
    expect(cellOf(m, 'cidr:10.32.0.0/16', 'scheduler').full.toString()).toBe('TCP 8787');
    expect(cellOf(m, 'internet-ipv4', 'scheduler').full.union(cellOf(m, 'internet-ipv4', 'scheduler').partial).isEmpty()).toBe(true);
    expect(cellOf(m, 'workers', 'scheduler').full.isAll()).toBe(true);
    expect(cellOf(m, 'scheduler', 'control-plane')).toMatchObject({ path: { kind: 'ok' } });
    expect(cellOf(m, 'scheduler', 'control-plane').full.toString()).toBe('TCP 443');
  }
});

test('private examples: no public address, the internet through NAT, the object store through the endpoint / Private Google Access', () => {
  const aws = result('aws/private-nat-instance').input.roles.workers;
  expect(aws).toMatchObject({ publicAddress: 'no', internet: { kind: 'ok', via: 'NAT instance' }, objectStore: { kind: 'ok', via: 'S3 gateway endpoint' } });
  expect(aws.subnets.every((s) => s.routesToInternetGateway === false && s.mapsPublicIp === false)).toBe(true);
  const gcp = result('gcp/private-cloud-nat').input.roles.workers;
  expect(gcp).toMatchObject({ publicAddress: 'no', internet: { kind: 'ok', via: 'Cloud NAT' }, objectStore: { kind: 'ok', via: 'Private Google Access' } });
  expect(result('aws/default').input.roles.workers).toMatchObject({ publicAddress: 'yes', internet: { kind: 'ok', via: 'internet gateway (public IP)' } });
});

function cli(file: unknown, ...flags: string[]): { code: number; out: string; err: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'analyze-'));
  const target = path.join(dir, 'stack.json');
  fs.writeFileSync(target, JSON.stringify(file));
  let out = '';
  let err = '';
  const io: Io = { out: (t) => (out += `${t}\n`), err: (t) => (err += `${t}\n`), readFile: (p) => fs.readFileSync(p, 'utf8') };
  return { code: run(['analyze', target, ...flags], io), out, err };
}

describe('widened on purpose: reported, and --strict fails', () => {
  test('every example passes --strict as synthesized', () => {
    for (const key of Object.keys(examples)) expect([key, cli(result(key).file, '--strict').code]).toEqual([key, 0]);
  });

  test('AWS: an extra connections.allowFrom opens the scheduler to a block not in the ingress', () => {
    const widened = synth(examples['aws/seed-firewall'], (stack) => stack.workspace.connections.allowFrom(ec2.Peer.ipv4('198.51.100.0/24'), ec2.Port.tcp(8786), 'partner'));
    // The block is public: it is part of the internet, and a source of its own.
    expect(widened.analysis.findings.filter((f) => f.code === 'beyond-contract').map((f) => f.message)).toEqual([
      expect.stringMatching(/^The internet \(IPv4\) -> Scheduler: TCP 8786 from part of it is beyond my-team-seed's contract; allowed by WorkspaceSecurityGroupsScheduler[0-9A-F]+ ingress #3$/),
      expect.stringMatching(/^198\.51\.100\.0\/24 \(not in the configured ingress\) -> Scheduler: TCP 8786 is beyond my-team-seed's contract; allowed by WorkspaceSecurityGroupsScheduler[0-9A-F]+ ingress #3$/),
    ]);
    const { code, out } = cli(widened.file, '--strict');
    expect(code).toBe(3);
    expect(out).toContain('VIOLATION [beyond-contract] 198.51.100.0/24');
    expect(cli(widened.file).code).toBe(0);
  });

  test('AWS: clusterConnections opened to the whole internet: the internet reaches the workers', () => {
    const widened = synth(examples['aws/private-nat-instance'], (stack) => stack.workspace.clusterConnections.allowFrom(ec2.Peer.anyIpv4(), ec2.Port.tcp(22)));
    expect(widened.analysis.findings.filter((f) => f.code === 'internet-to-workers').map((f) => f.message)).toEqual([
      expect.stringMatching(/^The internet \(IPv4\) -> Workers: TCP 22 \(admin port SSH 22\) is beyond my-team-private's contract; allowed by WorkspaceSecurityGroupsCluster/),
    ]);
  });

  test('GCP: a rule with a lower priority number allowing 0.0.0.0/0 to the workers', () => {
    const widened = synth(examples['gcp/default'], (stack) => {
      const ws = stack.workspace;
      new ComputeFirewall(stack, 'Debug', {
        name: 'debug-workers',
        network: ws.networkSelfLink,
        priority: 500,
        direction: 'INGRESS',
        sourceRanges: ['0.0.0.0/0'],
        targetTags: [ws.clusterTag],
        allow: [{ protocol: 'tcp', ports: ['8000-9000'] }],
      });
    });
    const messages = widened.analysis.findings.filter((f) => f.severity === 'violation').map((f) => `${f.code}: ${f.message}`);
    expect(messages).toContain("internet-to-workers: The internet (IPv4) -> Workers: TCP 8000-9000 is beyond my-team's contract; allowed by debug-workers");
    expect(cli(widened.file, '--strict').code).toBe(3);
  });

  test('GCP: a deny with a lower priority number that blocks the clients is a blocked needed flow', () => {
    const widened = synth(examples['gcp/seed-firewall'], (stack) => {
      const ws = stack.workspace;
      new ComputeFirewall(stack, 'Lockdown', {
        name: 'lockdown',
        network: ws.networkSelfLink,
        priority: 100,
        direction: 'INGRESS',
        sourceRanges: ['10.1.128.0/17'],
        targetTags: [ws.schedulerTag],
        deny: [{ protocol: 'all' }],
      });
    });
    expect(widened.analysis.findings.map((f) => `${f.code}: ${f.message}`)).toContain('needed-flow-blocked: Dask client (10.1.0.0/16) -> Scheduler: TCP 8786 is needed but not allowed (only from part of the source)');
  });

  test('AWS: a route to the internet gateway from a private subnet', () => {
    const widened = synth(examples['aws/private-nat-instance'], (stack) => {
      const vpc = stack.workspace.vpc as ec2.Vpc;
      const route = vpc.privateSubnets[0].node.findChild('DefaultRoute') as ec2.CfnRoute;
      route.addPropertyDeletionOverride('InstanceId');
      route.addPropertyOverride('GatewayId', Fn.ref((vpc.node.findChild('IGW') as ec2.CfnInternetGateway).logicalId));
    });
    const findings = widened.analysis.findings.filter((f) => f.code === 'private-subnet-internet-gateway');
    // Scheduler and workers share the private subnets here: both are told.
    expect(findings.map((f) => f.message.split(' ')[0])).toEqual(['scheduler', 'workers']);
    expect(findings[1].message).toMatch(/^workers subnet WorkspaceNetworkVpcPrivateSubnet1Subnet[0-9A-F]+ \(10\.0\.32\.0\/20\) routes to an internet gateway, but the workspace declares its workers private/);
    expect(widened.input.roles.workers.internet).toEqual({ kind: 'none', via: 'internet gateway route, but no public IP / NAT instance' });
    expect(cli(widened.file, '--strict').code).toBe(3);
  });

  test('AWS: a separate ingress resource with two /1 blocks is read as the whole internet', () => {
    const widened = synth(examples['aws/seed-firewall'], (stack) => {
      for (const [i, cidr] of ['0.0.0.0/1', '128.0.0.0/1'].entries()) {
        new ec2.CfnSecurityGroupIngress(stack, `Half${i}`, { groupId: stack.workspace.schedulerSecurityGroup.securityGroupId, ipProtocol: 'tcp', fromPort: 8786, toPort: 8786, cidrIp: cidr });
      }
    });
    expect(cellOf(widened.analysis.matrix, 'internet-ipv4', 'scheduler').full.toString()).toBe('TCP 8786');
    expect(widened.analysis.findings.map((f) => f.code)).toContain('beyond-contract');
  });
});

describe('what the readers read: network ACLs, prefix lists, foreign groups and tags, service accounts', () => {
  test('AWS: a network ACL on the scheduler\'s subnets that denies the VPN blocks the needed client flow', () => {
    const widened = synth(examples['aws/seed-firewall'], (stack) => {
      const vpc = stack.workspace.vpc as ec2.Vpc;
      const acl = new ec2.NetworkAcl(stack, 'Acl', { vpc, subnetSelection: { subnets: vpc.publicSubnets } });
      acl.addEntry('DenyVpn', { cidr: ec2.AclCidr.ipv4('10.1.0.0/16'), ruleNumber: 100, traffic: ec2.AclTraffic.allTraffic(), direction: ec2.TrafficDirection.INGRESS, ruleAction: ec2.Action.DENY });
      acl.addEntry('AllowIn', { cidr: ec2.AclCidr.anyIpv4(), ruleNumber: 200, traffic: ec2.AclTraffic.allTraffic(), direction: ec2.TrafficDirection.INGRESS });
      acl.addEntry('AllowOut', { cidr: ec2.AclCidr.anyIpv4(), ruleNumber: 200, traffic: ec2.AclTraffic.allTraffic(), direction: ec2.TrafficDirection.EGRESS });
    });
    const messages = widened.analysis.findings.filter((f) => f.severity === 'violation').map((f) => `${f.code}: ${f.message}`);
    expect(messages).toEqual(['needed-flow-blocked: Dask client (10.1.0.0/16) -> Scheduler: TCP 8786 is needed but not allowed']);
    expect(cellOf(widened.analysis.matrix, 'cidr:10.32.0.0/16', 'scheduler').allowedBy).toEqual([expect.stringMatching(/^WorkspaceSecurityGroupsScheduler.* ingress #2$/), expect.stringMatching(/^acl:Acl/)]);
  });

  test('AWS: prefix lists, defined in the template or not, are sources of their own', () => {
    const widened = synth(examples['aws/seed-firewall'], (stack) => {
      const partners = new ec2.PrefixList(stack, 'Partners', { entries: [{ cidr: '198.51.100.0/24' }], maxEntries: 5 });
      stack.workspace.connections.allowFrom(ec2.Peer.prefixList(partners.prefixListId), ec2.Port.tcp(8786));
      stack.workspace.connections.allowFrom(ec2.Peer.prefixList('pl-0123456789abcdef0'), ec2.Port.tcp(8787));
    });
    const beyond = widened.analysis.findings.filter((f) => f.code === 'beyond-contract').map((f) => f.message.split(' is beyond')[0]);
    expect(beyond).toEqual([
      'The internet (IPv4) -> Scheduler: TCP 8786 from part of it',
      expect.stringMatching(/^prefix list Partners[0-9A-F]+ -> Scheduler: TCP 8786$/),
      'prefix list pl-0123456789abcdef0 (entries not in this file) -> Scheduler: TCP 8787',
    ]);
  });

  test('AWS: a reference to a name every object inherits (constructor, toString) is a parameter, not a resource', () => {
    const widened = synth(examples['aws/seed-firewall'], (stack) => {
      stack.workspace.connections.allowFrom(ec2.Peer.prefixList(Fn.ref('toString')), ec2.Port.tcp(8786));
      stack.workspace.connections.allowFrom(ec2.Peer.prefixList(Fn.ref('constructor')), ec2.Port.tcp(8787));
    });
    const beyond = widened.analysis.findings.filter((f) => f.code === 'beyond-contract').map((f) => f.message.split(' is beyond')[0]);
    expect(beyond).toEqual([
      'prefix list parameter toString (entries not in this file) -> Scheduler: TCP 8786',
      'prefix list parameter constructor (entries not in this file) -> Scheduler: TCP 8787',
    ]);
  });

  test('GCP: source tags of other VMs, the VMs\' service account as a target, disabled rules, rules on other networks', () => {
    const widened = synth(examples['gcp/seed-firewall'], (stack) => {
      const ws = stack.workspace;
      const rule = (id: string, extra: Record<string, unknown>) =>
        new ComputeFirewall(stack, id, { name: id.toLowerCase(), network: ws.networkSelfLink, direction: 'INGRESS', allow: [{ protocol: 'tcp', ports: ['22'] }], ...extra });
      rule('FromBastion', { sourceTags: ['bastion'], targetTags: [ws.clusterTag] });
      rule('ToAccount', { sourceRanges: ['203.0.113.0/24'], targetServiceAccounts: [ws.dataServiceAccountEmail], allow: [{ protocol: 'tcp', ports: ['9999'] }] });
      rule('Disabled', { sourceRanges: ['0.0.0.0/0'], targetTags: [ws.clusterTag], disabled: true });
      rule('Elsewhere', { network: 'another-network', sourceRanges: ['0.0.0.0/0'], targetTags: [ws.clusterTag] });
    });
    const beyond = widened.analysis.findings.filter((f) => f.severity === 'violation').map((f) => f.message.split(' is beyond')[0]);
    // The service account is on every cluster VM; the bastion tag's VMs are not the cluster's.
    expect(beyond).toEqual([
      'The internet (IPv4) -> Scheduler: TCP 9999 from part of it',
      'VMs with network tag bastion -> Scheduler: TCP 22 (admin port SSH 22)',
      '203.0.113.0/24 (not in the configured ingress) -> Scheduler: TCP 9999',
      'The internet (IPv4) -> Workers: TCP 9999 from part of it',
      'VMs with network tag bastion -> Workers: TCP 22 (admin port SSH 22)',
      '203.0.113.0/24 (not in the configured ingress) -> Workers: TCP 9999',
    ]);
    expect(widened.analysis.findings.map((f) => f.message)).toContain('1 firewall rule(s) are on other networks and do not apply to the workspace');
  });
});
