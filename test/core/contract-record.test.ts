/**
 * The record of a workspace's network configuration written into its template
 * (src/core/contract-record.ts), which `coiled-byoc analyze` reads back: every field, the rules
 * reduced to their ports and blocks, worker ports only when narrowed, egress `all` unless
 * restricted, and the key and version older files were written with.
 */
import { CONTRACT_METADATA_KEY, CONTRACT_VERSION, contractRecord } from '../../src/core/contract-record';
import { NormalizedRule } from '../../src/core/ingress';
import { WorkspaceNetworkModel } from '../../src/core/network-paths';

const rule = (cidr: string, ports: number[], description?: string): NormalizedRule => ({ cidr, family: cidr.includes(':') ? 'ipv6' : 'ipv4', ports, description });

test('the default network: scheduler ingress, every egress, no worker ports', () => {
  const model: WorkspaceNetworkModel = { ingress: [rule('0.0.0.0/0', [443], 'anyone')], schedulerPort: 443, workersPublicIp: true, schedulerPublicIp: true };
  expect(contractRecord('my-team', model)).toStrictEqual({
    version: 1,
    workspace: 'my-team',
    ingress: [{ ports: [443], cidr: '0.0.0.0/0' }],
    schedulerPort: 443,
    egress: 'all',
    workersPublicIp: true,
    schedulerPublicIp: true,
  });
});

test('narrowed worker ports, restricted egress and private IPs: each rule reduced to its ports and block', () => {
  const model: WorkspaceNetworkModel = {
    ingress: [rule('10.0.0.0/8', [22, 8786], 'office'), rule('2001:db8::/32', [8787])],
    schedulerPort: 8786,
    workerPorts: { nannyPort: 9000, workerPort: 9001, extra: true } as never,
    restrictedEgress: [rule('192.0.2.0/24', [5432], 'database')],
    workersPublicIp: false,
    schedulerPublicIp: false,
  };
  expect(contractRecord('analytics', model)).toStrictEqual({
    version: 1,
    workspace: 'analytics',
    ingress: [
      { ports: [22, 8786], cidr: '10.0.0.0/8' },
      { ports: [8787], cidr: '2001:db8::/32' },
    ],
    schedulerPort: 8786,
    workerPorts: { nannyPort: 9000, workerPort: 9001 },
    egress: [{ ports: [5432], cidr: '192.0.2.0/24' }],
    workersPublicIp: false,
    schedulerPublicIp: false,
  });
});

test('restricted egress to nothing but HTTPS and the cluster is an empty list, not all', () => {
  const model: WorkspaceNetworkModel = { ingress: [], schedulerPort: 443, restrictedEgress: [], workersPublicIp: true, schedulerPublicIp: true };
  expect(contractRecord('my-team', model)).toMatchObject({ ingress: [], egress: [] });
});

test('the record sits under the key coiled-byoc with version 1, which analyze reads templates by', () => {
  expect([CONTRACT_METADATA_KEY, CONTRACT_VERSION]).toEqual(['coiled-byoc', 1]);
});
