import { plainScope } from '../../src/core/errors';
import { firewallRules, networkPaths } from '../../src/core/network-paths';
import { buildNetworkModel } from '../../src/core/workspace-model';

const model = (input: Partial<Parameters<typeof buildNetworkModel>[1]> = {}) =>
  buildNetworkModel(plainScope('Ws'), { workersPublicIp: true, schedulerPublicIp: true, ...input });

describe('networkPaths', () => {
  test('lists every flow of the seed tables, in both contexts', () => {
    const ids = networkPaths(model()).map((p) => p.id);
    expect(ids).toEqual([
      'browser-to-control-plane',
      'client-to-control-plane',
      'control-plane-to-cloud-api',
      'vms-to-control-plane',
      'client-to-scheduler:0.0.0.0/0',
      'browser-to-dashboard:443',
      'browser-to-dashboard:8787',
      'workers-to-scheduler',
      'scheduler-to-workers',
      'worker-to-worker',
      'vms-to-data',
      'vms-to-packages',
    ]);
  });

  test('flows outside the workspace firewall name no rule; the control plane never connects inbound', () => {
    const paths = networkPaths(model());
    expect(paths.filter((p) => p.context === 'control-plane' && p.id !== 'vms-to-control-plane').every((p) => p.rules.length === 0)).toBe(true);
    expect(paths.some((p) => p.target === 'Scheduler' && p.source.includes('control plane'))).toBe(false);
  });

  test('one client path per ingress block, with its real ports', () => {
    const paths = networkPaths(model({ ingress: [{ ports: [8786], cidr: '10.1.0.0/16' }, { ports: [8787], cidr: '10.32.0.0/16' }] }));
    const clients = paths.filter((p) => p.id.startsWith('client-to-scheduler'));
    expect(clients.map((p) => [p.source, p.protocol])).toEqual([
      ['Dask client (10.1.0.0/16)', 'TCP (8786)'],
      ['Dask client (10.32.0.0/16)', 'TCP (8787)'],
    ]);
    expect(paths.find((p) => p.id === 'browser-to-dashboard:8787')!.source).toBe('Browser (10.32.0.0/16)');
    expect(paths.find((p) => p.id === 'browser-to-dashboard:443')).toBeUndefined();
  });

  test('worker ports narrow intra-cluster traffic to the scheduler, nanny and worker ports', () => {
    const paths = networkPaths(model({ workerPorts: { nannyPort: 8000, workerPort: 9000 } }));
    expect(paths.find((p) => p.id === 'scheduler-to-workers')!.protocol).toBe('TCP (8000, 9000)');
    const internal = firewallRules(model({ workerPorts: { nannyPort: 8000, workerPort: 9000 } })).find((r) => r.id === 'cluster-internal')!;
    expect(internal).toMatchObject({ protocol: 'tcp', ports: [443, 8000, 9000], target: 'cluster', peer: { kind: 'cluster' } });
  });
});

describe('firewallRules', () => {
  test('default: one rule per ingress block, all traffic inside the cluster, all egress', () => {
    const rules = firewallRules(model());
    expect(rules.map((r) => [r.id, r.direction, r.target, r.protocol, r.ports])).toEqual([
      ['egress-all', 'egress', 'cluster', 'all', []],
      ['scheduler-ingress:0.0.0.0/0', 'ingress', 'scheduler', 'tcp', [443, 8786, 8787]],
      ['cluster-internal', 'ingress', 'cluster', 'all', []],
    ]);
  });

  test('restricted egress: HTTPS anywhere, the cluster itself, each data source', () => {
    const rules = firewallRules(model({ restrictEgress: true, dataSources: [{ ports: [5432], cidr: '10.50.0.0/16' }] }));
    const egress = rules.filter((r) => r.direction === 'egress').map((r) => [r.id, r.protocol, r.ports]);
    expect(egress).toEqual([
      ['egress-https', 'tcp', [443]],
      ['egress-data:10.50.0.0/16', 'tcp', [5432]],
      ['egress-cluster-internal', 'all', []],
    ]);
  });

  test('rule ids derive from meaning: reordering the ingress never renames a rule', () => {
    const a = firewallRules(model({ ingress: [{ ports: [1], cidr: '10.0.0.0/8' }, { ports: [2], cidr: '192.168.0.0/16' }] })).map((r) => r.id);
    const b = firewallRules(model({ ingress: [{ ports: [2], cidr: '192.168.0.0/16' }, { ports: [1], cidr: '10.0.0.0/8' }] })).map((r) => r.id);
    expect(b).toEqual(a);
  });
});
