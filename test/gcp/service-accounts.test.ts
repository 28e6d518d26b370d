import { ProjectService } from '@cdktf/provider-google/lib/project-service';
import { TerraformOutput, TerraformStack, TerraformVariable, Testing } from 'cdktf';
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

/**
 * CoiledGcpServiceAccounts on its own, every resource field by field: what each role grants, to
 * which account, and the warning a key in state earns, word for word (issue 16: the titles,
 * descriptions, addresses and the key's condition were never pinned).
 */
describe('CoiledGcpServiceAccounts, resource by resource', () => {
  const SA = { projectId: 'my-project-123456', workspaceName: 'demo', controlPlaneServiceAccountId: 'cp-account', dataServiceAccountId: 'data-account', controlPlaneRoleId: 'cp_role', dataRoleId: 'data_role' };
  const KEY_WARNING =
    '[coiled-byoc:serviceAccountKeyInState] createServiceAccountKey is on: the private key of the control-plane service account will be stored in clear text in Terraform state. Protect the state backend, or leave this off and run the printed gcloud command instead.';
  const CP = '${google_service_account.Sa_ControlPlane_C2C4713D';
  const DATA = '${google_service_account.Sa_Data_38B8BC2B';
  const resources = (dependsOn?: string[]) => {
    const waits = dependsOn ? { depends_on: dependsOn } : {};
    return {
      google_project_iam_custom_role: {
        Sa_ControlPlaneRole_ECE4A541: { ...waits, description: 'used by Coiled control-plane for creating infrastructure and clusters (workspace demo)', permissions: contract.coiled, project: 'my-project-123456', role_id: 'cp_role', stage: 'GA', title: 'coiled' },
        Sa_DataRole_179FF3C7: { ...waits, description: 'service account attached to cluster instances for data access (workspace demo)', permissions: contract.coiled_data, project: 'my-project-123456', role_id: 'data_role', stage: 'GA', title: 'coiled-data' },
      },
      google_service_account: {
        Sa_ControlPlane_C2C4713D: { ...waits, account_id: 'cp-account', description: 'Coiled acts as this account to create VMs, firewalls and logs for the workspace', display_name: 'Coiled control plane (demo)', project: 'my-project-123456' },
        Sa_Data_38B8BC2B: { ...waits, account_id: 'data-account', description: 'Cluster VMs run as this account; grant it access to your data', display_name: 'Coiled cluster VMs (demo)', project: 'my-project-123456' },
      },
      // Each account bound to its own role, and to nothing else.
      google_project_iam_member: {
        Sa_ControlPlaneRoleMember_F8078C4A: { member: `${CP}.member}`, project: 'my-project-123456', role: '${google_project_iam_custom_role.Sa_ControlPlaneRole_ECE4A541.name}' },
        Sa_DataRoleMember_A2BE9E24: { member: `${DATA}.member}`, project: 'my-project-123456', role: '${google_project_iam_custom_role.Sa_DataRole_179FF3C7.name}' },
      },
    };
  };
  const build = (props: Partial<ConstructorParameters<typeof CoiledGcpServiceAccounts>[2]>, withApi = false) => {
    const stack = new TerraformStack(Testing.app(), 'test');
    const dependsOn = withApi ? [new ProjectService(stack, 'Iam', { service: 'iam.googleapis.com' })] : undefined;
    const sa = new CoiledGcpServiceAccounts(stack, 'Sa', { ...SA, dependsOn, ...props });
    new TerraformOutput(stack, 'command', { value: sa.keyCommand });
    const json = JSON.parse(Testing.synth(stack));
    return { sa, stack, resource: json.resource, command: json.output.command.value };
  };

  test('no key: two roles, two accounts, two member bindings; the gcloud command, quoted; no warning', () => {
    const { sa, stack, resource, command } = build({});
    expect(resource).toEqual(resources());
    expect(command).toBe(`gcloud iam service-accounts keys create coiled-key.json --iam-account='${CP}.email}' --project='my-project-123456'`);
    expect(sa.key).toBeUndefined();
    expect(gcpWarnings(stack)).toEqual([]);
  });

  test('createServiceAccountKey false is no key either', () => {
    const { sa, resource } = build({ createServiceAccountKey: false });
    expect(resource).toEqual(resources());
    expect(sa.key).toBeUndefined();
  });

  test('createServiceAccountKey: a key of the control-plane account, one warning word for word; roles and accounts wait for dependsOn', () => {
    const { sa, stack, resource } = build({ createServiceAccountKey: true }, true);
    const { google_project_service: apis, ...rest } = resource;
    expect(Object.keys(apis)).toEqual(['Iam']);
    expect(rest).toEqual({ ...resources(['google_project_service.Iam']), google_service_account_key: { Sa_Key_3E9CECB1: { service_account_id: `${CP}.name}` } } });
    expect(sa.key).toBeDefined();
    expect(gcpWarnings(stack)).toEqual([KEY_WARNING]);
  });

  test('a dependsOn entry Terraform cannot depend on is refused, naming its place in the list', () => {
    const e = libraryError(() => build({ dependsOn: [{} as never] }));
    expect({ code: e.code, input: e.input, value: e.value, problem: e.problem, fix: e.fix, suggestion: e.suggestion }).toEqual({
      code: 'INVALID_TYPE',
      input: 'dependsOn[0]',
      value: '{}',
      problem: 'not a resource or module Terraform can depend on (it has no fqn)',
      fix: 'pass the resources themselves (e.g. a ProjectService), not their ids or names',
      suggestion: undefined,
    });
  });
});
