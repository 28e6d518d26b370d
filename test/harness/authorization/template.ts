/**
 * A synthesized CloudFormation template as it would be deployed: every intrinsic the library's
 * templates use (Ref, Fn::GetAtt, Fn::Join, Fn::Select, Fn::Split, Fn::Sub, Fn::GetAZs) resolved to
 * concrete values, in one chosen account, region and partition. Resources get fake physical ids
 * derived from their logical ids (stable across runs), in the format AWS gives them
 * (`vpc-…`, `subnet-…`, `sg-…`, role and policy ARNs from their names).
 *
 * Anything it does not understand fails loudly: a guess here would make the authorization tests
 * judge a policy nobody deploys.
 */
import { createHash } from 'crypto';
import { AWS_OUTPUT_KEYS } from '../../../src/core/handoff';

export interface Partition {
  readonly name: string;
  readonly region: string;
  readonly urlSuffix: string;
}

/** One region of each partition the library's ARNs must work in. */
export const PARTITIONS: Record<'aws' | 'aws-cn' | 'aws-us-gov', Partition> = {
  'aws': { name: 'aws', region: 'us-east-1', urlSuffix: 'amazonaws.com' },
  'aws-cn': { name: 'aws-cn', region: 'cn-north-1', urlSuffix: 'amazonaws.com.cn' },
  'aws-us-gov': { name: 'aws-us-gov', region: 'us-gov-west-1', urlSuffix: 'amazonaws.com' },
};

/** The account the tests deploy into (not Coiled's, not a real one). */
export const TEST_ACCOUNT = '111122223333';

export interface Deployment {
  readonly partition: Partition;
  readonly account: string;
}

export const DEFAULT_DEPLOYMENT: Deployment = { partition: PARTITIONS.aws, account: TEST_ACCOUNT };

export class ResolvedTemplate {
  public readonly resources: Record<string, any>;

  constructor(
    public readonly template: any,
    public readonly deployment: Deployment = DEFAULT_DEPLOYMENT,
  ) {
    this.resources = template.Resources ?? {};
  }

  public get partition(): string {
    return this.deployment.partition.name;
  }
  public get region(): string {
    return this.deployment.partition.region;
  }
  public get account(): string {
    return this.deployment.account;
  }

  /** `arn:<partition>:<service>:<region>:<account>:<resource>` in this deployment; pass '' to leave a field empty. */
  public arn(service: string, resource: string, options: { region?: string; account?: string } = {}): string {
    return `arn:${this.partition}:${service}:${options.region ?? this.region}:${options.account ?? this.account}:${resource}`;
  }

  /** The value CloudFormation would produce. */
  public resolve(value: unknown): any {
    if (value === null || typeof value !== 'object') return value;
    if (Array.isArray(value)) return value.map((v) => this.resolve(v)).filter((v) => v !== NO_VALUE);
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 1) {
      const [fn, arg] = entries[0];
      switch (fn) {
        case 'Ref':
          return this.ref(arg as string);
        case 'Fn::GetAtt':
          return this.getAtt(...((typeof arg === 'string' ? arg.split('.') : arg) as [string, string]));
        case 'Fn::Join': {
          const [separator, parts] = arg as [string, unknown[]];
          return (this.resolve(parts) as unknown[]).map((p) => this.scalar(p, fn)).join(separator);
        }
        case 'Fn::Select': {
          const [index, list] = arg as [unknown, unknown];
          return (this.resolve(list) as unknown[])[Number(this.resolve(index))];
        }
        case 'Fn::Split': {
          const [separator, source] = arg as [string, unknown];
          return this.scalar(this.resolve(source), fn).split(separator);
        }
        case 'Fn::GetAZs':
          return ['a', 'b', 'c'].map((zone) => `${this.region}${zone}`);
        case 'Fn::Sub':
          return this.sub(arg as string | [string, Record<string, unknown>]);
        default:
          if (fn.startsWith('Fn::') || fn === 'Condition') throw new Error(`template resolver: ${fn} is not supported (${JSON.stringify(arg)})`);
      }
    }
    return Object.fromEntries(entries.map(([k, v]) => [k, this.resolve(v)]));
  }

  /** A resolved value that must be a string (a policy resource, a condition value). */
  public resolveString(value: unknown): string {
    return this.scalar(this.resolve(value), 'value');
  }

  private scalar(value: unknown, where: string): string {
    if (typeof value === 'string') return value;
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    throw new Error(`template resolver: ${where} needs a string, got ${JSON.stringify(value)}`);
  }

  private sub(arg: string | [string, Record<string, unknown>]): string {
    const [text, variables] = typeof arg === 'string' ? [arg, {}] : arg;
    return text.replace(/\$\{([^}!][^}]*)\}/g, (_, name: string) => {
      if (name in variables) return this.scalar(this.resolve(variables[name]), 'Fn::Sub');
      const [id, attribute] = name.split('.');
      return this.scalar(attribute ? this.getAtt(id, attribute) : this.ref(id), 'Fn::Sub');
    });
  }

  private ref(id: string): any {
    switch (id) {
      case 'AWS::Partition':
        return this.partition;
      case 'AWS::Region':
        return this.region;
      case 'AWS::AccountId':
        return this.account;
      case 'AWS::URLSuffix':
        return this.deployment.partition.urlSuffix;
      case 'AWS::StackName':
        return 'Stack';
      case 'AWS::NoValue':
        return NO_VALUE;
    }
    const parameter = this.template.Parameters?.[id];
    if (parameter) {
      if (parameter.Default === undefined) throw new Error(`template resolver: parameter ${id} has no default`);
      return parameter.Default;
    }
    const resource = this.resources[id];
    if (!resource) throw new Error(`template resolver: Ref to unknown ${id}`);
    const p = resource.Properties ?? {};
    switch (resource.Type) {
      case 'AWS::EC2::VPC':
        return fakeId('vpc', id);
      case 'AWS::EC2::Subnet':
        return fakeId('subnet', id);
      case 'AWS::EC2::SecurityGroup':
        return fakeId('sg', id);
      case 'AWS::EC2::InternetGateway':
        return fakeId('igw', id);
      case 'AWS::EC2::RouteTable':
        return fakeId('rtb', id);
      case 'AWS::EC2::Instance':
        return fakeId('i', id);
      case 'AWS::EC2::EIP':
        return `198.51.100.${parseInt(createHash('sha256').update(id).digest('hex').slice(0, 2), 16) % 250}`;
      case 'AWS::IAM::Role':
        return this.roleName(id);
      case 'AWS::IAM::InstanceProfile':
        return this.resolve(p.InstanceProfileName) ?? physicalName(id);
      case 'AWS::IAM::ManagedPolicy':
        return `arn:${this.partition}:iam::${this.account}:policy${this.resolve(p.Path) ?? '/'}${this.resolve(p.ManagedPolicyName) ?? physicalName(id)}`;
      case 'AWS::Logs::LogGroup':
        return this.resolve(p.LogGroupName) ?? physicalName(id);
      case 'AWS::KMS::Key':
        return `${fakeId('', id).slice(1)}-key`;
      default:
        throw new Error(`template resolver: Ref to ${resource.Type} (${id}) is not supported`);
    }
  }

  private getAtt(id: string, attribute: string): any {
    const resource = this.resources[id];
    if (!resource) throw new Error(`template resolver: GetAtt of unknown ${id}`);
    const p = resource.Properties ?? {};
    const key = `${resource.Type}.${attribute}`;
    switch (key) {
      case 'AWS::IAM::Role.Arn':
        return `arn:${this.partition}:iam::${this.account}:role${this.resolve(p.Path) ?? '/'}${this.roleName(id)}`;
      case 'AWS::IAM::InstanceProfile.Arn':
        return `arn:${this.partition}:iam::${this.account}:instance-profile${this.resolve(p.Path) ?? '/'}${this.ref(id)}`;
      case 'AWS::EC2::SecurityGroup.GroupId':
        return this.ref(id);
      case 'AWS::EC2::SecurityGroup.VpcId':
        return this.resolve(p.VpcId);
      case 'AWS::EC2::VPC.CidrBlock':
        return this.resolve(p.CidrBlock);
      case 'AWS::EC2::VPC.DefaultSecurityGroup':
        return fakeId('sg', `${id}Default`);
      case 'AWS::EC2::Subnet.SubnetId':
        return this.ref(id);
      case 'AWS::EC2::Instance.PrivateIp':
        return '10.0.0.10';
      case 'AWS::Logs::LogGroup.Arn':
        return this.arn('logs', `log-group:${this.ref(id)}:*`);
      case 'AWS::KMS::Key.Arn':
        return this.arn('kms', `key/${this.ref(id)}`);
      default:
        throw new Error(`template resolver: GetAtt ${key} (${id}) is not supported`);
    }
  }

  private roleName(id: string): string {
    return this.resolve(this.resources[id].Properties?.RoleName) ?? physicalName(id);
  }
}

const NO_VALUE = Symbol('AWS::NoValue');

/** What CloudFormation names a resource with no name property: stack-logicalId-suffix, shortened here. */
function physicalName(id: string): string {
  return `Stack-${id}`.slice(0, 64);
}

function fakeId(prefix: string, logicalId: string): string {
  return `${prefix}-${createHash('sha256').update(logicalId).digest('hex').slice(0, 17)}`;
}

/** One IAM policy document in the template, resolved, with where it comes from. */
export interface TemplatePolicy {
  /** Logical id of the resource holding it (a managed policy, an inline policy, or a role). */
  readonly resourceId: string;
  /** A readable name: the managed policy's name or the inline policy's name. */
  readonly name: string;
  readonly document: PolicyDocument;
}

export interface PolicyDocument {
  readonly Version?: string;
  readonly Statement: PolicyStatement[];
}

export interface PolicyStatement {
  readonly Sid?: string;
  readonly Effect: 'Allow' | 'Deny';
  readonly Action?: string | string[];
  readonly NotAction?: string | string[];
  readonly Resource?: string | string[];
  readonly NotResource?: string | string[];
  readonly Condition?: Record<string, Record<string, string | string[]>>;
}

/** Every identity policy document in the template (managed, inline on roles, AWS::IAM::Policy). */
export function templatePolicies(t: ResolvedTemplate): TemplatePolicy[] {
  const found: TemplatePolicy[] = [];
  for (const [id, resource] of Object.entries<any>(t.resources)) {
    const p = resource.Properties ?? {};
    if (resource.Type === 'AWS::IAM::ManagedPolicy') found.push({ resourceId: id, name: t.resolve(p.ManagedPolicyName) ?? id, document: t.resolve(p.PolicyDocument) });
    if (resource.Type === 'AWS::IAM::Policy') found.push({ resourceId: id, name: t.resolve(p.PolicyName), document: t.resolve(p.PolicyDocument) });
    if (resource.Type === 'AWS::IAM::Role') for (const inline of p.Policies ?? []) found.push({ resourceId: id, name: t.resolve(inline.PolicyName), document: t.resolve(inline.PolicyDocument) });
  }
  return found;
}

/** The identity policies a role carries, and its permissions boundary (when it is in the template). */
export function rolePolicies(t: ResolvedTemplate, roleId: string): { policies: TemplatePolicy[]; boundary?: TemplatePolicy } {
  const role = t.resources[roleId];
  if (role?.Type !== 'AWS::IAM::Role') throw new Error(`${roleId} is not a role of the template`);
  const refersToRole = (list: unknown) => Array.isArray(list) && list.some((r: any) => r?.Ref === roleId);
  const managedByArn = new Map<string, TemplatePolicy>();
  const policies: TemplatePolicy[] = [];
  for (const policy of templatePolicies(t)) {
    const resource = t.resources[policy.resourceId];
    if (resource.Type === 'AWS::IAM::ManagedPolicy') managedByArn.set(t.resolve({ Ref: policy.resourceId }), policy);
    if (resource.Type === 'AWS::IAM::ManagedPolicy' && refersToRole(resource.Properties.Roles)) policies.push(policy);
    if (resource.Type === 'AWS::IAM::Policy' && refersToRole(resource.Properties.Roles)) policies.push(policy);
    if (resource.Type === 'AWS::IAM::Role' && policy.resourceId === roleId) policies.push(policy);
  }
  for (const arn of t.resolve(role.Properties.ManagedPolicyArns ?? []) as string[]) {
    const policy = managedByArn.get(arn);
    if (!policy) throw new Error(`${roleId} attaches ${arn}, whose document is not in the template: it cannot be simulated`);
    if (!policies.includes(policy)) policies.push(policy);
  }
  let boundary: TemplatePolicy | undefined;
  if (role.Properties.PermissionsBoundary !== undefined) {
    const arn = t.resolveString(role.Properties.PermissionsBoundary);
    boundary = managedByArn.get(arn);
    if (!boundary) throw new Error(`${roleId} has the permissions boundary ${arn}, whose document is not in the template: it cannot be simulated`);
  }
  return { policies, boundary };
}

/** The role Coiled's control plane assumes: the one whose trust policy requires an external ID. */
export function controlPlaneRoleId(t: ResolvedTemplate): string {
  const ids = Object.entries<any>(t.resources)
    .filter(([, r]) => r.Type === 'AWS::IAM::Role' && JSON.stringify(r.Properties.AssumeRolePolicyDocument ?? {}).includes('sts:ExternalId'))
    .map(([id]) => id);
  if (ids.length !== 1) throw new Error(`expected one role trusted with an external ID, found ${ids.length}: ${ids.join(', ')}`);
  return ids[0];
}

/** What a Coiled workspace stack hands to Coiled (its outputs), resolved: the ids operations name. */
export interface WorkspaceFacts {
  readonly workspaceName: string;
  readonly vpcId: string;
  readonly subnetIds: string[];
  readonly schedulerSecurityGroupId: string;
  readonly clusterSecurityGroupId: string;
  readonly instanceRoleArn: string;
  readonly instanceProfileArn: string;
  readonly instancePolicyArn: string;
  readonly logGroupName: string;
  readonly controlPlaneRoleArn: string;
}

export function workspaceFacts(t: ResolvedTemplate): WorkspaceFacts {
  const output = (key: keyof typeof AWS_OUTPUT_KEYS): string => {
    const found = t.template.Outputs?.[AWS_OUTPUT_KEYS[key]];
    if (!found) throw new Error(`the template has no output ${AWS_OUTPUT_KEYS[key]}: workspace facts come from a CoiledWorkspaceStack`);
    return t.resolveString(found.Value);
  };
  const instanceRoleArn = output('instanceRoleArn');
  const instanceRoleId = Object.keys(t.resources).find((id) => t.resources[id].Type === 'AWS::IAM::Role' && t.resolve({ 'Fn::GetAtt': [id, 'Arn'] }) === instanceRoleArn)!;
  const instancePolicies = rolePolicies(t, instanceRoleId).policies.filter((p) => t.resources[p.resourceId].Type === 'AWS::IAM::ManagedPolicy');
  const instancePolicyArn = instancePolicies.length === 1 ? t.resolveString({ Ref: instancePolicies[0].resourceId }) : t.arn('iam', 'policy/CoiledInstancePolicy', { region: '' });
  return {
    workspaceName: output('workspaceName'),
    vpcId: output('vpcId'),
    subnetIds: output('subnetIds').split(',').filter(Boolean),
    schedulerSecurityGroupId: output('schedulerSecurityGroupId'),
    clusterSecurityGroupId: output('clusterSecurityGroupId'),
    instanceRoleArn,
    instanceProfileArn: output('instanceProfileArn'),
    instancePolicyArn,
    logGroupName: output('logGroupName'),
    controlPlaneRoleArn: output('controlPlaneRoleArn'),
  };
}
