/**
 * Secrets of an AWS workspace: the secret exists, only the cluster identity may read it (in the
 * template, and in AWS's authorization model), its value is never in the synthesized output unless
 * the user allows it, adoption by name or ARN, customer-managed keys, and every bad input fails at
 * synth with our error.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, CfnParameter, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import { EXTERNAL_ID, libraryError, newStack, unsynthesized, warnings, workspace } from './util';
import { CoiledSecretProps, CoiledWorkspaceStack, ControlPlaneAccess } from '../../src/aws';
import { Authorizer } from '../harness/authorization';
import { ResolvedTemplate } from '../harness/authorization/template';
import { capabilities, workspaceTemplate } from '../harness/authorization/variants';

const VALUE = 'tok-5ecr3t-TEST-VALUE-7f3a9c21';

/** Every statement of every identity policy, with the roles it is attached to. */
function grantsOf(template: any): Array<{ policy: string; roles: unknown; statement: any }> {
  const found: Array<{ policy: string; roles: unknown; statement: any }> = [];
  for (const [id, r] of Object.entries<any>(template.Resources)) {
    if (r.Type === 'AWS::IAM::ManagedPolicy' || r.Type === 'AWS::IAM::Policy') for (const s of r.Properties.PolicyDocument.Statement) found.push({ policy: id, roles: r.Properties.Roles, statement: s });
    if (r.Type === 'AWS::IAM::Role') for (const p of r.Properties.Policies ?? []) for (const s of p.PolicyDocument.Statement) found.push({ policy: id, roles: [{ Ref: id }], statement: s });
  }
  return found;
}
const touchesSecrets = (statement: any) => [statement.Action].flat().some((a: string) => /^(secretsmanager:|kms:)/.test(a) || a === '*');
const logicalIdOf = (template: any, type: string) => Object.keys(template.Resources).filter((id) => template.Resources[id].Type === type);
const instanceRoleId = (template: any) => logicalIdOf(template, 'AWS::IAM::Role').find((id) => id.includes('InstanceIdentityRole'))!;

/** Every file of a synthesized cloud assembly, as one text. */
function assemblyText(dir: string): string {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => fs.readFileSync(path.join(e.parentPath, e.name), 'utf8'))
    .join('\n');
}

describe('a secret the workspace creates', () => {
  const { template } = workspace({ secrets: [{ name: 'database_token' }] });
  const json = template.toJSON();

  test('exists as coiled/<workspace>/<name>, empty: no value, generated or literal, in the template', () => {
    template.resourceCountIs('AWS::SecretsManager::Secret', 1);
    const secret = Object.values<any>(template.findResources('AWS::SecretsManager::Secret'))[0];
    expect(secret.Properties).toEqual({
      Name: 'coiled/demo/database_token',
      Description: 'database_token of Coiled workspace demo, read by its cluster VMs',
      Tags: [{ Key: 'coiled-workspace', Value: 'demo' }],
    });
  });

  test('only the cluster identity is granted read: one statement, GetSecretValue on this secret, in a policy on the instance role alone', () => {
    const secretId = logicalIdOf(json, 'AWS::SecretsManager::Secret')[0];
    const grants = grantsOf(json).filter((g) => touchesSecrets(g.statement) || JSON.stringify(g.statement).includes(secretId));
    expect(grants).toEqual([
      {
        policy: expect.stringMatching(/^WorkspaceSecretsPolicy/),
        roles: [{ Ref: instanceRoleId(json) }],
        statement: { Sid: 'ReadWorkspaceSecrets', Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: { Ref: secretId } },
      },
    ]);
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', { ManagedPolicyName: 'coiled-demo-secrets' });
  });

  test("in AWS's authorization model: the instance role may read it, the control plane may not", async () => {
    const arn = new ResolvedTemplate(json).resolveString({ Ref: logicalIdOf(json, 'AWS::SecretsManager::Secret')[0] });
    expect(arn).toMatch(/^arn:aws:secretsmanager:us-east-1:111122223333:secret:coiled\/demo\/database_token-[A-Za-z0-9]{6}$/);
    const instance = await Authorizer.forTemplate(json, { roleId: instanceRoleId(json) });
    expect(await instance.canCall('secretsmanager:GetSecretValue', arn)).toBe(true);
    expect(await instance.canCall('secretsmanager:GetSecretValue', arn.replace('database_token', 'other'))).toBe(false);
    expect(await instance.canCall('secretsmanager:PutSecretValue', arn)).toBe(false);
    const controlPlane = await Authorizer.forTemplate(json);
    expect(await controlPlane.canCall('secretsmanager:GetSecretValue', arn)).toBe(false);
  });

  test('the stack tells the hand-off its name, its environment variable, and that it is empty', () => {
    const stack = new CoiledWorkspaceStack(new App(), 'S', { workspaceName: 'demo', externalId: EXTERNAL_ID, secrets: [{ name: 'database_token' }] });
    expect(JSON.parse(Template.fromStack(stack).toJSON().Outputs.CoiledSecrets.Value)).toEqual([
      { name: 'database_token', secretId: 'coiled/demo/database_token', environmentVariable: 'DATABASE_TOKEN_SECRET_NAME', value: 'set-after-deploy' },
    ]);
  });
});

describe('the control plane has no read path, whatever its access (the secret of a real stack)', () => {
  const secrets: CoiledSecretProps[] = [{ name: 'database_token', encryptionKey: undefined }];
  const variants: Array<[string, any]> = [
    ['RESTRICTED, default switches', workspaceTemplate({ secrets })],
    ['RESTRICTED, every switch on', workspaceTemplate({ secrets, controlPlaneCapabilities: capabilities(true) })],
    // STANDARD is `coiled setup aws`'s own wide policy: it grants no secretsmanager or kms action.
    ['STANDARD', workspaceTemplate({ secrets, controlPlaneAccess: ControlPlaneAccess.STANDARD })],
  ];
  test.each(variants)('%s: GetSecretValue denied', async (_, template) => {
    const arn = new ResolvedTemplate(template).resolveString({ Ref: logicalIdOf(template, 'AWS::SecretsManager::Secret')[0] });
    const controlPlane = await Authorizer.forTemplate(template);
    expect(await controlPlane.canCall('secretsmanager:GetSecretValue', arn)).toBe(false);
    // Nor may it widen its own access or the instance role's to read it.
    expect(await controlPlane.canCall('iam:PutRolePolicy', controlPlane.principalArn)).toBe(false);
    expect(await controlPlane.canCall('secretsmanager:PutResourcePolicy', arn)).toBe(false);
  });
});

describe('where the value comes from: never the template unless allowed', () => {
  test('generated by Secrets Manager: GenerateSecretString, no SecretString', () => {
    const { template } = workspace({ secrets: [{ name: 'password', generateValue: true }] });
    const secret = Object.values<any>(template.findResources('AWS::SecretsManager::Secret'))[0];
    expect(secret.Properties.GenerateSecretString).toEqual({ PasswordLength: 32, ExcludePunctuation: true });
    expect(secret.Properties.SecretString).toBeUndefined();
  });

  test('a literal value without the opt-in fails before anything is built: the whole synthesized output and the error hold no trace of it', () => {
    const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'secret-')) });
    const stack = new CoiledWorkspaceStack(app, 'S', { workspaceName: 'demo', externalId: EXTERNAL_ID });
    const err = libraryError(() => stack.workspace.addSecret('Token', { name: 'token', value: VALUE }));
    expect(err.code).toBe('PLAINTEXT_SECRET_VALUE');
    expect(err.input).toBe("addSecret('Token').value");
    expect(err.message).not.toContain(VALUE);
    const assembly = app.synth();
    const text = assemblyText(assembly.directory);
    expect(text).toContain('coiled-demo-control-plane');
    expect(text).not.toContain(VALUE);
    expect(text).not.toContain('SecretString');
  });

  test('with allowPlaintextValue, the value lands in the template (the search finds it) and synthesis warns', () => {
    const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'secret-')) });
    const stack = new CoiledWorkspaceStack(app, 'S', { workspaceName: 'demo', externalId: EXTERNAL_ID, secrets: [{ name: 'token', value: VALUE, allowPlaintextValue: true }] });
    expect(assemblyText(app.synth().directory)).toContain(VALUE);
    expect(warnings(stack).join('\n')).toMatch(/plain text into the CloudFormation template.*\[ack: coiled-byoc:secretValueInTemplate\]/);
    expect(JSON.parse(Template.fromStack(stack).toJSON().Outputs.CoiledSecrets.Value)[0].value).toBe('in-template');
  });
});

describe('adopting an existing secret', () => {
  test('by name: no secret created; GetSecretValue on the name and the six characters Secrets Manager appends, no more', async () => {
    const { template } = workspace({ secrets: [{ name: 'db', existingSecretName: 'prod/db' }] });
    template.resourceCountIs('AWS::SecretsManager::Secret', 0);
    const json = template.toJSON();
    const instance = await Authorizer.forTemplate(json, { roleId: instanceRoleId(json) });
    const arn = (name: string) => `arn:aws:secretsmanager:us-east-1:111122223333:secret:${name}`;
    expect(await instance.canCall('secretsmanager:GetSecretValue', arn('prod/db-AbCdEf'))).toBe(true);
    expect(await instance.canCall('secretsmanager:GetSecretValue', arn('prod/db-admin-AbCdEf'))).toBe(false);
    expect(await instance.canCall('secretsmanager:GetSecretValue', arn('prod/dbx-AbCdEf'))).toBe(false);
  });

  test('by ARN: exactly that ARN; the cluster is told the ARN; another account earns a warning', () => {
    const arn = 'arn:aws:secretsmanager:eu-west-1:444455556666:secret:shared/api-key-Zx9Yw8';
    const stack = new CoiledWorkspaceStack(new App(), 'S', { workspaceName: 'demo', externalId: EXTERNAL_ID, env: { account: '111122223333', region: 'us-east-1' }, secrets: [{ name: 'api_key', existingSecretArn: arn }] });
    const json = Template.fromStack(stack).toJSON();
    expect(grantsOf(json).filter((g) => touchesSecrets(g.statement)).map((g) => g.statement.Resource)).toEqual([arn]);
    expect(JSON.parse(json.Outputs.CoiledSecrets.Value)[0]).toMatchObject({ secretId: arn, value: 'existing' });
    expect(warnings(stack).join('\n')).toMatch(/a secret of account 444455556666: .*\[ack: coiled-byoc:secretInOtherAccount\]/);
  });

  test('an ARN that is a token passes unchecked, into the grant and the output', () => {
    const stack = new CoiledWorkspaceStack(new App(), 'S', { workspaceName: 'demo', externalId: EXTERNAL_ID });
    const arn = new CfnParameter(stack, 'SecretArn').valueAsString;
    stack.workspace.addSecret('X', { name: 'x', existingSecretArn: arn });
    const json = Template.fromStack(stack).toJSON();
    expect(grantsOf(json).filter((g) => touchesSecrets(g.statement))[0].statement.Resource).toEqual({ Ref: 'SecretArn' });
    expect(JSON.stringify(json.Outputs.CoiledSecrets.Value)).toMatch(/"secretId\\":\\"",\{"Ref":"SecretArn"\}/);
  });

  test('two workspaces of one account may share one existing secret', () => {
    const app = new App();
    const first = new CoiledWorkspaceStack(app, 'team-a', { workspaceName: 'team-a', externalId: EXTERNAL_ID, secrets: [{ name: 'shared', existingSecretName: 'org/shared-token' }] });
    new CoiledWorkspaceStack(app, 'team-b', { workspaceName: 'team-b', externalId: EXTERNAL_ID, instancePolicy: first.workspace.instancePolicy, secrets: [{ name: 'shared', existingSecretName: 'org/shared-token' }] });
    expect(() => app.synth()).not.toThrow();
  });
});

describe('a customer-managed key', () => {
  const stack = newStack();
  const key = new kms.Key(stack, 'Key');
  const { template } = workspace({ secrets: [{ name: 'token', encryptionKey: key }, { name: 'other' }] }, stack);
  const json = template.toJSON();
  const resolved = new ResolvedTemplate(json);
  const tokenArn = resolved.resolveString({ Ref: logicalIdOf(json, 'AWS::SecretsManager::Secret').find((id) => id.includes('token'))! });
  const keyArn = resolved.resolveString({ 'Fn::GetAtt': [logicalIdOf(json, 'AWS::KMS::Key')[0], 'Arn'] });
  const viaSecretsManager = { 'kms:ViaService': 'secretsmanager.us-east-1.amazonaws.com' };
  // KMS allows nothing its key policy does not: CDK's default key policy lets the account's IAM policies grant use.
  const keyPolicy = resolved.resolve(json.Resources[logicalIdOf(json, 'AWS::KMS::Key')[0]].Properties.KeyPolicy);
  const decrypt = (authorizer: Authorizer, context: Record<string, string>) => authorizer.canCall('kms:Decrypt', keyArn, { context, resourcePolicy: keyPolicy });

  test('encrypts the secret', () => {
    const secret = Object.values<any>(template.findResources('AWS::SecretsManager::Secret')).find((s) => s.Properties.Name.endsWith('/token'));
    expect(secret.Properties.KmsKeyId).toEqual({ 'Fn::GetAtt': [logicalIdOf(json, 'AWS::KMS::Key')[0], 'Arn'] });
  });

  test('the instance role may decrypt with it only through Secrets Manager and only for this secret', async () => {
    // @cloud-copilot/iam-simulate drops context keys whose variable part follows a colon
    // (kms:EncryptionContext:SecretARN), so the grant is asserted on the template, and the
    // simulator shows what it can: without kms:ViaService even the instance role is denied.
    const statement = grantsOf(json).find((g) => g.statement.Sid === 'DecryptWorkspaceSecrets')!;
    expect(statement.roles).toEqual([{ Ref: instanceRoleId(json) }]);
    expect(statement.statement).toEqual({
      Sid: 'DecryptWorkspaceSecrets',
      Effect: 'Allow',
      Action: 'kms:Decrypt',
      Resource: { 'Fn::GetAtt': [logicalIdOf(json, 'AWS::KMS::Key')[0], 'Arn'] },
      Condition: {
        StringEquals: { 'kms:ViaService': [{ 'Fn::Join': ['', ['secretsmanager.', { Ref: 'AWS::Region' }, '.', { Ref: 'AWS::URLSuffix' }]] }] },
        StringLike: { 'kms:EncryptionContext:SecretARN': [{ Ref: logicalIdOf(json, 'AWS::SecretsManager::Secret').find((id) => id.includes('token'))! }] },
      },
    });
    const instance = await Authorizer.forTemplate(json, { roleId: instanceRoleId(json) });
    expect(await decrypt(instance, { 'kms:EncryptionContext:SecretARN': tokenArn })).toBe(false);
  });

  test('the control plane may not decrypt with it', async () => {
    const controlPlane = await Authorizer.forTemplate(json);
    expect(await decrypt(controlPlane, { ...viaSecretsManager, 'kms:EncryptionContext:SecretARN': tokenArn })).toBe(false);
  });
});

describe('the workspace and its stack', () => {
  test('no secrets: no secret, no secrets policy, no output (nothing changes for existing stacks)', () => {
    const json = Template.fromStack(new CoiledWorkspaceStack(new App(), 'S', { workspaceName: 'demo', externalId: EXTERNAL_ID })).toJSON();
    expect(JSON.stringify(json)).not.toMatch(/Secret/);
  });

  test('addSecret after the stack is built: the secret, its grant and the output appear', () => {
    const stack = new CoiledWorkspaceStack(new App(), 'S', { workspaceName: 'demo', externalId: EXTERNAL_ID });
    const secret = stack.workspace.addSecret('Api', { name: 'api_key', environmentVariable: 'API_KEY' });
    stack.workspace.addSecret('Db', { name: 'db_token' });
    expect(secret.environmentVariable).toBe('API_KEY');
    expect(stack.workspace.secrets.map((s) => s.name)).toEqual(['api_key', 'db_token']);
    const json = Template.fromStack(stack).toJSON();
    expect(JSON.parse(json.Outputs.CoiledSecrets.Value).map((s: any) => s.environmentVariable)).toEqual(['API_KEY', 'DB_TOKEN_SECRET_NAME']);
    expect(grantsOf(json).filter((g) => touchesSecrets(g.statement))[0].statement.Resource).toHaveLength(2);
  });

  test('construct ids derive from the names: reordering the secrets changes no logical id', () => {
    const ids = (secrets: CoiledSecretProps[]) => Object.keys(workspace({ secrets }).template.toJSON().Resources).sort();
    expect(ids([{ name: 'a' }, { name: 'b' }])).toEqual(ids([{ name: 'b' }, { name: 'a' }]));
  });

  test('two workspaces of one account with the same secret name do not collide', () => {
    const app = new App();
    const first = new CoiledWorkspaceStack(app, 'team-a', { workspaceName: 'team-a', externalId: EXTERNAL_ID, secrets: [{ name: 'token' }] });
    const second = new CoiledWorkspaceStack(app, 'team-b', { workspaceName: 'team-b', externalId: EXTERNAL_ID, instancePolicy: first.workspace.instancePolicy, secrets: [{ name: 'token' }] });
    const stacks = [first, second];
    const names = stacks.map((s) => Object.values<any>(Template.fromStack(s).findResources('AWS::SecretsManager::Secret'))[0].Properties.Name);
    expect(names).toEqual(['coiled/team-a/token', 'coiled/team-b/token']);
  });

  test('a policy that could outgrow IAM\'s 6,144 characters fails at synth, not at deploy', () => {
    const stack = newStack();
    const secrets = Array.from({ length: 40 }, (_, i) => ({ name: `token_${i}_${'x'.repeat(60)}` }));
    expect(() => workspace({ secrets: secrets.slice(0, 20) }, newStack())).not.toThrow();
    unsynthesized({ secrets }, stack);
    const err = libraryError(() => Template.fromStack(stack));
    expect(err.code).toBe('IAM_POLICY_TOO_LARGE');
    expect(err.input).toBe('secrets');
  });
});

describe('bad input fails at synth with our error', () => {
  const add = (props: Partial<CoiledSecretProps>) => libraryError(() => unsynthesized().ws.addSecret('S', { name: 'token', ...props }));

  test.each<[string, Partial<CoiledSecretProps>, string, RegExp]>([
    ['a hyphen in the name', { name: 'db-token' }, 'INVALID_NAME', /use "db_token"/],
    ['both existing forms', { existingSecretName: 'a', existingSecretArn: 'arn:aws:secretsmanager:us-east-1:111122223333:secret:a-AbCdEf' }, 'CONFLICTING_OPTIONS', /give one of them/],
    ['a name that is not one', { existingSecretName: 'prod db' }, 'INVALID_NAME', /as the Secrets Manager console shows it/],
    ['an ARN given as a name', { existingSecretName: 'arn:aws:secretsmanager:us-east-1:111122223333:secret:a-AbCdEf' }, 'INVALID_NAME', /existingSecretArn/],
    ['a partial ARN', { existingSecretArn: 'arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/db' }, 'INVALID_ARN', /Secret ARN/],
    ['an ARN of another service', { existingSecretArn: 'arn:aws:ssm:us-east-1:111122223333:parameter/db-AbCdEf' }, 'INVALID_ARN', /Secret ARN/],
    ['generating an adopted secret', { existingSecretName: 'prod/db', generateValue: true }, 'CONFLICTING_OPTIONS', /leave generateValue out/],
    ['a value for a generated secret', { generateValue: true, value: VALUE, allowPlaintextValue: true }, 'CONFLICTING_OPTIONS', /leave value out/],
    ['a literal value', { value: VALUE }, 'PLAINTEXT_SECRET_VALUE', /allowPlaintextValue/],
  ])('%s', (_, props, code, fix) => {
    const err = add(props);
    expect(err.code).toBe(code);
    expect(err.constructPath).toBe('Test/Workspace');
    expect(err.input).toMatch(/^addSecret\('S'\)\./);
    expect(err.fix).toMatch(fix);
    expect(err.message).not.toContain(VALUE);
  });

  test('duplicate names within a workspace, across the secrets prop and addSecret', () => {
    const { ws } = unsynthesized({ secrets: [{ name: 'token' }] });
    const err = libraryError(() => ws.addSecret('Again', { name: 'Token' }));
    expect(err.code).toBe('NAME_COLLISION');
    expect(err.input).toBe("addSecret('Again').name");
  });

  test.each([null, 'database_token', []])('an entry of the secrets prop that is not an object (%j)', (entry) => {
    const err = libraryError(() => unsynthesized({ secrets: [{ name: 'ok' }, entry as never] }));
    expect([err.code, err.input]).toEqual(['INVALID_TYPE', 'secrets[1]']);
  });

  test('a key ARN string instead of a key', () => {
    const err = libraryError(() => unsynthesized().ws.addSecret('S', { name: 'token', encryptionKey: 'arn:aws:kms:us-east-1:111122223333:key/x' as never }));
    expect([err.code, err.input]).toEqual(['INVALID_TYPE', 'encryptionKey']);
  });

  test('an invalid entry of the secrets prop names its position', () => {
    expect(libraryError(() => unsynthesized({ secrets: [{ name: 'ok' }, { name: '2fa' }] })).input).toBe('secrets[1].name');
  });

  test('errors come before any construct: a failed addSecret leaves the stack as it was', () => {
    const stack = new Stack(new App(), 'T');
    const { ws } = unsynthesized({}, stack);
    libraryError(() => ws.addSecret('Bad', { name: 'bad-name' }));
    expect(ws.node.tryFindChild('Secrets')).toBeUndefined();
    expect(Template.fromStack(stack).toJSON().Resources).not.toHaveProperty(/Secret/.source);
  });
});
