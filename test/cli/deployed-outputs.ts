/**
 * Output files shaped exactly as the deploy tools write them, derived from the examples: the
 * synthesized outputs with every reference replaced by what the cloud would return.
 */
import { createHash } from 'crypto';
import { Example, synthAwsExample, synthGcpExample } from '../../scripts/lib/examples';

const ACCOUNT = '123456789012';
const hex = (seed: string, n: number) => createHash('sha256').update(seed).digest('hex').slice(0, n);

/** What CloudFormation returns for a Ref or GetAtt of the example's resources. */
function resolveAws(template: any, value: any): string {
  if (typeof value === 'string') return value;
  if (value.Ref === 'AWS::Region') return 'us-east-1';
  if (value.Ref === 'AWS::Partition') return 'aws';
  if (value.Ref === 'AWS::AccountId') return ACCOUNT;
  if (value['Fn::Join']) return value['Fn::Join'][1].map((v: any) => resolveAws(template, v)).join(value['Fn::Join'][0]);
  const [id, attribute] = value.Ref ? [value.Ref, 'Ref'] : value['Fn::GetAtt'];
  const resource = template.Resources[id];
  const props = resource.Properties;
  switch (`${resource.Type}.${attribute}`) {
    case 'AWS::EC2::VPC.Ref':
      return `vpc-${hex(id, 17)}`;
    case 'AWS::EC2::Subnet.Ref':
      return `subnet-${hex(id, 17)}`;
    case 'AWS::EC2::SecurityGroup.GroupId':
      return `sg-${hex(id, 17)}`;
    case 'AWS::EC2::EIP.Ref':
      return `203.0.113.${parseInt(hex(id, 2), 16) % 250}`;
    case 'AWS::IAM::Role.Arn':
      return `arn:aws:iam::${ACCOUNT}:role/${props.RoleName}`;
    case 'AWS::IAM::InstanceProfile.Arn':
      return `arn:aws:iam::${ACCOUNT}:instance-profile/${props.InstanceProfileName}`;
    case 'AWS::IAM::InstanceProfile.Ref':
      return props.InstanceProfileName;
    default:
      throw new Error(`no deployed value for ${resource.Type}.${attribute}`);
  }
}

/** `cdk deploy --outputs-file out.json`: `{ "<stack name>": { "<OutputKey>": "<value>" } }`. */
export function cdkOutputsFile(example: Example): any {
  const { template, stack } = synthAwsExample(example);
  return cdkOutputsFromTemplate(stack.stackName, template);
}

/** The same, from a synthesized template (scripts/newcomer-check.sh derives one from an app's cdk.out). */
export function cdkOutputsFromTemplate(stackName: string, template: any): any {
  return { [stackName]: Object.fromEntries(Object.entries<any>(template.Outputs).map(([key, out]) => [key, resolveAws(template, out.Value)])) };
}

/** What Terraform returns for the example's `${type.name.attribute}` references. */
function resolveGcp(json: any, value: any): any {
  if (typeof value !== 'string') return value;
  return value.replace(/\$\{([a-z_]+)\.([A-Za-z0-9_-]+)\.([a-z_]+)\}/g, (_, type: string, name: string, attribute: string) => {
    const config = json.resource?.[type]?.[name] ?? json.data?.[type.replace(/^data\./, '')]?.[name];
    const project = json.provider.google[0].project;
    switch (`${type}.${attribute}`) {
      case 'google_compute_network.self_link':
        return `https://www.googleapis.com/compute/v1/projects/${project}/global/networks/${config.name}`;
      case 'google_compute_subnetwork.self_link':
        return `https://www.googleapis.com/compute/v1/projects/${project}/regions/${config.region}/subnetworks/${config.name}`;
      case 'google_service_account.email':
        return `${config.account_id}@${project}.iam.gserviceaccount.com`;
      default:
        throw new Error(`no deployed value for ${type}.${attribute}`);
    }
  });
}

function resolveGcpData(json: any, value: string): string {
  // Data sources (existing network) return the selfLink of what they found.
  return value.replace(/\$\{data\.google_compute_(network|subnetwork)\.([A-Za-z0-9_-]+)\.self_link\}/g, (_, kind: string, name: string) => {
    const config = json.data[`google_compute_${kind}`][name];
    return config.self_link ?? `https://www.googleapis.com/compute/v1/projects/${config.project}/${kind === 'network' ? 'global/networks' : `regions/${config.region}/subnetworks`}/${config.name}`;
  });
}

function gcpValues(example: Example): { stackName: string; outputs: Record<string, { value: any; sensitive: boolean }> } {
  const { json, stack } = synthGcpExample(example);
  return { stackName: stack.node.id, outputs: gcpOutputValues(json) };
}

function gcpOutputValues(json: any): Record<string, { value: any; sensitive: boolean }> {
  const outputs: Record<string, { value: any; sensitive: boolean }> = {};
  for (const [name, out] of Object.entries<any>(json.output)) {
    const value = typeof out.value === 'string' ? resolveGcp(json, resolveGcpData(json, out.value)) : out.value;
    outputs[name] = { value, sensitive: out.sensitive };
  }
  return outputs;
}

/** `cdktf output --outputs-file out.json`: `{ "<stack>": { "<output>": <value> } }`, sensitive ones left out. */
export function cdktfOutputsFile(example: Example): any {
  const { stackName, outputs } = gcpValues(example);
  return { [stackName]: Object.fromEntries(Object.entries(outputs).filter(([, o]) => !o.sensitive).map(([k, o]) => [k, o.value])) };
}

/** `terraform output -json`: `{ "<output>": { "sensitive": bool, "type": ..., "value": ... } }`. */
export function terraformOutputJson(example: Example): any {
  return terraformOutputJsonFromConfig(synthGcpExample(example).json);
}

/** The same, from a synthesized stack's cdk.tf.json (scripts/newcomer-check.sh). */
export function terraformOutputJsonFromConfig(json: any): any {
  const outputs = gcpOutputValues(json);
  return Object.fromEntries(Object.entries(outputs).map(([k, o]) => [k, { sensitive: o.sensitive, type: typeof o.value === 'boolean' ? 'bool' : 'string', value: o.value }]));
}
