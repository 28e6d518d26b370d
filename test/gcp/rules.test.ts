/**
 * The GCP rule pack, cdk-nag style: for each rule a compliant and a non-compliant case, built with
 * the provider's own resources; and every GCP example passes the whole pack.
 */
import { ComputeFirewall } from '@cdktf/provider-google/lib/compute-firewall';
import { ComputeRouterNat } from '@cdktf/provider-google/lib/compute-router-nat';
import { ComputeSubnetwork } from '@cdktf/provider-google/lib/compute-subnetwork';
import { ProjectIamBinding } from '@cdktf/provider-google/lib/project-iam-binding';
import { ProjectIamMember } from '@cdktf/provider-google/lib/project-iam-member';
import { ProjectService } from '@cdktf/provider-google/lib/project-service';
import { SecretManagerSecretVersion } from '@cdktf/provider-google/lib/secret-manager-secret-version';
import { ServiceAccountKey } from '@cdktf/provider-google/lib/service-account-key';
import { TerraformStack, Testing } from 'cdktf';
import { listExamples, synthGcpExample } from '../../scripts/lib/examples';
import { CoiledGcpChecks } from '../../src/gcp';
import { AdditiveIamOnly, ApisKeptOnDestroy, NoAdminPortsFromAnywhere, NoPrimitiveRoles, NoSecretVersionsInState, NoServiceAccountKeys, PrivateGoogleAccess } from '../../src/gcp/rules';

function terraform(build: (stack: TerraformStack) => void): any {
  const stack = new TerraformStack(Testing.app(), 'test');
  build(stack);
  return stack.toTerraform();
}
const firewall = (ports: string[] | undefined, ranges: string[], protocol = 'tcp') => (s: TerraformStack) =>
  new ComputeFirewall(s, 'Rule', { name: 'r', network: 'n', sourceRanges: ranges, allow: [{ protocol, ports }] });

describe('GCP-NoPrimitiveRoles', () => {
  test('Compliance: a custom or predefined role', () => {
    expect(NoPrimitiveRoles.check(terraform((s) => new ProjectIamMember(s, 'M', { project: 'p', role: 'roles/storage.objectViewer', member: 'user:a@b.c' })), {})).toEqual([]);
  });
  test.each(['roles/owner', 'roles/editor', 'roles/viewer'])('Noncompliance: %s', (role) => {
    expect(NoPrimitiveRoles.check(terraform((s) => new ProjectIamMember(s, 'M', { project: 'p', role, member: 'user:a@b.c' })), {})).toEqual([
      { ruleId: 'GCP-NoPrimitiveRoles', resource: 'google_project_iam_member.M', message: `grants the primitive role ${role}` },
    ]);
  });
});

describe('GCP-NoServiceAccountKeys', () => {
  const withKey = terraform((s) => new ServiceAccountKey(s, 'Key', { serviceAccountId: 'sa' }));
  test('Compliance: no key, or a key with the explicit opt-in', () => {
    expect(NoServiceAccountKeys.check(terraform(() => undefined), {})).toEqual([]);
    expect(NoServiceAccountKeys.check(withKey, { allowServiceAccountKeys: true })).toEqual([]);
  });
  test('Noncompliance: a key', () => {
    expect(NoServiceAccountKeys.check(withKey, {}).map((f) => f.resource)).toEqual(['google_service_account_key.Key']);
  });
});

describe('GCP-NoSecretVersionsInState', () => {
  const withVersion = terraform((s) => new SecretManagerSecretVersion(s, 'Version', { secret: 'projects/p/secrets/s', secretData: 'x' }));
  test('Compliance: no version, or a version with the explicit opt-in', () => {
    expect(NoSecretVersionsInState.check(terraform(() => undefined), {})).toEqual([]);
    expect(NoSecretVersionsInState.check(withVersion, { allowSecretVersionsInState: true })).toEqual([]);
  });
  test('Noncompliance: a version', () => {
    expect(NoSecretVersionsInState.check(withVersion, {}).map((f) => f.resource)).toEqual(['google_secret_manager_secret_version.Version']);
  });
});

describe('GCP-NoAdminPortsFromAnywhere', () => {
  test.each([
    [['443'], ['0.0.0.0/0']],
    [['22'], ['10.0.0.0/8']],
    [['8000-9000'], ['::/0']],
  ])('Compliance: %j from %j', (ports, ranges) => {
    expect(NoAdminPortsFromAnywhere.check(terraform(firewall(ports, ranges)), {})).toEqual([]);
  });
  test.each([
    [['22'], ['0.0.0.0/0'], 'tcp', /port 22/],
    [['3000-4000'], ['::/0'], 'tcp', /port 3389/],
    [undefined, ['0.0.0.0/0'], 'tcp', /port 22/],
    [undefined, ['0.0.0.0/0'], 'all', /port 22/],
  ])('Noncompliance: %j from %j (%s)', (ports, ranges, protocol, message) => {
    expect(NoAdminPortsFromAnywhere.check(terraform(firewall(ports, ranges, protocol)), {})[0].message).toMatch(message);
  });
});

describe('GCP-NoAdminPortsFromAnywhere judges the address space, as GCP evaluates rules', () => {
  const rules = (...specs: Array<{ name: string; ranges?: string[]; ports?: string[]; deny?: boolean; priority?: number; tags?: string[]; sourceTags?: string[] }>) =>
    terraform((s) =>
      specs.forEach(
        (r) =>
          new ComputeFirewall(s, r.name, {
            name: r.name,
            network: 'n',
            sourceRanges: r.ranges,
            sourceTags: r.sourceTags,
            targetTags: r.tags,
            priority: r.priority,
            ...(r.deny ? { deny: [{ protocol: 'tcp', ports: r.ports }] } : { allow: [{ protocol: 'tcp', ports: r.ports }] }),
          }),
      ),
    );
  const resources = (tf: any) => NoAdminPortsFromAnywhere.check(tf, {}).map((f) => f.resource);

  test('two halves of the internet in two rules: both are found', () => {
    expect(resources(rules({ name: 'a', ranges: ['0.0.0.0/1'], ports: ['22'] }, { name: 'b', ranges: ['128.0.0.0/1'], ports: ['22'] }))).toEqual(['google_compute_firewall.a', 'google_compute_firewall.b']);
  });

  test('128 /7 blocks in one rule', () => {
    expect(resources(rules({ name: 'a', ranges: Array.from({ length: 128 }, (_, i) => `${i * 2}.0.0.0/7`), ports: ['22'] }))).toEqual(['google_compute_firewall.a']);
  });

  test('a rule with no source at all admits 0.0.0.0/0 (GCP default)', () => {
    expect(resources(rules({ name: 'a', ports: ['22'] }))).toEqual(['google_compute_firewall.a']);
  });

  test('a rule whose only sources are tags admits no address range', () => {
    expect(resources(rules({ name: 'a', sourceTags: ['bastion'], ports: ['22'] }))).toEqual([]);
  });

  test('a deny of higher precedence for every instance takes the addresses away', () => {
    expect(resources(rules({ name: 'a', ranges: ['0.0.0.0/0'], ports: ['22'] }, { name: 'd', ranges: ['0.0.0.0/1'], ports: ['22'], deny: true, priority: 100 }))).toEqual([]);
  });

  test('a deny of lower precedence does not', () => {
    expect(resources(rules({ name: 'a', ranges: ['0.0.0.0/0'], ports: ['22'], priority: 100 }, { name: 'd', ranges: ['0.0.0.0/0'], ports: ['22'], deny: true, priority: 2000 }))).toEqual(['google_compute_firewall.a']);
  });

  test('half of the internet is not "from anywhere"', () => {
    expect(resources(rules({ name: 'a', ranges: ['0.0.0.0/1'], ports: ['22'] }))).toEqual([]);
  });
});

describe('GCP-PrivateGoogleAccess', () => {
  const natted = (pga: boolean) =>
    terraform((s) => {
      const subnet = new ComputeSubnetwork(s, 'Subnet', { name: 's', network: 'n', ipCidrRange: '10.0.0.0/16', privateIpGoogleAccess: pga });
      new ComputeRouterNat(s, 'Nat', { name: 'nat', router: 'r', natIpAllocateOption: 'AUTO_ONLY', sourceSubnetworkIpRangesToNat: 'LIST_OF_SUBNETWORKS', subnetwork: [{ name: subnet.id, sourceIpRangesToNat: ['ALL_IP_RANGES'] }] });
    });
  test('Compliance: a NAT subnet with PGA, or a subnet without NAT', () => {
    expect(PrivateGoogleAccess.check(natted(true), {})).toEqual([]);
    expect(PrivateGoogleAccess.check(terraform((s) => new ComputeSubnetwork(s, 'Subnet', { name: 's', network: 'n', ipCidrRange: '10.0.0.0/16' })), {})).toEqual([]);
  });
  test('Noncompliance: a NAT subnet without PGA', () => {
    expect(PrivateGoogleAccess.check(natted(false), {}).map((f) => f.resource)).toEqual(['google_compute_subnetwork.Subnet']);
  });
});

describe('GCP-ApisKeptOnDestroy', () => {
  test('Compliance: disable_on_destroy = false', () => {
    expect(ApisKeptOnDestroy.check(terraform((s) => new ProjectService(s, 'Api', { service: 'compute.googleapis.com', disableOnDestroy: false })), {})).toEqual([]);
  });
  test('Noncompliance: the provider default (true)', () => {
    expect(ApisKeptOnDestroy.check(terraform((s) => new ProjectService(s, 'Api', { service: 'compute.googleapis.com' })), {})[0].message).toMatch(/compute\.googleapis\.com/);
  });
});

describe('GCP-AdditiveIamOnly', () => {
  test('Compliance: members only', () => {
    expect(AdditiveIamOnly.check(terraform((s) => new ProjectIamMember(s, 'M', { project: 'p', role: 'roles/x', member: 'user:a@b.c' })), {})).toEqual([]);
  });
  test('Noncompliance: an authoritative binding', () => {
    expect(AdditiveIamOnly.check(terraform((s) => new ProjectIamBinding(s, 'B', { project: 'p', role: 'roles/x', members: ['user:a@b.c'] })), {}).map((f) => f.resource)).toEqual([
      'google_project_iam_binding.B',
    ]);
  });
});

describe('the pack on the examples', () => {
  test.each(listExamples('gcp').map((e) => [e.name, e] as const))('%s passes every rule', (_, example) => {
    expect(new CoiledGcpChecks().check(synthGcpExample(example).json)).toEqual([]);
  });

  test('breaking a guard on purpose: opening 22 to the world in an example is found', () => {
    const example = listExamples('gcp').find((e) => e.name === 'default')!;
    const { json } = synthGcpExample(example);
    const sched = Object.values<any>(json.resource.google_compute_firewall).find((f) => f.name.includes('-sched-'));
    sched.allow[0].ports.push('22');
    expect(new CoiledGcpChecks().check(json).map((f) => f.ruleId)).toEqual(['GCP-NoAdminPortsFromAnywhere']);
  });

  test('checkStack reads a CDKTF stack directly', () => {
    const stack = new TerraformStack(Testing.app(), 'test');
    new ProjectService(stack, 'Api', { service: 'compute.googleapis.com' });
    expect(new CoiledGcpChecks().checkStack(stack).map((f) => f.ruleId)).toEqual(['GCP-ApisKeptOnDestroy']);
  });
});
