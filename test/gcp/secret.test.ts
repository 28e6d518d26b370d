/**
 * Secrets of a GCP workspace: the secret exists, the data service account alone is granted
 * `roles/secretmanager.secretAccessor`, additively and on that secret only, the control plane has no
 * read path, the API is enabled and kept on destroy, no version (so no value) in Terraform unless
 * the user allows it, and every bad input fails at synth with our error.
 */
import { TerraformStack, TerraformVariable, Testing } from 'cdktf';
import { BASE, bareWorkspace, gcpWarnings, libraryError, ofType, synthStack } from './util';
import { CoiledGcpChecks, CoiledGcpSecretProps, CoiledGcpStack, CoiledGcpWorkspace } from '../../src/gcp';
import { COILED_DATA_ROLE_PERMISSIONS, COILED_ROLE_PERMISSIONS } from '../../src/gcp/permissions';

const VALUE = 'tok-5ecr3t-TEST-VALUE-7f3a9c21';
const SECRET = 'google_secret_manager_secret';
const ACCESSOR = 'google_secret_manager_secret_iam_member';
const one = (json: any, type: string) => {
  const all = Object.entries<any>(ofType(json, type));
  if (all.length !== 1) throw new Error(`expected one ${type}, found ${all.length}`);
  return { address: `${type}.${all[0][0]}`, config: all[0][1] };
};
const reference = (json: any, type: string, attribute: string) => `\${${one(json, type).address}.${attribute}}`;
const dataAccount = (json: any) => Object.entries<any>(ofType(json, 'google_service_account')).find(([, a]) => a.account_id.endsWith('-data'))![0];
const controlPlaneAccount = (json: any) => Object.entries<any>(ofType(json, 'google_service_account')).find(([, a]) => !a.account_id.endsWith('-data'))![0];

describe('a secret the workspace creates', () => {
  const { json } = synthStack({ secrets: [{ name: 'database_token' }] });

  test('exists as coiled-<workspace>-<name>, replicated automatically, labelled, after its API', () => {
    expect(one(json, SECRET).config).toEqual({
      project: BASE.projectId,
      secret_id: 'coiled-demo-database_token',
      replication: { auto: {} },
      labels: { 'coiled-workspace': 'demo' },
      annotations: { description: 'database_token of Coiled workspace demo, read by its cluster VMs' },
      depends_on: [expect.stringMatching(/^google_project_service\.Workspace_Apis_secretmanager_/)],
    });
  });

  test('enables secretmanager.googleapis.com and never disables it on destroy', () => {
    const api = Object.values<any>(ofType(json, 'google_project_service')).find((s) => s.service === 'secretmanager.googleapis.com');
    expect(api).toMatchObject({ disable_on_destroy: false, disable_dependent_services: false });
  });

  test('the data service account alone reads it: one additive member, secretAccessor, on this secret only', () => {
    expect(one(json, ACCESSOR).config).toEqual({
      project: BASE.projectId,
      secret_id: reference(json, SECRET, 'secret_id'),
      role: 'roles/secretmanager.secretAccessor',
      member: `\${google_service_account.${dataAccount(json)}.member}`,
    });
    // Nothing authoritative, and no project-level grant that would reach other secrets.
    for (const type of Object.keys(json.resource)) expect(type).not.toMatch(/_iam_(binding|policy)$/);
    const projectRoles = Object.values<any>(ofType(json, 'google_project_iam_member')).map((m) => m.role);
    expect(projectRoles.some((role) => /secretmanager/.test(role))).toBe(false);
  });

  test('the control plane has no read path: no grant on the secret, no Secret Manager permission in either custom role', () => {
    expect(JSON.stringify(ofType(json, ACCESSOR))).not.toContain(controlPlaneAccount(json));
    expect([...COILED_ROLE_PERMISSIONS, ...COILED_DATA_ROLE_PERMISSIONS].filter((p) => p.startsWith('secretmanager.'))).toEqual([]);
    const customRoles = Object.values<any>(ofType(json, 'google_project_iam_custom_role')).flatMap((r) => r.permissions);
    expect(customRoles.length).toBeGreaterThan(80);
    expect(customRoles.filter((p: string) => p.startsWith('secretmanager.'))).toEqual([]);
  });

  test('no version: Terraform never holds a value', () => {
    expect(ofType(json, 'google_secret_manager_secret_version')).toEqual({});
    expect(new CoiledGcpChecks().check(json)).toEqual([]);
  });

  test('the stack tells the hand-off the resource name, the environment variable, and that it is empty', () => {
    expect(JSON.parse(json.output.coiled_secrets.value)).toEqual([
      { name: 'database_token', secretId: 'projects/my-project-123456/secrets/coiled-demo-database_token', environmentVariable: 'DATABASE_TOKEN_SECRET_NAME', value: 'set-after-deploy' },
    ]);
  });
});

describe('values: never in Terraform unless allowed', () => {
  test('a literal value without the opt-in fails before anything is built; the whole Terraform output holds no trace of it', () => {
    const app = Testing.app();
    const stack = new CoiledGcpStack(app, 'coiled', BASE);
    const err = libraryError(() => stack.workspace.addSecret('Token', { name: 'token', value: VALUE }));
    expect(err.code).toBe('PLAINTEXT_SECRET_VALUE');
    expect(err.input).toBe("addSecret('Token').value");
    expect(err.message).not.toContain(VALUE);
    const output = Testing.synth(stack);
    expect(output).toContain('coiled-demo-data');
    expect(output).not.toContain(VALUE);
    expect(output).not.toContain('secret_manager');
  });

  test('with allowPlaintextValue, a version holds it (the search finds it), synthesis warns, and the rule pack flags it unless told', () => {
    const { stack, json } = synthStack({ secrets: [{ name: 'token', value: VALUE, allowPlaintextValue: true }] });
    expect(JSON.stringify(json)).toContain(VALUE);
    expect(one(json, 'google_secret_manager_secret_version').config).toEqual({ secret: reference(json, SECRET, 'id'), secret_data: VALUE });
    expect(gcpWarnings(stack).join('\n')).toMatch(/coiled-byoc:secretValueInState|cdk\.tf\.json and Terraform state/);
    expect(new CoiledGcpChecks().check(json).map((f) => f.ruleId)).toEqual(['GCP-NoSecretVersionsInState']);
    expect(new CoiledGcpChecks({ allowSecretVersionsInState: true }).check(json)).toEqual([]);
  });
});

describe('adopting an existing secret', () => {
  test('in the workspace project: only the grant, on that secret', () => {
    const { json } = synthStack({ secrets: [{ name: 'db', existingSecretId: 'prod-db-token' }] });
    expect(ofType(json, SECRET)).toEqual({});
    expect(one(json, ACCESSOR).config).toMatchObject({ project: BASE.projectId, secret_id: 'prod-db-token', role: 'roles/secretmanager.secretAccessor' });
    expect(JSON.parse(json.output.coiled_secrets.value)[0]).toMatchObject({ secretId: 'projects/my-project-123456/secrets/prod-db-token', value: 'existing' });
    // Nothing created in this project: no API to enable for it.
    expect(Object.values<any>(ofType(json, 'google_project_service')).map((s) => s.service)).not.toContain('secretmanager.googleapis.com');
  });

  test('in another project', () => {
    const { json } = synthStack({ secrets: [{ name: 'shared', existingSecretId: 'org-token', existingSecretProjectId: 'shared-secrets-1' }] });
    expect(one(json, ACCESSOR).config).toMatchObject({ project: 'shared-secrets-1', secret_id: 'org-token' });
  });

  test('ids that are tokens pass unchecked', () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, 'test');
    const id = new TerraformVariable(stack, 'secret', { type: 'string' }).stringValue;
    expect(() => new CoiledGcpWorkspace(stack, 'Workspace', { ...BASE, secrets: [{ name: 'x', existingSecretId: id }] })).not.toThrow();
  });
});

describe('the workspace and its stack', () => {
  test('no secrets: no secret, no API for them, no output (nothing changes for existing stacks)', () => {
    expect(JSON.stringify(synthStack().json)).not.toMatch(/secret/i);
  });

  test('enableApis: false enables nothing, the secret still exists', () => {
    const { json } = synthStack({ enableApis: false, secrets: [{ name: 'token' }] });
    expect(ofType(json, 'google_project_service')).toEqual({});
    expect(one(json, SECRET).config.depends_on).toBeUndefined();
  });

  test('addSecret after the stack is built: the secret, its grant and the output appear', () => {
    const app = Testing.app();
    const stack = new CoiledGcpStack(app, 'coiled', BASE);
    stack.workspace.addSecret('Api', { name: 'api_key', environmentVariable: 'API_KEY' });
    const json = JSON.parse(Testing.synth(stack));
    expect(JSON.parse(json.output.coiled_secrets.value).map((s: any) => s.environmentVariable)).toEqual(['API_KEY']);
    expect(Object.keys(ofType(json, ACCESSOR))).toHaveLength(1);
  });

  test('Terraform addresses derive from the names: reordering the secrets changes no address', () => {
    const addresses = (secrets: CoiledGcpSecretProps[]) => Object.values<any>(synthStack({ secrets }).json.resource).flatMap((byName) => Object.keys(byName)).sort();
    expect(addresses([{ name: 'a' }, { name: 'b' }])).toEqual(addresses([{ name: 'b' }, { name: 'a' }]));
  });

  test('two workspaces of one project with the same secret name do not collide', () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, 'test');
    const ids = ['team-a', 'team-b'].map((name) => {
      new CoiledGcpWorkspace(stack, name, { ...BASE, workspaceName: name, secrets: [{ name: 'token' }] });
      return name;
    });
    const json = JSON.parse(Testing.synth(stack));
    expect(Object.values<any>(ofType(json, SECRET)).map((s) => s.secret_id).sort()).toEqual(ids.map((w) => `coiled-${w}-token`));
  });

  test('two workspaces that would create the same secret id in one project fail at synth', () => {
    const { stack } = bareWorkspace({ secrets: [{ name: 'token' }] });
    const err = libraryError(() => new CoiledGcpWorkspace(stack, 'Again', { ...BASE, namePrefix: 'coiled-other', secrets: [{ name: 'token' }] }));
    expect(err.code).toBe('NAME_COLLISION');
    expect(err.input).toBe('secrets[0].name');
    expect(err.value).toBe('"token"');
    expect(err.message).toMatch(/already creates "coiled-demo-token" in project my-project-123456/);
  });
});

describe('bad input fails at synth with our error', () => {
  const add = (props: Partial<CoiledGcpSecretProps>) => libraryError(() => bareWorkspace().ws.addSecret('S', { name: 'token', ...props }));

  test.each<[string, Partial<CoiledGcpSecretProps>, string, RegExp]>([
    ['a hyphen in the name', { name: 'db-token' }, 'INVALID_NAME', /use "db_token"/],
    ['a project without an id', { existingSecretProjectId: 'other-project' }, 'CONFLICTING_OPTIONS', /give existingSecretId too/],
    ['a resource name as the id', { existingSecretId: 'projects/p/secrets/token' }, 'INVALID_NAME', /existingSecretProjectId/],
    ['an invalid project', { existingSecretId: 'token', existingSecretProjectId: 'Other Project' }, 'INVALID_PROJECT_ID', /project \*id\*/],
    ['a literal value', { value: VALUE }, 'PLAINTEXT_SECRET_VALUE', /allowPlaintextValue/],
    ['a value for an adopted secret', { existingSecretId: 'token', value: VALUE, allowPlaintextValue: true }, 'CONFLICTING_OPTIONS', /leave value out/],
  ])('%s', (_, props, code, fix) => {
    const err = add(props);
    expect(err.code).toBe(code);
    expect(err.constructPath).toBe('test/Workspace');
    expect(err.input).toMatch(/^addSecret\('S'\)\./);
    expect(err.fix).toMatch(fix);
    expect(err.message).not.toContain(VALUE);
  });

  test.each([null, 'database_token', []])('an entry of the secrets prop that is not an object (%j)', (entry) => {
    const err = libraryError(() => bareWorkspace({ secrets: [entry as never] }));
    expect([err.code, err.input]).toEqual(['INVALID_TYPE', 'secrets[0]']);
  });

  test('duplicate names within a workspace', () => {
    const err = libraryError(() => bareWorkspace({ secrets: [{ name: 'token' }, { name: 'token' }] }));
    expect(err.code).toBe('NAME_COLLISION');
    expect(err.input).toBe('secrets[1].name');
  });
});
