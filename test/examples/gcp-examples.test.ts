/**
 * Every GCP example, synthesized to disk as `cdktf synth` would: the plain-Terraform path, targeted
 * assertions for what each example is about, and one snapshot each as a safety net.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Example, REPO_ROOT, listExamples, synthGcpExample } from '../../scripts/lib/examples';

const examples = Object.fromEntries(listExamples('gcp').map((e) => [e.name, e])) as Record<string, Example>;
const synth = (name: string) => synthGcpExample(examples[name]);
const sched = (json: any) =>
  Object.values<any>(json.resource.google_compute_firewall)
    .filter((f) => f.name.includes('-sched-'))
    .map((f) => `${f.allow[0].ports.join(',')} from ${f.source_ranges.join(',')}`);

test('the examples are the five the docs describe', () => {
  expect(Object.keys(examples).sort()).toEqual(['data-access', 'default', 'existing-network', 'private-cloud-nat', 'seed-firewall']);
});

test.each(Object.keys(examples))('%s matches its snapshot', (name) => {
  // cdktf's default local backend records the absolute path of the project: not part of the contract.
  const json = JSON.parse(JSON.stringify(synth(name).json).split(REPO_ROOT).join('<repo>'));
  expect(json).toMatchSnapshot();
});

test.each(Object.keys(examples))('%s is plain Terraform JSON that `terraform -chdir=<stack dir> init && apply` can use without the cdktf CLI', (name) => {
  const { stackDir, json } = synth(name);
  expect(fs.readdirSync(stackDir)).toContain('cdk.tf.json');
  expect(Object.keys(json).filter((k) => !['//', 'terraform', 'provider', 'resource', 'data', 'output'].includes(k))).toEqual([]);
  expect(json.terraform.required_providers.google).toEqual({ source: 'google', version: expect.stringMatching(/^\d+\.\d+\.\d+$/) });
  // No module or provider that would need `cdktf get` or a local path.
  expect(JSON.stringify(json)).not.toMatch(/"source":\s*"\.\.?\//);
  expect(path.basename(stackDir)).toBe(json['//'].metadata.stackName);
});

test('default: default ingress, new network, no key in state', () => {
  const { json } = synth('default');
  expect(sched(json)).toEqual(['443,8786-8787 from 0.0.0.0/0']);
  expect(json.resource.google_service_account_key).toBeUndefined();
});

test('private-cloud-nat: Cloud NAT, Private Google Access, ingress only from the VPN', () => {
  const { json } = synth('private-cloud-nat');
  expect(Object.keys(json.resource.google_compute_router_nat)).toHaveLength(1);
  expect(Object.values<any>(json.resource.google_compute_subnetwork)[0].private_ip_google_access).toBe(true);
  expect(sched(json)).toEqual(['443 from 10.8.0.0/16']);
  expect(json.output.coiled_give_workers_public_ip.value).toBe(false);
});

test('existing-network: data sources only, firewall on the existing network', () => {
  const { json } = synth('existing-network');
  expect(json.resource.google_compute_network).toBeUndefined();
  expect(Object.values<any>(json.data.google_compute_network)[0]).toMatchObject({ name: 'shared-vpc', project: 'my-project-123456' });
  expect(sched(json)).toEqual(['443 from 172.16.0.0/12']);
});

test("seed-firewall: Coiled's example rules and the bucket grant", () => {
  const { json } = synth('seed-firewall');
  expect(sched(json).sort()).toEqual(['8786 from 10.1.0.0/16', '8787 from 10.32.0.0/16']);
  expect(Object.values<any>(json.resource.google_storage_bucket_iam_member)[0]).toMatchObject({ bucket: 'my-team-data', role: 'roles/storage.objectViewer' });
});

test('data-access: coiled-data reads the bucket (on the bucket) and the one secret (on the secret); no secret version in Terraform', () => {
  const { json } = synth('data-access');
  const data = '${google_service_account.Workspace_ServiceAccounts_Data_DDBEB0B7.member}';
  expect(Object.values<any>(json.resource.google_storage_bucket_iam_member)).toEqual([expect.objectContaining({ bucket: 'my-team-data', role: 'roles/storage.objectViewer', member: data })]);
  expect(Object.values<any>(json.resource.google_secret_manager_secret).map((s) => s.secret_id)).toEqual(['coiled-my-team-database_token']);
  expect(Object.values<any>(json.resource.google_secret_manager_secret_iam_member).map((m) => [m.role, m.member])).toEqual([['roles/secretmanager.secretAccessor', data]]);
  expect(json.resource.google_secret_manager_secret_version).toBeUndefined();
  expect(JSON.parse(json.output.coiled_secrets.value)[0].secretId).toBe('projects/my-project-123456/secrets/coiled-my-team-database_token');
});
