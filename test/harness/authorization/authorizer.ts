/**
 * "May this role do that?", answered the way AWS answers it: the request is shaped by AWS's
 * authorization model (aws-model.ts: the resource type the ARN names, and only the condition keys
 * AWS supplies for that action on that resource type reach the policy), then evaluated by
 * @cloud-copilot/iam-simulate over the role's policies from the synthesized template.
 *
 * One call for the common question:
 *
 *   await canCall(template, 'secretsmanager:GetSecretValue', secretArn)   // the control-plane role
 *
 * An operation is every authorization check AWS makes for one API call (RunInstances checks the
 * instance, its volumes, interface, subnet, groups, image... and iam:PassRole): it is allowed only
 * when every check is.
 */
import { isConditionKeyArray, runSimulation, runUnsafeSimulation, typeForContextKey } from '@cloud-copilot/iam-simulate';
import { actionModel, keySupplied, resourceTypeOf } from './aws-model';
import { DEFAULT_DEPLOYMENT, Deployment, ResolvedTemplate, TemplatePolicy, controlPlaneRoleId, rolePolicies } from './template';

/** One authorization check AWS makes. */
export interface Check {
  /** `service:Action`. */
  readonly action: string;
  /** The ARN AWS authorizes against (`*` for actions that take no resource). */
  readonly resource: string;
  /** Tags the resource carries (AWS supplies them as aws:ResourceTag/… and <service>:ResourceTag/…). */
  readonly resourceTags?: Record<string, string>;
  /** Tags the request sets (aws:RequestTag/…, aws:TagKeys). */
  readonly requestTags?: Record<string, string>;
  /** Other request context (ec2:Vpc, ec2:CreateAction, iam:PassedToService, …); undefined entries are absent. */
  readonly context?: { readonly [key: string]: string | string[] | undefined };
}

export type Decision = 'Allowed' | 'ImplicitlyDenied' | 'ExplicitlyDenied';

export interface CheckResult {
  readonly check: Check;
  readonly decision: Decision;
  /** The resource type AWS authorizes (undefined for actions without resources). */
  readonly resourceType?: string;
  /** Context keys the request named that AWS does not supply for this action and resource type. */
  readonly droppedKeys: string[];
}

export interface OperationResult {
  readonly allowed: boolean;
  readonly checks: CheckResult[];
  /** The checks that were not allowed. */
  readonly denied: CheckResult[];
}

export interface AuthorizerOptions {
  /** Where the template is deployed (partition, region, account). */
  readonly deployment?: Deployment;
  /** Logical id of the role; default: the control-plane role (trusted with an external ID). */
  readonly roleId?: string;
}

export class Authorizer {
  /** The control-plane role (or `options.roleId`) of a synthesized template. */
  public static async forTemplate(template: any, options: AuthorizerOptions = {}): Promise<Authorizer> {
    const resolved = new ResolvedTemplate(template, options.deployment ?? DEFAULT_DEPLOYMENT);
    const roleId = options.roleId ?? controlPlaneRoleId(resolved);
    const { policies, boundary } = rolePolicies(resolved, roleId);
    const authorizer = new Authorizer(resolved, resolved.resolveString({ 'Fn::GetAtt': [roleId, 'Arn'] }), policies, boundary);
    await authorizer.validatePolicies();
    return authorizer;
  }

  private readonly cache = new Map<string, Promise<CheckResult>>();
  private readonly explained = new Map<string, Promise<string[]>>();

  private constructor(
    public readonly template: ResolvedTemplate,
    public readonly principalArn: string,
    public readonly policies: TemplatePolicy[],
    public readonly boundary: TemplatePolicy | undefined,
  ) {}

  /** May the role make this one request? */
  public async canCall(action: string, resource: string, check: Omit<Check, 'action' | 'resource'> = {}): Promise<boolean> {
    return (await this.decide({ action, resource, ...check })).decision === 'Allowed';
  }

  /** Every check, and whether all of them are allowed. */
  public async perform(checks: readonly Check[]): Promise<OperationResult> {
    const results = await Promise.all(checks.map((c) => this.decide(c)));
    const denied = results.filter((r) => r.decision !== 'Allowed');
    return { allowed: denied.length === 0, checks: results, denied };
  }

  public decide(check: Check): Promise<CheckResult> {
    const key = JSON.stringify(check);
    let cached = this.cache.get(key);
    if (!cached) {
      cached = this.evaluate(check);
      this.cache.set(key, cached);
    }
    return cached;
  }

  /** The Sids of the statements that allow a check (for the docs' capability matrix). */
  public allowingStatements(check: Check): Promise<string[]> {
    const key = JSON.stringify(check);
    let cached = this.explained.get(key);
    if (!cached) {
      cached = this.explain(check);
      this.explained.set(key, cached);
    }
    return cached;
  }

  private async explain(check: Check): Promise<string[]> {
    const { context } = await this.requestContext(check);
    const response = await runSimulation(this.simulation(check, context), {});
    if (response.resultType !== 'single') throw new Error(`simulation of ${describeCheck(check)} failed: ${JSON.stringify(response)}`);
    const fast = (await this.decide(check)).decision;
    if (response.overallResult !== fast) throw new Error(`the two evaluation paths disagree on ${describeCheck(check)}: ${response.overallResult} vs ${fast}`);
    return (response.result.analysis.identityAnalysis?.allowStatements ?? []).map((s) => s.statement.sid() ?? s.explain.identifier);
  }

  private async evaluate(check: Check): Promise<CheckResult> {
    const { context, droppedKeys, resourceType } = await this.requestContext(check);
    // The evaluator's fast path skips its own input validation (this class did it) but also its
    // rule that only a literal "*" grants an action without resources: those go the full way.
    let decision: Decision;
    if (resourceType === undefined) {
      const response = await runSimulation(this.simulation(check, context), {});
      if (response.resultType === 'error') throw new Error(`simulation of ${describeCheck(check)} failed: ${JSON.stringify(response.errors)}`);
      decision = response.overallResult as Decision;
    } else {
      decision = runUnsafeSimulation(this.simulation(check, context), {}) as Decision;
    }
    return { check, decision, resourceType, droppedKeys };
  }

  /**
   * The request context AWS would send: tags expanded into their keys, the keys every request
   * carries, then only those AWS supplies for this action on this resource type.
   */
  private async requestContext(check: Check): Promise<{ context: Record<string, string | string[]>; droppedKeys: string[]; resourceType?: string }> {
    const model = await actionModel(check.action);
    if (!model) throw new Error(`catalog error: AWS has no action ${check.action}`);
    let type;
    if (model.wildcardOnly) {
      if (check.resource !== '*') throw new Error(`catalog error: ${check.action} takes no resource; check it on "*"`);
    } else {
      type = resourceTypeOf(model, check.resource);
      if (!type) throw new Error(`catalog error: ${check.resource} is none of the resource types of ${check.action} (${model.resourceTypes.map((t) => t.name).join(', ')})`);
    }
    const named: Record<string, string | string[]> = {
      'aws:PrincipalArn': this.principalArn,
      'aws:PrincipalAccount': this.template.account,
      'aws:RequestedRegion': this.template.region,
      'aws:SecureTransport': 'true',
    };
    if (model.actionKeys.some((k) => k.toLowerCase() === `${model.service}:region`)) named[`${model.service}:Region`] = this.template.region;
    // EC2 names the resource's own id in a key of its type (ec2:SubnetID, ec2:SecurityGroupID, ...).
    if (model.service === 'ec2' && type) named[`ec2:${type.name.replace(/(^|-)([a-z])/g, (_, __, c: string) => c.toUpperCase())}ID`] = check.resource.slice(check.resource.lastIndexOf('/') + 1);
    for (const [tag, value] of Object.entries(check.resourceTags ?? {})) {
      named[`aws:ResourceTag/${tag}`] = value;
      named[`${model.service}:ResourceTag/${tag}`] = value;
    }
    for (const [tag, value] of Object.entries(check.requestTags ?? {})) named[`aws:RequestTag/${tag}`] = value;
    if (check.requestTags) named['aws:TagKeys'] = Object.keys(check.requestTags);
    for (const [key, value] of Object.entries(check.context ?? {})) if (value !== undefined) named[key] = value;

    const context: Record<string, string | string[]> = {};
    const droppedKeys: string[] = [];
    for (const [key, value] of Object.entries(named)) {
      if (!keySupplied(model, type, key)) {
        droppedKeys.push(key);
        continue;
      }
      const isArray = isConditionKeyArray(await typeForContextKey(key));
      if (!isArray && Array.isArray(value)) throw new Error(`catalog error: ${key} is single-valued, got ${JSON.stringify(value)}`);
      context[key] = isArray ? [value].flat() : value;
    }
    return { context, droppedKeys, resourceType: type?.name };
  }

  private simulation(check: Check, context: Record<string, string | string[]>) {
    return {
      request: { principal: this.principalArn, action: check.action, resource: { resource: check.resource, accountId: this.template.account }, contextVariables: context },
      identityPolicies: this.policies.map((p) => ({ name: `${p.name} (${p.resourceId})`, policy: p.document })),
      permissionBoundaryPolicies: this.boundary ? [{ name: this.boundary.name, policy: this.boundary.document }] : undefined,
      serviceControlPolicies: [],
      resourceControlPolicies: [],
    };
  }

  /** The evaluator's own validation of every policy document, once. */
  private async validatePolicies(): Promise<void> {
    const response = await runSimulation(this.simulation({ action: 'sts:GetCallerIdentity', resource: '*' }, {}), {});
    if (response.resultType === 'error') throw new Error(`the role's policies do not validate: ${JSON.stringify(response.errors)}`);
  }
}

/** Whether the control-plane role of a synthesized template may make one request. */
export async function canCall(template: any, action: string, resource: string, check: Omit<Check, 'action' | 'resource'> & AuthorizerOptions = {}): Promise<boolean> {
  const { deployment, roleId, ...request } = check;
  return (await Authorizer.forTemplate(template, { deployment, roleId })).canCall(action, resource, request);
}

export function describeCheck(check: Check): string {
  const extras = [
    check.resourceTags && `resource tags ${JSON.stringify(check.resourceTags)}`,
    check.requestTags && `request tags ${JSON.stringify(check.requestTags)}`,
    check.context && `context ${JSON.stringify(check.context)}`,
  ].filter(Boolean);
  return `${check.action} on ${check.resource}${extras.length ? ` (${extras.join(', ')})` : ''}`;
}
