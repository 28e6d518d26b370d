/**
 * The secrets sections of the generated docs: who can read each example's secrets (simulated on
 * AWS, read from the Terraform on GCP) and how the VMs reach the secret store. Kept apart from
 * docs.ts's other sections; docs.ts calls each with one line.
 */
import { Example, listExamples, synthAwsExample, synthGcpExample } from './examples';
import { CoiledSecretProps } from '../../src/aws';
import { NetworkMode } from '../../src/aws/network';
import { GcpNetworkMode } from '../../src/gcp/network';
import { COILED_ROLE_PERMISSIONS } from '../../src/gcp/permissions';
import { Authorizer } from '../../test/harness/authorization/authorizer';
import { ResolvedTemplate } from '../../test/harness/authorization/template';
import { capabilities, standardVariant, workspaceTemplate } from '../../test/harness/authorization/variants';

type PolicyTable = (template: any, policyName: string) => string[];

/** The examples whose workspace has secrets (each synthesized once per process). */
const synthesized = new Map<string, any>();
const synth = (example: Example): any => {
  if (!synthesized.has(example.dir)) synthesized.set(example.dir, example.cloud === 'aws' ? synthAwsExample(example) : synthGcpExample(example));
  return synthesized.get(example.dir);
};
const withSecrets = (cloud: 'aws' | 'gcp') => listExamples(cloud).filter((e) => synth(e).stack.workspace.secrets.length > 0);
const logicalIdOf = (template: any, type: string, fragment = '') => Object.keys(template.Resources).find((id) => template.Resources[id].Type === type && id.includes(fragment))!;

/** docs/permissions.md: who can read the secrets. */
export async function secretsPermissionsSection(policyTable: PolicyTable): Promise<string[]> {
  const out = [
    '## Secrets: who can read them',
    '',
    'A workspace secret (`addSecret`, or the `secrets` prop) is readable by the cluster VMs\' identity alone; the cluster is told only its name. Coiled\'s control plane is granted nothing on it, in either access mode, with any capability switch. It does launch the VMs that run as that identity (AWS: `iam:PassRole` of the instance role, to EC2 only; GCP: `iam.serviceAccounts.actAs`, which `coiled setup gcp` grants on the project): code that runs on your clusters can read the secret, Coiled\'s own credentials cannot.',
    '',
  ];
  for (const example of withSecrets('aws')) {
    const { template, stack } = synth(example);
    const secretId = logicalIdOf(template, 'AWS::SecretsManager::Secret');
    const arn = new ResolvedTemplate(template).resolveString({ Ref: secretId });
    const name = template.Resources[secretId].Properties.Name;
    out.push(`### aws/${example.name}: \`${name}\``, '', `Policy \`coiled-${stack.workspace.workspaceName}-secrets\`, attached to the instance role \`coiled-${stack.workspace.workspaceName}\` only (\`<${secretId}>\` is the secret):`, '', ...policyTable(template, `coiled-${stack.workspace.workspaceName}-secrets`), '');
    out.push(
      'With a customer-managed key (`encryptionKey`), the same policy adds `DecryptWorkspaceSecrets`: `kms:Decrypt` on that key, only with `kms:ViaService` = `secretsmanager.<region>.<AWS::URLSuffix>` and `kms:EncryptionContext:SecretARN` = the secret\'s ARN.',
      '',
      "Who may call `secretsmanager:GetSecretValue` on it, simulated with AWS's authorization model:",
      '',
      '| Principal | Answer |',
      '|---|---|',
    );
    const secrets: CoiledSecretProps[] = [{ name: stack.workspace.secrets[0].name }];
    const principals: Array<[string, any, string | undefined]> = [
      [`Cluster VMs (role \`coiled-${stack.workspace.workspaceName}\`)`, template, logicalIdOf(template, 'AWS::IAM::Role', 'InstanceIdentityRole')],
      ['Control plane, RESTRICTED (as the example ships)', template, undefined],
      ['Control plane, RESTRICTED, every capability switch on', workspaceTemplate({ workspaceName: stack.workspace.workspaceName, secrets, controlPlaneCapabilities: capabilities(true) }), undefined],
      ['Control plane, STANDARD (`coiled setup aws`)', standardVariant(example), undefined],
    ];
    for (const [who, t, roleId] of principals) {
      // Each template's own secret: the same name, resolved the way CloudFormation returns it.
      const own = new ResolvedTemplate(t).resolveString({ Ref: logicalIdOf(t, 'AWS::SecretsManager::Secret') });
      const allowed = await (await Authorizer.forTemplate(t, { roleId })).canCall('secretsmanager:GetSecretValue', own);
      out.push(`| ${who} | ${allowed ? 'allowed' : 'denied'} |`);
    }
    out.push('', `(\`${arn.replace(/-[A-Za-z0-9]{6}$/, '-XXXXXX')}\` in the simulation.)`, '');
    out.push(...(await otherPaths(template, standardVariant(example))));
    out.push("Beside it, the example's own data grant, exactly Coiled's instance-profile policy, in a policy of its own (not in `CoiledInstancePolicy`, which Coiled looks for by name and which several workspaces of an account may share):", '', ...policyTable(template, `coiled-${stack.workspace.workspaceName}-data-access`), '');
  }
  for (const example of withSecrets('gcp')) {
    const { json } = synth(example);
    out.push(`### gcp/${example.name}`, '', '| Secret | Role | Member | Scope | Binding |', '|---|---|---|---|---|');
    const accounts = json.resource.google_service_account as Record<string, any>;
    const memberName = (member: string) => {
      const key = /google_service_account\.([^.]+)\.member/.exec(member)?.[1];
      return key ? `\`${accounts[key].account_id}\` service account` : `\`${member}\``;
    };
    const secrets = json.resource.google_secret_manager_secret as Record<string, any>;
    for (const member of Object.values<any>(json.resource.google_secret_manager_secret_iam_member ?? {})) {
      const key = /google_secret_manager_secret\.([^.]+)\.secret_id/.exec(member.secret_id)?.[1];
      const id = key ? secrets[key].secret_id : member.secret_id;
      out.push(`| \`${id}\` | \`${member.role}\` | ${memberName(member.member)} | this secret only | \`google_secret_manager_secret_iam_member\` (additive) |`);
    }
    const controlPlaneSecretPermissions = COILED_ROLE_PERMISSIONS.filter((p) => p.startsWith('secretmanager.'));
    out.push(
      '',
      `The control-plane account's custom role has ${controlPlaneSecretPermissions.length === 0 ? 'no' : controlPlaneSecretPermissions.length} \`secretmanager.*\` permission${controlPlaneSecretPermissions.length === 1 ? '' : 's'}, and nothing binds it to the secret. No secret version exists in Terraform: its state never holds the value.`,
      '',
    );
  }
  return out;
}

/** Ways to the value other than GetSecretValue, for the control plane of each access mode (simulated). */
async function otherPaths(restricted: any, standard: any): Promise<string[]> {
  const readWrite = 'arn:aws:iam::aws:policy/SecretsManagerReadWrite';
  const answers = async (template: any) => {
    const controlPlane = await Authorizer.forTemplate(template);
    const instanceRole = new ResolvedTemplate(template).resolveString({ 'Fn::GetAtt': [logicalIdOf(template, 'AWS::IAM::Role', 'InstanceIdentityRole'), 'Arn'] });
    return [
      await controlPlane.canCall('iam:AttachRolePolicy', controlPlane.principalArn, { context: { 'iam:PolicyARN': readWrite } }),
      await controlPlane.canCall('iam:AttachRolePolicy', instanceRole, { context: { 'iam:PolicyARN': readWrite } }),
      await controlPlane.canCall('iam:PutRolePolicy', instanceRole),
      await controlPlane.canCall('iam:PassRole', instanceRole, { context: { 'iam:PassedToService': 'ec2.amazonaws.com' } }),
    ];
  };
  const [r, s] = [await answers(restricted), await answers(standard)];
  const rows = [
    'Attach `SecretsManagerReadWrite` to its own role (`iam:AttachRolePolicy`), then read any secret',
    'Attach `SecretsManagerReadWrite` to the instance role, then read through a VM it launches',
    'Put an inline policy on the instance role (`iam:PutRolePolicy`)',
    'Launch VMs as the instance role (`iam:PassRole` to EC2) and run code there: what running clusters means',
  ];
  const answer = (allowed: boolean) => (allowed ? 'allowed' : 'denied');
  return [
    'Other ways to the value, simulated the same way:',
    '',
    '| Path | RESTRICTED | STANDARD |',
    '|---|---|---|',
    ...rows.map((row, i) => `| ${row} | ${answer(r[i])} | ${answer(s[i])} |`),
    '',
    ...(s[0] || s[1] ? ["**Finding.** STANDARD (`coiled setup aws`'s policy, verbatim) denies `GetSecretValue` but allows `iam:AttachRolePolicy` on `*`: Coiled's control plane could attach an AWS-managed policy such as `SecretsManagerReadWrite` to its own role and read every secret of the account. RESTRICTED, the default, closes that path.", ''] : []),
  ];
}

const AWS_PATH: Record<NetworkMode, string> = {
  [NetworkMode.PUBLIC]: 'HTTPS (443) to `secretsmanager.<region>.amazonaws.com`, through the internet gateway (the VMs have public IPs)',
  [NetworkMode.PRIVATE]: 'HTTPS (443) to `secretsmanager.<region>.amazonaws.com`, through the NAT (with `NatType.NONE`, add an interface endpoint for Secrets Manager)',
  [NetworkMode.EXISTING]: 'HTTPS (443) to `secretsmanager.<region>.amazonaws.com`, through your VPC\'s route to the internet or an interface endpoint for Secrets Manager',
};
const GCP_PATH: Record<GcpNetworkMode, string> = {
  [GcpNetworkMode.PUBLIC]: 'HTTPS (443) to `secretmanager.googleapis.com`, through the VMs\' external IPs',
  [GcpNetworkMode.PRIVATE]: 'HTTPS (443) to `secretmanager.googleapis.com`, through Private Google Access',
  [GcpNetworkMode.EXISTING]: 'HTTPS (443) to `secretmanager.googleapis.com`, through your network\'s route to Google APIs (Private Google Access, or the internet)',
};

/** docs/network.md: how the VMs reach each example's secrets, and who reads them. */
export function secretsNetworkSection(): string[] {
  const out = [
    '## Secrets: who reads them, and over which path',
    '',
    'The VMs read a workspace secret with their own identity, over HTTPS (443), which every egress setting allows (restricted egress keeps 443). The value never crosses Coiled\'s control plane: the cluster is given only the secret\'s name.',
    '',
    '| Example | Secret | Read by | Path from the VMs |',
    '|---|---|---|---|',
  ];
  const rows = (example: Example) => {
    if (example.cloud === 'aws') {
      const { stack } = synth(example);
      const ws = stack.workspace;
      return ws.secrets.map((s: any) => `| aws/${example.name} | \`${s.secretId}\` (Secrets Manager) | role \`coiled-${ws.workspaceName}\` (\`secretsmanager:GetSecretValue\`) | ${AWS_PATH[ws.networkMode as NetworkMode]} |`);
    }
    const { stack, json } = synth(example);
    const ws = stack.workspace;
    const dataAccount = Object.values<any>(json.resource.google_service_account).find((a) => a.account_id.endsWith('-data')).account_id;
    return ws.secrets.map((s: any) => `| gcp/${example.name} | \`${s.resourceName}\` (Secret Manager) | \`${dataAccount}\` (\`roles/secretmanager.secretAccessor\`) | ${GCP_PATH[ws.networkMode as GcpNetworkMode]} |`);
  };
  for (const example of [...withSecrets('aws'), ...withSecrets('gcp')]) out.push(...rows(example));
  out.push('');
  return out;
}
