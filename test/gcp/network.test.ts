import { TerraformStack, TerraformVariable, Testing } from 'cdktf';
import { BASE, bareWorkspace, gcpWarnings, libraryError, ofType, synthStack } from './util';
import { CoiledGcpNetwork, CoiledGcpWorkspace, GcpNetworkMode } from '../../src/gcp';

const only = (record: Record<string, any>) => {
  const values = Object.values(record);
  expect(values).toHaveLength(1);
  return values[0];
};

describe('public network (default)', () => {
  test('a network without auto subnets and one regional /16 subnet; VMs get external IPs', () => {
    const { json, stack } = synthStack();
    expect(only(ofType(json, 'google_compute_network'))).toMatchObject({ name: 'coiled-demo', auto_create_subnetworks: false, routing_mode: 'REGIONAL', project: BASE.projectId });
    expect(only(ofType(json, 'google_compute_subnetwork'))).toMatchObject({ name: 'coiled-demo-subnet', region: 'us-east1', ip_cidr_range: '10.0.0.0/16', private_ip_google_access: false });
    expect(ofType(json, 'google_compute_router_nat')).toEqual({});
    expect([stack.workspace.workersPublicIp, stack.workspace.schedulerPublicIp]).toEqual([true, true]);
    expect(stack.workspace.networkMode).toBe(GcpNetworkMode.PUBLIC);
  });

  test('flow logs on the subnet', () => {
    const { json } = synthStack({ network: CoiledGcpNetwork.publicSubnet({ flowLogs: true }) });
    expect(only(ofType(json, 'google_compute_subnetwork')).log_config).toEqual({ aggregation_interval: 'INTERVAL_5_SEC', flow_sampling: 0.5, metadata: 'INCLUDE_ALL_METADATA' });
  });
});

describe('private network', () => {
  test('Cloud Router + Cloud NAT for the subnet, Private Google Access, no external IPs', () => {
    const { json, stack } = synthStack({ network: CoiledGcpNetwork.privateSubnet() });
    expect(only(ofType(json, 'google_compute_subnetwork')).private_ip_google_access).toBe(true);
    expect(only(ofType(json, 'google_compute_router'))).toMatchObject({ name: 'coiled-demo-router', region: 'us-east1' });
    expect(only(ofType(json, 'google_compute_router_nat'))).toMatchObject({
      name: 'coiled-demo-nat',
      nat_ip_allocate_option: 'AUTO_ONLY',
      source_subnetwork_ip_ranges_to_nat: 'LIST_OF_SUBNETWORKS',
      min_ports_per_vm: 256,
      subnetwork: [{ source_ip_ranges_to_nat: ['ALL_IP_RANGES'] }],
    });
    expect([stack.workspace.workersPublicIp, stack.workspace.schedulerPublicIp]).toEqual([false, false]);
  });

  test('publicScheduler: the scheduler keeps an external IP, workers do not', () => {
    const { stack } = synthStack({ network: CoiledGcpNetwork.privateSubnet({ publicScheduler: true }) });
    expect([stack.workspace.workersPublicIp, stack.workspace.schedulerPublicIp]).toEqual([false, true]);
  });

  test('turning off Private Google Access in private mode warns', () => {
    const { stack } = bareWorkspace({ network: CoiledGcpNetwork.privateSubnet({ privateGoogleAccess: false }) });
    expect(gcpWarnings(stack).join()).toMatch(/noPrivateGoogleAccess/);
  });
});

describe('existing network', () => {
  test('by name: data sources (plan fails fast if missing), no network resources', () => {
    const { json } = synthStack({ network: CoiledGcpNetwork.existing({ network: 'shared', subnetwork: 'coiled' }) });
    expect(ofType(json, 'google_compute_network')).toEqual({});
    expect(only(json.data.google_compute_network)).toEqual({ name: 'shared', project: BASE.projectId });
    expect(only(json.data.google_compute_subnetwork)).toEqual({ name: 'coiled', project: BASE.projectId, region: 'us-east1' });
  });

  test('by selfLink', () => {
    const { json } = synthStack({
      network: CoiledGcpNetwork.existing({ network: 'projects/host-project-1/global/networks/shared', subnetwork: 'projects/host-project-1/regions/us-east1/subnetworks/coiled' }),
    });
    expect(only(json.data.google_compute_network)).toEqual({ name: 'shared', project: 'host-project-1' });
    expect(only(json.data.google_compute_subnetwork)).toEqual({ self_link: 'projects/host-project-1/regions/us-east1/subnetworks/coiled' });
  });

  test('a token network reference (a Terraform variable) passes through unchecked', () => {
    const stack = new TerraformStack(Testing.app(), 'test');
    const network = new TerraformVariable(stack, 'network', { type: 'string' }).stringValue;
    new CoiledGcpWorkspace(stack, 'Workspace', { ...BASE, network: CoiledGcpNetwork.existing({ network, subnetwork: 'coiled' }) });
    const json = JSON.parse(Testing.synth(stack));
    expect(only(json.data.google_compute_network)).toEqual({ name: '${var.network}', project: BASE.projectId });
  });
});

describe('bad network input fails at synth', () => {
  test.each([
    [CoiledGcpNetwork.publicSubnet({ subnetCidr: '10.0.0.0/33' }), 'INVALID_CIDR'],
    [CoiledGcpNetwork.publicSubnet({ subnetCidr: '10.0.0.5/16' }), 'INVALID_CIDR'],
    [CoiledGcpNetwork.publicSubnet({ subnetCidr: '2001:db8::/64' }), 'INVALID_CIDR'],
    [CoiledGcpNetwork.privateSubnet({ natMinPortsPerVm: 100 }), 'INVALID_NUMBER'],
    [CoiledGcpNetwork.existing({ network: 'Bad_Name', subnetwork: 'ok' }), 'INVALID_NETWORK'],
    [CoiledGcpNetwork.existing({ network: 'ok', subnetwork: 'projects/p-123456/global/networks/x' }), 'INVALID_NETWORK'],
    [CoiledGcpNetwork.existing({ network: 'ok', subnetwork: 'projects/p-123456/regions/europe-west1/subnetworks/x' }), 'INVALID_NETWORK'],
  ])('%#: %s', (network, code) => {
    const err = libraryError(() => bareWorkspace({ network }));
    expect(err.code).toBe(code);
    expect(err.constructPath).toBe('test/Workspace/Network');
  });
});
