/**
 * The control plane cannot read the workspace's secrets, shown on the real secret of the
 * data-access example (its own ARN, as CloudFormation returns it), as it ships (RESTRICTED), with
 * STANDARD access (Coiled's own wide policy), in every partition; the cluster VMs' role can. And
 * the catalog's KMS negatives are not vacuous: they would fail for a role that may decrypt.
 */
import * as iam from 'aws-cdk-lib/aws-iam';
import { Authorizer } from './authorizer';
import { NEGATIVES } from './catalog';
import { mismatches } from './judge';
import { PARTITIONS, ResolvedTemplate, TEST_ACCOUNT } from './template';
import { standardVariant } from './variants';
import { listExamples, synthAwsExample } from '../../../scripts/lib/examples';
import { CoiledWorkspaceStack } from '../../../src/aws';

const example = listExamples('aws').find((e) => e.name === 'data-access')!;
const secretIdOf = (template: any) => Object.keys(template.Resources).find((id) => template.Resources[id].Type === 'AWS::SecretsManager::Secret')!;
const instanceRoleIdOf = (template: any) => Object.keys(template.Resources).find((id) => template.Resources[id].Type === 'AWS::IAM::Role' && id.includes('InstanceIdentityRole'))!;

describe.each(Object.values(PARTITIONS).map((p) => [p.name, p] as const))('aws/data-access in %s', (_, partition) => {
  const deployment = { partition, account: TEST_ACCOUNT };
  const restricted = synthAwsExample(example).template;
  const standard = standardVariant(example);
  const secretArn = new ResolvedTemplate(restricted, deployment).resolveString({ Ref: secretIdOf(restricted) });

  test('the secret is the one the hand-off names', () => {
    expect(secretArn).toMatch(new RegExp(`^arn:${partition.name}:secretsmanager:${partition.region}:${TEST_ACCOUNT}:secret:coiled/my-team/database_token-[A-Za-z0-9]{6}$`));
  });

  test.each([
    ['RESTRICTED', restricted],
    ['STANDARD', standard],
  ])('%s: the control plane may not read it', async (__, template) => {
    expect(await (await Authorizer.forTemplate(template, { deployment })).canCall('secretsmanager:GetSecretValue', secretArn)).toBe(false);
  });

  test("the cluster VMs' role may read it", async () => {
    expect(await (await Authorizer.forTemplate(restricted, { deployment, roleId: instanceRoleIdOf(restricted) })).canCall('secretsmanager:GetSecretValue', secretArn)).toBe(true);
  });
});

describe('other paths to the value (the control plane of the example, as it ships and with STANDARD access)', () => {
  const restricted = synthAwsExample(example).template;
  const standard = standardVariant(example);
  const readWrite = 'arn:aws:iam::aws:policy/SecretsManagerReadWrite';
  const paths = async (template: any) => {
    const controlPlane = await Authorizer.forTemplate(template);
    const instanceRole = new ResolvedTemplate(template).resolveString({ 'Fn::GetAtt': [instanceRoleIdOf(template), 'Arn'] });
    return {
      attachToItself: await controlPlane.canCall('iam:AttachRolePolicy', controlPlane.principalArn, { context: { 'iam:PolicyARN': readWrite } }),
      attachToInstanceRole: await controlPlane.canCall('iam:AttachRolePolicy', instanceRole, { context: { 'iam:PolicyARN': readWrite } }),
      inlineOnInstanceRole: await controlPlane.canCall('iam:PutRolePolicy', instanceRole),
      launchAsInstanceRole: await controlPlane.canCall('iam:PassRole', instanceRole, { context: { 'iam:PassedToService': 'ec2.amazonaws.com' } }),
    };
  };

  test('RESTRICTED: no way to grant itself or the VMs read access; it can launch VMs as the cluster identity (that is running clusters)', async () => {
    expect(await paths(restricted)).toEqual({ attachToItself: false, attachToInstanceRole: false, inlineOnInstanceRole: false, launchAsInstanceRole: true });
  });

  // FINDING: STANDARD (`coiled setup aws`'s policy, verbatim) denies GetSecretValue, but allows
  // iam:AttachRolePolicy on "*": Coiled's control plane could attach SecretsManagerReadWrite to its
  // own role and then read every secret of the account. RESTRICTED closes it; docs/permissions.md
  // shows it in the secrets section.
  test('STANDARD: may attach SecretsManagerReadWrite to its own role or the instance role, then read', async () => {
    expect(await paths(standard)).toEqual({ attachToItself: true, attachToInstanceRole: true, inlineOnInstanceRole: false, launchAsInstanceRole: true });
  });
});

test("breaking a guard on purpose: a control plane granted kms:Decrypt breaks the catalog's KMS negatives (they are not vacuous)", async () => {
  const template = synthAwsExample(example, {
    beforeSynth: (_app, stack: CoiledWorkspaceStack) => stack.workspace.controlPlane.role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['kms:Decrypt', 'secretsmanager:GetSecretValue'], resources: ['*'] })),
  }).template;
  const entries = NEGATIVES.filter((e) => ['decrypt-with-kms', 'read-workspace-secret', 'decrypt-workspace-secret', 'read-secret'].includes(e.id));
  expect(entries).toHaveLength(4);
  expect((await mismatches(template, entries, () => 'deny')).map((m) => m.split(':')[0]).sort()).toEqual(['decrypt-with-kms', 'decrypt-workspace-secret', 'read-secret', 'read-workspace-secret']);
});
