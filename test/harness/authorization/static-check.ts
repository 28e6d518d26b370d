/**
 * Static validity of every IAM policy in a synthesized template, judged by AWS's authorization
 * model (aws-model.ts), with intrinsics resolved to concrete ARNs (template.ts):
 *
 * - every action exists;
 * - an action that takes no resource is granted on `*` (anything else never matches: a dead grant);
 * - every resource names at least one resource type the action supports;
 * - every condition key is one AWS supplies for that action on each resource type the statement's
 *   resources name (global aws:* keys aside; the tag keys aws:RequestTag, aws:ResourceTag and
 *   aws:TagKeys are judged like service keys). A statement on `*` is judged on the action's
 *   required resource types. Keys under an ...IfExists or Null operator are skipped: they are
 *   written for absence.
 *
 * A finding is a grant that can never take effect as written: AWS denies what the author meant to
 * allow (or the Deny never fires).
 */
import { ActionModel, ResourceTypeModel, actionModel, expandActionPattern, keySupplied, resourceTypesMatching } from './aws-model';
import { DEFAULT_DEPLOYMENT, Deployment, ResolvedTemplate, TemplatePolicy, templatePolicies } from './template';

export type FindingKind = 'unknown-action' | 'wildcard-only-action-scoped' | 'resource-names-no-type' | 'condition-key-not-supplied' | 'not-checked';

export interface Finding {
  readonly policy: string;
  readonly sid: string;
  readonly action: string;
  readonly resource: string;
  readonly kind: FindingKind;
  readonly detail: string;
}

/** A finding as one stable line: `policy/Sid: action on resource: kind (detail)`. */
export function formatFinding(f: Finding): string {
  return `${f.policy}/${f.sid}: ${f.action} on ${f.resource}: ${f.kind}${f.detail ? ` (${f.detail})` : ''}`;
}

export async function templateFindings(template: any, deployment: Deployment = DEFAULT_DEPLOYMENT): Promise<Finding[]> {
  const resolved = new ResolvedTemplate(template, deployment);
  const findings: Finding[] = [];
  for (const policy of templatePolicies(resolved)) findings.push(...(await policyFindings(policy)));
  return findings;
}

export async function policyFindings(policy: TemplatePolicy): Promise<Finding[]> {
  const findings: Finding[] = [];
  for (const [index, statement] of policy.document.Statement.entries()) {
    const sid = statement.Sid ?? `#${index}`;
    const at = (action: string) => (resource: string, kind: FindingKind, detail = ''): Finding => ({ policy: policy.name, sid, action, resource, kind, detail });
    if (statement.NotAction !== undefined || statement.NotResource !== undefined) findings.push(at('-')('-', 'not-checked', 'NotAction / NotResource'));
    const resources = [statement.Resource ?? []].flat();
    const conditionKeys = Object.entries(statement.Condition ?? {})
      .filter(([operator]) => !operator.endsWith('IfExists') && operator !== 'Null')
      .flatMap(([, keys]) => Object.keys(keys));
    const actions: Array<{ pattern: string; models: ActionModel[] }> = [];
    for (const pattern of [statement.Action ?? []].flat().filter((a) => a !== '*')) {
      const models = (await Promise.all((await expandActionPattern(pattern)).map(actionModel))).filter((m): m is ActionModel => m !== undefined);
      if (models.length === 0) findings.push(at(pattern)('-', 'unknown-action'));
      else actions.push({ pattern, models });
    }
    const fits = (models: ActionModel[], resource: string) => models.some((model) => resourceFindings(model, resource, conditionKeys, at(model.action)).length === 0);
    const patterns = actions.filter((a) => /[*?]/.test(a.pattern));
    for (const { pattern, models } of actions.filter((a) => !patterns.includes(a))) {
      for (const resource of resources) findings.push(...resourceFindings(models[0], resource, conditionKeys, at(pattern)));
    }
    if (patterns.length === 0) continue;
    // A pattern (`s3:GetObject*`, as CDK's grants write them) grants whichever of its actions fit
    // each resource: a resource is dead only when no action of the statement fits it, a pattern
    // only when it fits none of the statement's resources.
    const names = patterns.map((p) => p.pattern).join(', ');
    const dead = resources.filter((r) => !actions.some((a) => fits(a.models, r)));
    for (const resource of dead) findings.push(at(names)(resource, 'resource-names-no-type', 'no action of the statement fits it'));
    if (dead.length === resources.length) continue;
    for (const { pattern, models } of patterns) {
      if (!resources.some((r) => fits(models, r))) findings.push(at(pattern)(resources.join(', '), 'resource-names-no-type', `none of its ${models.length} actions fits a resource of the statement`));
    }
  }
  return findings;
}

function resourceFindings(model: ActionModel, resource: string, conditionKeys: string[], at: (resource: string, kind: FindingKind, detail?: string) => Finding): Finding[] {
  if (model.wildcardOnly) {
    if (resource !== '*') return [at(resource, 'wildcard-only-action-scoped', `${model.action} takes no resource: only "*" grants it`)];
    return conditionKeys.filter((key) => !keySupplied(model, undefined, key)).map((key) => at(resource, 'condition-key-not-supplied', key));
  }
  let types: ResourceTypeModel[] = resourceTypesMatching(model, resource);
  if (types.length === 0) return [at(resource, 'resource-names-no-type', `${model.action} supports ${model.resourceTypes.map((t) => t.name).join(', ')}`)];
  if (resource === '*' && types.some((t) => t.required)) types = types.filter((t) => t.required);
  const findings: Finding[] = [];
  for (const key of conditionKeys) {
    const missing = types.filter((t) => !keySupplied(model, t, key)).map((t) => t.name);
    if (missing.length > 0) findings.push(at(resource, 'condition-key-not-supplied', `${key} on ${missing.join(', ')}`));
  }
  return findings;
}
