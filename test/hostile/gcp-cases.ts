/**
 * Hostile GCP inputs, with the outcome each must have.
 */
import { TerraformStack, TerraformVariable } from 'cdktf';
import { Case, Expected, Props, Result, synthGcp } from './harness';
import { IpFamily } from '../../src/core/ingress';
import { CoiledGcpNetwork, CoiledGcpStack, CoiledGcpWorkspace } from '../../src/gcp';

const BASE = { projectId: 'my-project-123456', region: 'us-east1', workspaceName: 'demo' };

/** Strings `@var:name` become a Terraform variable: a value only known at deploy time. */
function resolveVars(stack: TerraformStack, value: any): any {
  if (typeof value === 'string' && value.startsWith('@var:')) return new TerraformVariable(stack, value.slice('@var:'.length), { type: 'string' }).stringValue;
  if (Array.isArray(value)) return value.map((v) => resolveVars(stack, v));
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveVars(stack, v)]));
  return value;
}

const stack =
  (extra: (ws: CoiledGcpWorkspace) => void = () => undefined) =>
    (p: Props): Result =>
      synthGcp((app) => {
        const s = new TerraformStack(app, 'h');
        extra(new CoiledGcpWorkspace(s, 'Workspace', resolveVars(s, { ...BASE, ...p })));
        return s;
      });
const fullStack = (p: Props): Result => synthGcp((app) => new CoiledGcpStack(app, 'h', { ...BASE, ...p } as any));
const network = (factory: (o: any) => CoiledGcpNetwork) => (o: Props) => synthGcp((app) => new CoiledGcpStack(app, 'h', { ...BASE, network: factory(o) }));
const pub = (o: any) => CoiledGcpNetwork.publicSubnet(o);
const priv = (o: any) => CoiledGcpNetwork.privateSubnet(o);
const existing = (o: any) => CoiledGcpNetwork.existing(o);
/** A grant made on a default workspace: the props are the grant's arguments. */
const grant = (call: (ws: CoiledGcpWorkspace, p: Props) => void) => (p: Props) => stack((ws) => call(ws, p))({});

const cases: Case[] = [];
const add = (name: string, props: Props, run: (p: Props) => Result, expect: Expected) => cases.push({ cloud: 'gcp', name, props, run, expect });
const error = (code: string, input: string): Expected => ({ error: code, input });
const warn = (id: string, check?: (r: Result) => void): Expected => ({ warn: id, check });
const ok = (check?: (r: Result) => void): Expected => ({ ok: true, check });
const ingress = (ports: number[], cidrs: string[]) => cidrs.map((cidr) => ({ ports, cidr }));

// --- Exposure by address space (the construct's warning and the rule pack). ---
add('SSH from 0.0.0.0/1 + 128.0.0.0/1', { ingress: ingress([22], ['0.0.0.0/1', '128.0.0.0/1']) }, stack(), warn('coiled-byoc:adminPortOpenToWorld', (r) => expect(r.warnings.join()).toMatch(/GCP-NoAdminPortsFromAnywhere/)));
add('SSH from 128 /7 blocks', { ingress: ingress([22], Array.from({ length: 128 }, (_, i) => `${i * 2}.0.0.0/7`)) }, stack(), warn('coiled-byoc:adminPortOpenToWorld'));
add('RDP from ::/1 + 8000::/1', { ingress: ingress([3389], ['::/1', '8000::/1']) }, stack(), warn('coiled-byoc:adminPortOpenToWorld', (r) => expect(r.warnings.join()).toMatch(/GCP-NoAdminPortsFromAnywhere.*3389/)));
add('SSH from everything but private ranges', { ingress: ingress([22], ['0.0.0.0/5', '8.0.0.0/7', '11.0.0.0/8', '12.0.0.0/6', '16.0.0.0/4', '32.0.0.0/3', '64.0.0.0/2', '128.0.0.0/1']) }, stack(), warn('coiled-byoc:adminPortOpenToWorld'));
add('SSH split across two port sets', { ingress: [...ingress([22], ['0.0.0.0/1']), ...ingress([22, 443], ['128.0.0.0/1'])] }, stack(), warn('coiled-byoc:adminPortOpenToWorld', (r) => expect(r.warnings.join()).toMatch(/together with/)));
add('SSH from half the internet', { ingress: ingress([22], ['0.0.0.0/1']) }, stack(), warn('coiled-byoc:adminPortOpenWide'));
add('SSH from one address', { ingress: [...ingress([22], ['203.0.113.7/32']), ...ingress([443], ['10.0.0.0/8'])] }, stack(), ok((r) => expect(r.warnings.join()).not.toMatch(/adminPort|NoAdminPorts/)));
add('the default ingress', {}, stack(), warn('coiled-byoc:ingressFromAnywhere'));
add('restrictEgress undone by 0.0.0.0/0 data sources', { restrictEgress: true, dataSources: ingress([5432, 9092], ['0.0.0.0/0']) }, stack(), warn('coiled-byoc:egressOpenToWorld'));
add('restrictEgress undone by ::/1 + 8000::/1', { restrictEgress: true, dataSources: ingress([5432], ['::/1', '8000::/1']) }, stack(), warn('coiled-byoc:egressOpenToWorld'));
add('restrictEgress with HTTPS to anywhere only: nothing to say', { restrictEgress: true, dataSources: ingress([443], ['0.0.0.0/0']) }, stack(), ok((r) => expect(r.warnings.join()).not.toMatch(/egressOpenToWorld/)));

// --- Tokens: never mixed with literal blocks of a guessed family. ---
add('token CIDR without family beside a literal', { ingress: [{ ports: [443], cidr: '@var:client' }, { ports: [443], cidr: '10.0.0.0/8' }] }, stack(), error('UNKNOWN_ADDRESS_FAMILY', 'ingress[0].cidr'));
add('token CIDR declared IPv6 lands in the IPv6 rule', { ingress: [{ ports: [443], cidr: '@var:client', cidrFamily: IpFamily.IPV6 }, { ports: [443], cidr: '10.0.0.0/8' }] }, stack(), ok((r) => {
  const rules = Object.values<any>(r.terraform.resource.google_compute_firewall);
  expect(rules.find((f) => f.name === 'coiled-demo-sched-ipv6-443').source_ranges).toEqual(['${var.client}']);
  expect(rules.find((f) => f.name === 'coiled-demo-sched-ipv4-443').source_ranges).toEqual(['10.0.0.0/8']);
}));
add('token data source without family', { restrictEgress: true, dataSources: [{ ports: [5432], cidr: '@var:db' }] }, stack(), error('UNKNOWN_ADDRESS_FAMILY', 'dataSources[0].cidr'));

// --- Project-unique names. ---
const two = (p: Props) =>
  synthGcp((app) => {
    const s = new TerraformStack(app, 'h');
    new CoiledGcpWorkspace(s, 'First', { ...BASE, workspaceName: 'team-a', artifactRegistry: true });
    new CoiledGcpWorkspace(s, 'Second', { ...BASE, ...p });
    return s;
  });
add('two workspaces with artifactRegistry in one project and region', { workspaceName: 'team-b', artifactRegistry: true }, two, error('NAME_COLLISION', 'artifactRegistry'));
add('artifactRegistry in another region of the project', { workspaceName: 'team-b', region: 'europe-west1', artifactRegistry: true }, two, ok());
add('the same namePrefix twice in one project', { workspaceName: 'team-b', namePrefix: 'coiled-team-a' }, two, error('NAME_COLLISION', 'namePrefix'));
add('the same service-account id twice', { workspaceName: 'team-b', controlPlaneServiceAccountId: 'coiled-team-a' }, two, error('NAME_COLLISION', 'controlPlaneServiceAccountId'));
add('two workspaces in different projects', { workspaceName: 'team-a', projectId: 'other-project-42', artifactRegistry: true }, two, ok());

// --- Firewall quota and linear rendering. ---
const portSets = (n: number) => Array.from({ length: n }, (_, i) => ({ ports: [1024 + i], cidr: `10.${Math.floor(i / 256)}.${i % 256}.0/24` }));
add('150 distinct port sets against the default quota of 100', { ingress: portSets(150) }, stack(), error('FIREWALL_RULE_QUOTA', 'ingress'));
add('150 distinct port sets with a raised quota', { ingress: portSets(150), firewallRuleQuota: 200 }, stack(), ok((r) => expect(Object.keys(r.terraform.resource.google_compute_firewall).length).toBe(153)));
add('firewallRuleQuota 0', { firewallRuleQuota: 0 }, stack(), error('INVALID_NUMBER', 'firewallRuleQuota'));
add('firewallRuleQuota "500"', { firewallRuleQuota: '500' }, stack(), error('INVALID_TYPE', 'firewallRuleQuota'));
add('data sources in 120 port sets', { restrictEgress: true, dataSources: portSets(120) }, stack(), error('FIREWALL_RULE_QUOTA', 'dataSources'));
const quotaShared = (p: Props) =>
  synthGcp((app) => {
    const s = new TerraformStack(app, 'h');
    new CoiledGcpWorkspace(s, 'First', { ...BASE, workspaceName: 'team-a', ingress: portSets(60), firewallRuleQuota: 100 });
    new CoiledGcpWorkspace(s, 'Second', { ...BASE, ...p });
    return s;
  });
add('two workspaces together over the project quota', { workspaceName: 'team-b', ingress: portSets(60) }, quotaShared, error('FIREWALL_RULE_QUOTA', 'ingress'));

// --- Names, ids and regions: the input the user wrote, with a fix that works. ---
add('namePrefix ""', { namePrefix: '' }, stack(), error('INVALID_NAME', 'namePrefix'));
add('namePrefix with capitals and spaces', { namePrefix: 'My Coiled' }, stack(), error('INVALID_NAME', 'namePrefix'));
add('namePrefix too long for firewall names', { namePrefix: 'p'.repeat(40) }, stack(), error('INVALID_NAME', 'namePrefix'));
add('namePrefix too short for service-account ids', { namePrefix: 'abc' }, stack(), error('INVALID_NAME', 'namePrefix'));
add('workspaceName too long for the default prefix', { workspaceName: 'w'.repeat(20) }, stack(), error('INVALID_NAME', 'workspaceName'));
add('workspaceName "My Team"', { workspaceName: 'My Team' }, stack(), error('INVALID_WORKSPACE_NAME', 'workspaceName'));
add('workspaceName 123', { workspaceName: 123 }, stack(), error('INVALID_TYPE', 'workspaceName'));
add('customRoleSuffix "v 2"', { customRoleSuffix: 'v 2' }, stack(), error('INVALID_NAME', 'customRoleSuffix'));
add('controlPlaneServiceAccountId "abc"', { controlPlaneServiceAccountId: 'abc' }, stack(), error('INVALID_NAME', 'controlPlaneServiceAccountId'));
add('legacy domain-scoped project id', { projectId: 'example.com:my-project' }, fullStack, ok((r) => expect(JSON.stringify(r.terraform.output)).toContain('example.com:my-project')));
add('legacy domain-scoped project with the registry', { projectId: 'example.com:my-project', artifactRegistry: true }, fullStack, ok((r) => expect(JSON.stringify(r.terraform.output)).toContain('us-east1-docker.pkg.dev/example.com/my-project/coiled')));
add('projectId "My Project"', { projectId: 'My Project' }, stack(), error('INVALID_PROJECT_ID', 'projectId'));
add('projectId with capitals', { projectId: 'My-Project-123456' }, stack(), error('INVALID_PROJECT_ID', 'projectId'));
add('projectId a project number', { projectId: '123456789012' }, stack(), error('INVALID_PROJECT_ID', 'projectId'));
add('projectId 42', { projectId: 42 }, stack(), error('INVALID_TYPE', 'projectId'));
add('region a zone', { region: 'us-east1-b' }, stack(), error('INVALID_REGION', 'region'));
add('region in capitals', { region: 'US-EAST1' }, stack(), error('INVALID_REGION', 'region'));
add('region an AWS region', { region: 'us-east-1' }, stack(), error('INVALID_REGION', 'region'));
add('projectID (typo)', { projectID: 'x' }, stack(), error('UNKNOWN_OPTION', 'projectID'));

// --- Names every object inherits (Object.prototype): no such option or family. ---
for (const name of ['constructor', 'toString', 'valueOf', 'hasOwnProperty']) {
  add(`a prop named ${name}`, { [name]: 'x' }, stack(), error('UNKNOWN_OPTION', name));
  add(`a rule key named ${name}`, { ingress: [{ ports: [443], cidr: '10.0.0.0/8', [name]: 'x' }] }, stack(), error('UNKNOWN_OPTION', `ingress[0].${name}`));
  add(`cidrFamily ${name} on a token block`, { ingress: [{ ports: [443], cidr: '@var:client', cidrFamily: name }] }, stack(), error('INVALID_ENUM_VALUE', 'ingress[0].cidrFamily'));
  add(`a network option named ${name}`, { [name]: 'x' }, network(pub), error('UNKNOWN_OPTION', name));
}
add('enableApis "false"', { enableApis: 'false' }, stack(), error('INVALID_TYPE', 'enableApis'));
add('firewallLogging "yes"', { firewallLogging: 'yes' }, stack(), error('INVALID_TYPE', 'firewallLogging'));
add('network "default" (text)', { network: 'default' }, stack(), error('INVALID_TYPE', 'network'));
add('ingress a string', { ingress: '10.0.0.0/8' }, stack(), error('INVALID_TYPE', 'ingress'));
add('ingress new Array(1) (was a wrong error)', { ingress: new Array(1) }, stack(), error('INVALID_TYPE', 'ingress[0]'));
// eslint-disable-next-line no-sparse-arrays
add('ports sparse', { ingress: [{ ports: [, 443], cidr: '10.0.0.0/8' }] }, stack(), error('INVALID_TYPE', 'ingress[0].ports[0]'));
add('ports [] (was "set a shorter namePrefix")', { ingress: [{ ports: [], cidr: '10.0.0.0/8' }] }, stack(), error('EMPTY_PORTS', 'ingress[0].ports'));
add('schedulerPort "443"', { schedulerPort: '443' }, stack(), error('INVALID_TYPE', 'schedulerPort'));

// --- Networks. ---
add('natMinPortsPerVm 100', { natMinPortsPerVm: 100 }, network(priv), error('INVALID_NUMBER', 'natMinPortsPerVm'));
add('natMinPortsPerVm "256"', { natMinPortsPerVm: '256' }, network(priv), error('INVALID_TYPE', 'natMinPortsPerVm'));
add('subnetCidr with host bits', { subnetCidr: '10.0.0.1/16' }, network(pub), error('INVALID_CIDR', 'subnetCidr'));
add('subnetCidr IPv6', { subnetCidr: '2001:db8::/64' }, network(pub), error('INVALID_CIDR', 'subnetCidr'));
add('natType on a GCP network (unknown option)', { natType: 'GATEWAY' }, network(priv), error('UNKNOWN_OPTION', 'natType'));
add('privateGoogleAccess off in private mode warns', { privateGoogleAccess: false }, network(priv), warn('coiled-byoc:noPrivateGoogleAccess'));
add('existing subnet in another region', { network: 'shared', subnetwork: 'projects/my-project-123456/regions/europe-west1/subnetworks/coiled' }, network(existing), error('INVALID_NETWORK', 'subnetwork'));
add('existing subnet in another project than the network', { network: 'projects/host-project-1/global/networks/shared', subnetwork: 'projects/other-project-2/regions/us-east1/subnetworks/coiled' }, network(existing), error('INVALID_NETWORK', 'subnetwork'));
add('existing Shared VPC by selfLinks', { network: 'projects/host-project-1/global/networks/shared', subnetwork: 'projects/host-project-1/regions/us-east1/subnetworks/coiled' }, network(existing), ok());
add('existing network selfLink of a domain-scoped project', { network: 'projects/example.com:my-project/global/networks/shared', subnetwork: 'projects/example.com:my-project/regions/us-east1/subnetworks/coiled' }, network(existing), ok());
add('existing network name with a space', { network: 'my network', subnetwork: 'coiled' }, network(existing), error('INVALID_NETWORK', 'network'));
add('existing network missing', { subnetwork: 'coiled' }, network(existing), error('INVALID_TYPE', 'network'));

// --- Grants: idempotent, checked. ---
add('grantBucketRead twice', { bucket: 'my-data' }, grant((ws, p) => {
  ws.grantBucketRead(p.bucket);
  ws.grantBucketRead(p.bucket);
}), ok((r) => expect(Object.keys(r.terraform.resource.google_storage_bucket_iam_member)).toHaveLength(1)));
add('grantBigQueryDatasetRead twice', { dataset: 'sales' }, grant((ws, p) => {
  ws.grantBigQueryDatasetRead(p.dataset);
  ws.grantBigQueryDatasetRead(p.dataset, BASE.projectId);
}), ok((r) => expect(Object.keys(r.terraform.resource.google_bigquery_dataset_iam_member)).toHaveLength(1)));
add('grantBigQueryJobUser twice', {}, grant((ws) => {
  ws.grantBigQueryJobUser();
  ws.grantBigQueryJobUser();
}), ok());
add('grantBucketRead a gs:// URL', { bucketName: 'gs://my-data/path' }, grant((ws, p) => ws.grantBucketRead(p.bucketName)), error('INVALID_NAME', 'bucketName'));
add('grantBucketRead 123', { bucketName: 123 }, grant((ws, p) => ws.grantBucketRead(p.bucketName)), error('INVALID_TYPE', 'bucketName'));
add('grantBucketRead a list', { bucketName: ['a', 'b'] }, grant((ws, p) => ws.grantBucketRead(p.bucketName)), error('INVALID_TYPE', 'bucketName'));
add('grantBigQueryDatasetRead a hyphenated id', { datasetId: 'my-dataset' }, grant((ws, p) => ws.grantBigQueryDatasetRead(p.datasetId)), error('INVALID_NAME', 'datasetId'));
add('grantBigQueryJobUser a bad project', { projectId: 'Bad Project' }, grant((ws, p) => ws.grantBigQueryJobUser(p.projectId)), error('INVALID_PROJECT_ID', 'projectId'));

// --- Valid configurations. ---
add('the default stack', {}, fullStack, warn('coiled-byoc:ingressFromAnywhere'));
add('private network', {}, network(priv), ok());
add('existing network by name', { network: 'shared', subnetwork: 'coiled' }, network(existing), ok());
add('namePrefix coiled', { namePrefix: 'coiled' }, stack(), ok());

// --- Secrets: names valid on both clouds, no version in state without the opt-in. ---
const secretOf = (extra: Props) => ({ secrets: [{ name: 'database_token', ...extra }] });
add('secret name with a hyphen', secretOf({ name: 'db-token' }), fullStack, error('INVALID_NAME', 'secrets[0].name'));
add('secret name with unicode', secretOf({ name: 'tökén' }), fullStack, error('INVALID_NAME', 'secrets[0].name'));
add('secret name with a newline', secretOf({ name: 'db\rtoken' }), fullStack, error('INVALID_NAME', 'secrets[0].name'));
add('secrets not a list', { secrets: {} }, fullStack, error('INVALID_TYPE', 'secrets'));
add('two secrets with one name', { secrets: [{ name: 'token' }, { name: 'token' }] }, fullStack, error('NAME_COLLISION', 'secrets[1].name'));
add('secret adopted by resource name', secretOf({ existingSecretId: 'projects/other-project-1/secrets/token' }), fullStack, error('INVALID_NAME', 'secrets[0].existingSecretId'));
add('secret project without an id', secretOf({ existingSecretProjectId: 'other-project-1' }), fullStack, error('CONFLICTING_OPTIONS', 'secrets[0].existingSecretProjectId'));
add('secret adopted from a bad project', secretOf({ existingSecretId: 'token', existingSecretProjectId: 'Other Project' }), fullStack, error('INVALID_PROJECT_ID', 'secrets[0].existingSecretProjectId'));
add('secret adopted with a value', secretOf({ existingSecretId: 'token', value: 'tok-0a9f', allowPlaintextValue: true }), fullStack, error('CONFLICTING_OPTIONS', 'secrets[0].value'));
add('secret plaintext value without the opt-in', secretOf({ value: 'tok-0a9f7c31' }), fullStack, error('PLAINTEXT_SECRET_VALUE', 'secrets[0].value'));
add('secret plaintext value with the opt-in', secretOf({ value: 'tok-0a9f', allowPlaintextValue: true }), fullStack, warn('coiled-byoc:secretValueInState'));
add('a secret, created empty', secretOf({}), fullStack, warn('coiled-byoc:ingressFromAnywhere', (r) => expect(r.terraform.resource.google_secret_manager_secret_version).toBeUndefined()));

export const GCP_CASES = cases;
