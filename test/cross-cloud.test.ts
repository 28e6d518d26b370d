/**
 * The same `ingress` list must mean the same thing on both clouds: the (port, CIDR) pairs the AWS
 * scheduler security group opens equal those the GCP scheduler firewall rules open.
 */
import { Template } from 'aws-cdk-lib/assertions';
import { Testing } from 'cdktf';
import { CoiledWorkspace } from '../src/aws';
import { IngressRule } from '../src/core';
import { CoiledGcpStack } from '../src/gcp';
import { newStack, EXTERNAL_ID } from './aws/util';

function expand(ports: string | number, to?: number): number[] {
  const [from, end] = typeof ports === 'number' ? [ports, to ?? ports] : ports.includes('-') ? ports.split('-').map(Number) : [Number(ports), Number(ports)];
  return Array.from({ length: end - from + 1 }, (_, i) => from + i);
}

function awsPairs(ingress: IngressRule[]): string[] {
  const stack = newStack();
  new CoiledWorkspace(stack, 'Workspace', { workspaceName: 'demo', externalId: EXTERNAL_ID, ingress });
  const groups = Template.fromStack(stack).findResources('AWS::EC2::SecurityGroup');
  const scheduler = Object.entries<any>(groups).find(([id]) => id.includes('Scheduler'))![1];
  return (scheduler.Properties.SecurityGroupIngress ?? []).flatMap((r: any) => expand(r.FromPort, r.ToPort).map((p) => `${r.CidrIp ?? r.CidrIpv6}|${p}`)).sort();
}

function gcpPairs(ingress: IngressRule[]): string[] {
  const stack = new CoiledGcpStack(Testing.app(), 'coiled', { projectId: 'my-project-123456', region: 'us-east1', workspaceName: 'demo', ingress });
  const rules = Object.values<any>(JSON.parse(Testing.synth(stack)).resource.google_compute_firewall).filter((f) => f.name.includes('-sched-'));
  return rules.flatMap((f) => f.source_ranges.flatMap((cidr: string) => f.allow.flatMap((a: any) => a.ports.flatMap((p: string) => expand(p).map((port) => `${cidr}|${port}`)))).sort()).sort();
}

const LISTS: Array<[string, IngressRule[]]> = [
  ['the default', [{ ports: [443, 8786, 8787], cidr: '0.0.0.0/0' }]],
  ["Coiled's seed firewall example", [{ ports: [8786], cidr: '10.1.0.2/16' }, { ports: [8787], cidr: '10.32.0.0/16' }]],
  ['IPv4 and IPv6 together', [{ ports: [443], cidr: '203.0.113.0/24' }, { ports: [443, 22], cidr: '2001:db8::/32' }]],
  ['overlapping rules and duplicate ports', [{ ports: [22, 22, 443], cidr: '10.0.0.0/8' }, { ports: [443, 15003], cidr: '10.0.0.0/8' }, { ports: [8888], cidr: '192.168.1.7/32' }]],
  ['a port range', [{ ports: [8000, 8001, 8002, 8003, 9000], cidr: '172.16.0.0/12' }]],
  ['no ingress', []],
];

test.each(LISTS)('%s opens the same (port, CIDR) pairs on AWS and GCP', (_, ingress) => {
  const aws = awsPairs(ingress);
  expect(gcpPairs(ingress)).toEqual(aws);
  expect(aws.length).toBe(new Set(ingress.flatMap((r) => r.ports.map((p) => `${r.cidr}|${p}`))).size);
});
