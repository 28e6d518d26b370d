import { TerraformStack, TerraformVariable, Testing } from 'cdktf';
import contract from './contract-permissions.json';
import { BASE, bareWorkspace, gcpWarnings, libraryError, ofType, synthStack } from './util';
import { CoiledGcpServiceAccounts } from '../../src/gcp';

const byRoleId = (json: any) => Object.fromEntries(Object.values<any>(ofType(json, 'google_project_iam_custom_role')).map((r) => [r.role_id, r]));

describe('custom roles carry exactly the permissions of `coiled setup gcp`', () => {
  test('role coiled: the 82 permissions of the contract, in order', () => {
    const role = byRoleId(synthStack().json).coiled_demo;
    expect(role).toMatchObject({ title: 'coiled', stage: 'GA', project: BASE.projectId });
    expect(role.permissions).toEqual(contract.coiled);
    expect(role.permissions).toHaveLength(82);
  });

  test('role coiled_data: the 7 permissions of the contract', () => {
    const role = byRoleId(synthStack().json).coiled_demo_data;
    expect(role).toMatchObject({ title: 'coiled-data', stage: 'GA' });
    expect(role.permissions).toEqual(contract.coiled_data);
  });

  test("namePrefix 'coiled' gives Coiled's own ids; a suffix lets a destroyed role id be re-applied", () => {
    expect(Object.keys(byRoleId(synthStack({ namePrefix: 'coiled' }).json)).sort()).toEqual(['coiled', 'coiled_data']);
    expect(Object.keys(byRoleId(synthStack({ namePrefix: 'coiled', customRoleSuffix: 'v2' }).json)).sort()).toEqual(['coiled_data_v2', 'coiled_v2']);
  });
});

describe('service accounts and IAM', () => {
  test('two accounts, workspace-scoped ids by default', () => {
    const accounts = Object.values<any>(ofType(synthStack().json, 'google_service_account')).map((a) => a.account_id);
    expect(accounts.sort()).toEqual(['coiled-demo', 'coiled-demo-data']);
  });

  test('ids are overridable', () => {
    const accounts = Object.values<any>(ofType(synthStack({ controlPlaneServiceAccountId: 'coiled', dataServiceAccountId: 'coiled-data' }).json, 'google_service_account')).map((a) => a.account_id);
    expect(accounts.sort()).toEqual(['coiled', 'coiled-data']);
  });

  test('IAM is additive only: project members binding each account to its role, never bindings or policies', () => {
    const { json } = synthStack();
    const members = Object.values<any>(ofType(json, 'google_project_iam_member'));
    expect(members.map((m) => [m.role, m.member])).toEqual([
      ['${google_project_iam_custom_role.Workspace_ServiceAccounts_ControlPlaneRole_721A9DCA.name}', '${google_service_account.Workspace_ServiceAccounts_ControlPlane_DEADF396.member}'],
      ['${google_project_iam_custom_role.Workspace_ServiceAccounts_DataRole_934DCD07.name}', '${google_service_account.Workspace_ServiceAccounts_Data_DDBEB0B7.member}'],
    ]);
    for (const authoritative of ['google_project_iam_binding', 'google_project_iam_policy', 'google_service_account_iam_binding', 'google_service_account_iam_policy']) {
      expect(ofType(json, authoritative)).toEqual({});
    }
  });

  test('no primitive role anywhere', () => {
    expect(JSON.stringify(synthStack({ artifactRegistry: true }).json)).not.toMatch(/roles\/(owner|editor|viewer)"/);
  });

  test('no key in state by default: the gcloud command instead', () => {
    const { json, stack } = synthStack();
    expect(ofType(json, 'google_service_account_key')).toEqual({});
    expect(json.output.coiled_service_account_key_command.value).toBe(
      "gcloud iam service-accounts keys create coiled-key.json --iam-account='${google_service_account.Workspace_ServiceAccounts_ControlPlane_DEADF396.email}' --project='my-project-123456'",
    );
    expect(json.output.coiled_service_account_key).toBeUndefined();
    expect(gcpWarnings(stack).join()).not.toMatch(/serviceAccountKeyInState/);
  });

  test('createServiceAccountKey creates it, and warns that it lives in state', () => {
    const { json, stack } = synthStack({ createServiceAccountKey: true });
    expect(Object.values<any>(ofType(json, 'google_service_account_key'))).toHaveLength(1);
    expect(gcpWarnings(stack).join()).toMatch(/serviceAccountKeyInState.*clear text in Terraform state/);
  });

  test('accounts and roles wait for the IAM APIs', () => {
    const account = Object.values<any>(ofType(synthStack().json, 'google_service_account'))[0];
    expect(account.depends_on).toEqual(['google_project_service.Workspace_Apis_iam_0FC78940', 'google_project_service.Workspace_Apis_cloudresourcemanager_A73CD3CC']);
  });

  test('CoiledGcpServiceAccounts on its own accepts token ids', () => {
    const stack = new TerraformStack(Testing.app(), 'test');
    const id = new TerraformVariable(stack, 'sa', { type: 'string' }).stringValue;
    new CoiledGcpServiceAccounts(stack, 'Sa', { projectId: BASE.projectId, workspaceName: 'demo', controlPlaneServiceAccountId: id, dataServiceAccountId: 'coiled-data', controlPlaneRoleId: 'coiled', dataRoleId: 'coiled_data' });
    const accounts = Object.values<any>(JSON.parse(Testing.synth(stack)).resource.google_service_account).map((a) => a.account_id);
    expect(accounts).toContain('${var.sa}');
  });
});

describe('bad service-account input', () => {
  test.each([
    [{ controlPlaneServiceAccountId: 'abc' }, /fewer than the 6 required/],
    [{ dataServiceAccountId: 'Coiled-Data' }, /not valid as a GCP service-account id/],
    [{ workspaceName: 'a-very-long-workspace-name' }, /30-character limit/],
    [{ customRoleSuffix: 'v-2' }, /role-id suffix/],
  ])('%j fails', (props, message) => {
    expect(libraryError(() => bareWorkspace(props)).message).toMatch(message);
  });
});
