import { TerraformStack, TerraformVariable, Testing } from 'cdktf';
import { BASE, bareWorkspace, libraryError, ofType, synthStack } from './util';
import { GCP_OUTPUT_KEYS } from '../../src/core/handoff';
import { CoiledGcpStack, CoiledGcpWorkspace } from '../../src/gcp';

describe('APIs', () => {
  test("enables Coiled's APIs and never disables them on destroy", () => {
    const services = Object.values<any>(ofType(synthStack().json, 'google_project_service'));
    expect(services.map((s) => s.service).sort()).toEqual([
      'bigquery.googleapis.com',
      'cloudresourcemanager.googleapis.com',
      'compute.googleapis.com',
      'iam.googleapis.com',
      'logging.googleapis.com',
      'monitoring.googleapis.com',
    ]);
    expect(services.every((s) => s.disable_on_destroy === false && s.disable_dependent_services === false)).toBe(true);
  });

  test('enableApis: false leaves APIs to you', () => {
    expect(ofType(synthStack({ enableApis: false }).json, 'google_project_service')).toEqual({});
  });
});

describe('Artifact Registry', () => {
  test("docker repo 'coiled' in the region, repoAdmin on that repo only, for the control-plane account only", () => {
    const { json, stack } = synthStack({ artifactRegistry: true });
    expect(Object.values<any>(ofType(json, 'google_artifact_registry_repository'))).toEqual([
      expect.objectContaining({ repository_id: 'coiled', format: 'DOCKER', location: 'us-east1', project: BASE.projectId }),
    ]);
    expect(Object.values<any>(ofType(json, 'google_artifact_registry_repository_iam_member'))).toEqual([
      expect.objectContaining({ role: 'roles/artifactregistry.repoAdmin', member: '${google_service_account.Workspace_ServiceAccounts_ControlPlane_DEADF396.member}' }),
    ]);
    expect(Object.values<any>(ofType(json, 'google_project_service')).map((s) => s.service)).toContain('artifactregistry.googleapis.com');
    expect(stack.workspace.artifactRegistryRepository).toBe('us-east1-docker.pkg.dev/my-project-123456/coiled');
  });

  test('off by default', () => {
    expect(ofType(synthStack().json, 'google_artifact_registry_repository')).toEqual({});
  });
});

describe('data access for the VMs, at the resource', () => {
  function grants(fn: (ws: CoiledGcpWorkspace) => void): any {
    const { stack, ws } = bareWorkspace();
    fn(ws);
    return JSON.parse(Testing.synth(stack));
  }
  const DATA_MEMBER = '${google_service_account.Workspace_ServiceAccounts_Data_DDBEB0B7.member}';

  test('grantBucketRead: objectViewer on that bucket', () => {
    expect(Object.values(ofType(grants((ws) => ws.grantBucketRead('my-data')), 'google_storage_bucket_iam_member'))).toEqual([{ bucket: 'my-data', role: 'roles/storage.objectViewer', member: DATA_MEMBER }]);
  });

  test('grantBucketReadWrite: objectUser on that bucket', () => {
    expect(Object.values(ofType(grants((ws) => ws.grantBucketReadWrite('my-data')), 'google_storage_bucket_iam_member'))).toEqual([{ bucket: 'my-data', role: 'roles/storage.objectUser', member: DATA_MEMBER }]);
  });

  test('grantBigQueryDatasetRead: dataViewer on that dataset, in another project if asked', () => {
    expect(Object.values(ofType(grants((ws) => ws.grantBigQueryDatasetRead('sales', 'warehouse-123456')), 'google_bigquery_dataset_iam_member'))).toEqual([
      { dataset_id: 'sales', project: 'warehouse-123456', role: 'roles/bigquery.dataViewer', member: DATA_MEMBER },
    ]);
  });

  test('grantBigQueryJobUser: jobUser on the paying project', () => {
    const members = Object.values<any>(ofType(grants((ws) => ws.grantBigQueryJobUser()), 'google_project_iam_member'));
    expect(members).toContainEqual({ project: BASE.projectId, role: 'roles/bigquery.jobUser', member: DATA_MEMBER });
  });

  test('grants are keyed by the resource, so adding one never renames another', () => {
    const json = grants((ws) => {
      ws.grantBucketRead('a-bucket');
      ws.grantBucketRead('b-bucket');
    });
    expect(Object.keys(ofType(json, 'google_storage_bucket_iam_member')).map((k) => k.replace(/_[0-9A-F]{8}$/, ''))).toEqual(['Workspace_BucketRead-a-bucket', 'Workspace_BucketRead-b-bucket']);
  });

  test.each([
    [(ws: CoiledGcpWorkspace) => ws.grantBucketRead('Bad Bucket'), 'bucketName'],
    [(ws: CoiledGcpWorkspace) => ws.grantBigQueryDatasetRead('sales-2024'), 'datasetId'],
    [(ws: CoiledGcpWorkspace) => ws.grantBigQueryJobUser('Bad'), 'projectId'],
  ])('bad resource names fail (%#)', (fn, input) => {
    const { ws } = bareWorkspace();
    expect(libraryError(() => fn(ws)).input).toBe(input);
  });
});

describe('CoiledGcpStack', () => {
  test('Google provider for the project and region, pinned by the prebuilt provider', () => {
    const { json } = synthStack();
    expect(json.provider.google).toEqual([{ project: BASE.projectId, region: 'us-east1' }]);
    expect(json.terraform.required_providers.google.source).toBe('google');
  });

  test('one output per value Coiled needs, under stable names', () => {
    const { json } = synthStack();
    const conditional: string[] = [GCP_OUTPUT_KEYS.artifactRegistry, GCP_OUTPUT_KEYS.serviceAccountKey, GCP_OUTPUT_KEYS.secrets];
    const expected = Object.values(GCP_OUTPUT_KEYS).filter((k) => !conditional.includes(k));
    expect(Object.keys(json.output).sort()).toEqual(expected.sort());
    expect(json.output.coiled_network_self_link.value).toBe('${google_compute_network.Workspace_Network_C1EF82AE.self_link}');
    expect(json.output.coiled_scheduler_network_tag.value).toBe('coiled-demo-scheduler');
    expect(json.output.coiled_give_workers_public_ip.value).toBe(true);
  });

  test('the key output is sensitive when the key is created, and the command output disappears', () => {
    const { json } = synthStack({ createServiceAccountKey: true });
    expect(json.output.coiled_service_account_key).toMatchObject({ sensitive: true, value: expect.stringMatching(/^\$\{google_service_account_key\.Workspace_ServiceAccounts_Key_[0-9A-F]{8}\.private_key\}$/) });
    expect(json.output.coiled_service_account_key_command).toBeUndefined();
  });

  test('registry output when enabled', () => {
    expect(synthStack({ artifactRegistry: true }).json.output.coiled_artifact_registry_repository.value).toBe('us-east1-docker.pkg.dev/my-project-123456/coiled');
  });
});

describe('CoiledGcpWorkspace bad input and tokens', () => {
  test.each([
    [{ projectId: 'My Project' }, 'INVALID_PROJECT_ID', /project \*id\*/],
    [{ projectId: '123456789012' }, 'INVALID_PROJECT_ID', /starts with a letter/],
    [{ region: 'us-east1-b' }, 'INVALID_REGION', /that is a zone, not a region. Fix: use "us-east1"/],
    [{ region: 'mars' }, 'INVALID_REGION', /us-east1/],
    [{ workspaceName: 'Bad' }, 'INVALID_WORKSPACE_NAME', /"bad"/],
  ])('%j fails', (props, code, message) => {
    const err = libraryError(() => bareWorkspace(props));
    expect(err.code).toBe(code);
    expect(err.message).toMatch(message);
  });

  test('token project and region pass through unchecked', () => {
    const stack = new TerraformStack(Testing.app(), 'test');
    const projectId = new TerraformVariable(stack, 'project', { type: 'string' }).stringValue;
    const region = new TerraformVariable(stack, 'region', { type: 'string' }).stringValue;
    new CoiledGcpWorkspace(stack, 'Workspace', { ...BASE, projectId, region });
    const json = JSON.parse(Testing.synth(stack));
    expect(Object.values<any>(json.resource.google_compute_subnetwork)[0]).toMatchObject({ project: '${var.project}', region: '${var.region}' });
  });

  test('two workspaces in one project need distinct names, and get them by default', () => {
    const app = Testing.app();
    new CoiledGcpStack(app, 'a', { ...BASE, workspaceName: 'team-a' });
    expect(() => new CoiledGcpStack(app, 'b', { ...BASE, workspaceName: 'team-b' })).not.toThrow();
    const err = libraryError(() => new CoiledGcpStack(app, 'c', { ...BASE, workspaceName: 'team-c', namePrefix: 'coiled-team-a' }));
    expect(err.code).toBe('NAME_COLLISION');
  });
});
