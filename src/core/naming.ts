/**
 * The workspace name and every name derived from it, each checked against its cloud's limit.
 *
 * Names Coiled requires (coiled-contract §2.1, §10): the AWS instance role and instance profile are
 * `coiled-<workspace>`, the log group is `<workspace>`, the instance policy is
 * `CoiledInstancePolicy`. Every other name is ours to choose; they all start with a prefix
 * (default `coiled-<workspace>`) so that two workspaces in one account or project never collide.
 */
import { ErrorCode, ValidationScope, describeValue, fail } from './errors';

/** Limits of each kind of name, with where they come from. */
export const NAME_LIMITS = {
  /** IAM role names: 1-64 chars of `[\w+=,.@-]` (IAM CreateRole API). */
  awsRoleName: { max: 64, pattern: /^[\w+=,.@-]+$/, label: 'an IAM role name (at most 64 characters of letters, digits and +=,.@_-)' },
  /** Instance profile names: 1-128 chars of `[\w+=,.@-]` (IAM CreateInstanceProfile API). */
  awsInstanceProfileName: { max: 128, pattern: /^[\w+=,.@-]+$/, label: 'an IAM instance profile name (at most 128 characters)' },
  /** Managed policy names: 1-128 chars of `[\w+=,.@-]` (IAM CreatePolicy API). */
  awsManagedPolicyName: { max: 128, pattern: /^[\w+=,.@-]+$/, label: 'an IAM managed policy name (at most 128 characters)' },
  /** Log group names: 1-512 chars of `[\w.\-/#]` (CloudWatch Logs CreateLogGroup API). */
  awsLogGroupName: { max: 512, pattern: /^[\w.\-/#]+$/, label: 'a CloudWatch log group name (at most 512 characters)' },
  /** Security group names: up to 255 chars, must not start with `sg-` (EC2 CreateSecurityGroup API). */
  awsSecurityGroupName: { max: 255, pattern: /^(?!sg-)[a-zA-Z0-9 ._\-:/()#,@[\]+=&;{}!$*]+$/, label: 'a security group name (at most 255 characters, not starting with sg-)' },
  /** GCP service-account ids: 6-30 chars, `[a-z]([-a-z0-9]*[a-z0-9])` (IAM serviceAccounts.create). */
  gcpServiceAccountId: { min: 6, max: 30, pattern: /^[a-z]([-a-z0-9]*[a-z0-9])?$/, label: 'a GCP service-account id (6-30 characters: lowercase letters, digits, hyphens; starts with a letter, ends with a letter or digit)' },
  /** GCP custom role ids: 3-64 chars of `[a-zA-Z0-9_.]` (IAM roles.create). */
  gcpCustomRoleId: { min: 3, max: 64, pattern: /^[a-zA-Z0-9_.]+$/, label: 'a GCP custom role id (3-64 characters of letters, digits, underscores and dots)' },
  /** GCP resource names and network tags: RFC 1035, 1-63 chars (Compute Engine naming). */
  gcpRfc1035: { max: 63, pattern: /^[a-z]([-a-z0-9]*[a-z0-9])?$/, label: 'a GCP resource name or network tag (RFC 1035: at most 63 characters, lowercase letters, digits and hyphens, starting with a letter)' },
} as const;

export type NameKind = keyof typeof NAME_LIMITS;

/**
 * A Coiled workspace slug: lowercase letters, digits, hyphens and underscores, starting and
 * ending with a letter or digit. Longer names are allowed as long as every derived name fits.
 */
function isWorkspaceSlug(text: string): boolean {
  return /^[a-z0-9]([a-z0-9_-]*[a-z0-9])?$/.test(text);
}
/** `coiled-<workspace>` (Coiled's fixed instance-role name) must fit an IAM role name (64). */
const WORKSPACE_MAX = 57;

/** The closest valid slug to `text` (lowercase, other characters as hyphens), or undefined. */
export function slugify(text: string, max = WORKSPACE_MAX): string | undefined {
  const slug = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9_-]/g, '-')
    .replace(/-{2,}/g, '-')
    .slice(0, max)
    .replace(/^[-_]+|[-_]+$/g, '');
  return isWorkspaceSlug(slug) ? slug : undefined;
}

export function checkWorkspaceName(scope: ValidationScope, value: unknown): string {
  const input = 'workspaceName';
  if (scope.isUnresolved(value)) {
    fail(scope, {
      code: ErrorCode.INVALID_WORKSPACE_NAME,
      input,
      value,
      problem: 'the workspace name must be known at synth time: Coiled derives fixed resource names from it',
      fix: 'pass the workspace slug as a literal string, e.g. "my-team"',
    });
  }
  if (value === undefined || value === null || value === '') {
    fail(scope, { code: ErrorCode.INVALID_WORKSPACE_NAME, input, value, problem: 'the workspace name is required', fix: 'pass your Coiled workspace slug, e.g. "my-team"' });
  }
  if (typeof value !== 'string') {
    fail(scope, {
      code: ErrorCode.INVALID_WORKSPACE_NAME,
      input,
      value,
      problem: `the workspace name is text, not ${describeValue(value)}`,
      fix: typeof value === 'number' ? `write it as a string: "${value}"` : 'pass your Coiled workspace slug as a string, e.g. "my-team"',
      suggestion: typeof value === 'number' && Number.isInteger(value) && value >= 0 ? { input, value: String(value) } : undefined,
    });
  }
  if (value.length > WORKSPACE_MAX) {
    fail(scope, {
      code: ErrorCode.INVALID_WORKSPACE_NAME,
      input,
      value,
      problem: `the name has ${value.length} characters; Coiled's instance role "coiled-<workspace>" must fit the 64-character IAM role-name limit, so at most ${WORKSPACE_MAX}`,
      fix: 'use a shorter Coiled workspace',
    });
  }
  if (!isWorkspaceSlug(value)) {
    const slug = slugify(value);
    fail(scope, {
      code: ErrorCode.INVALID_WORKSPACE_NAME,
      input,
      value,
      problem: 'a Coiled workspace slug has lowercase letters, digits, hyphens and underscores, and starts and ends with a letter or digit',
      fix: `use the slug shown in Coiled's workspace settings${slug ? `, e.g. "${slug}"` : ''}`,
      suggestion: slug ? { input, value: slug } : undefined,
    });
  }
  return value;
}

/** Why `value` is not a valid name of `kind`, or undefined. */
export function nameProblem(kind: NameKind, value: string): string | undefined {
  const limit = NAME_LIMITS[kind];
  const min = 'min' in limit ? limit.min : 1;
  if (value.length > limit.max) return `${value.length} characters exceed the ${limit.max}-character limit of ${limit.label}`;
  if (value.length < min) return `${value.length} characters are fewer than the ${min} required for ${limit.label}`;
  if (!limit.pattern.test(value)) return `not valid as ${limit.label}`;
  return undefined;
}

/**
 * Checks one name against its kind's limit. `input` is the prop that sets it (the name is then the
 * prop's value itself).
 */
export function checkName(scope: ValidationScope, kind: NameKind, input: string, value: string, fix: string): string {
  if (scope.isUnresolved(value)) return value;
  const problem = nameProblem(kind, value);
  if (problem) fail(scope, { code: ErrorCode.INVALID_NAME, input, value, problem, fix });
  return value;
}

/**
 * Checks a name built from what the user wrote at `input` (a prefix and a suffix of ours): a
 * failure shows the value the user wrote, and the name built from it in the problem.
 */
export function checkDerivedName(scope: ValidationScope, kind: NameKind, at: DerivedAt, name: string, fix: string): string {
  if (scope.isUnresolved(name)) return name;
  const problem = nameProblem(kind, name);
  if (problem) {
    fail(scope, { code: ErrorCode.INVALID_NAME, input: at.input, value: at.value, problem: derivedProblem(at, at.what, name, problem), fix });
  }
  return name;
}

/** The input a derived name comes from, and its value as the user wrote it. */
export interface NameInput {
  readonly input: string;
  readonly value: string;
}

/** That input, and what the name is, for messages: "the firewall rule name". */
export interface DerivedAt extends NameInput {
  readonly what: string;
}

/** `the network name (with the default namePrefix "coiled-<workspace>") would be "x": <why>`. */
function derivedProblem(at: NameInput, what: string, name: string, problem: string): string {
  const viaDefault = at.input === 'workspaceName' ? ' (with the default namePrefix "coiled-<workspace>")' : '';
  return `${what}${viaDefault} would be "${name}": ${problem}`;
}

/** The input every free name derives from: namePrefix when given, else the workspace name. */
function prefixInput(workspaceName: string, namePrefix: string | undefined): NameInput {
  return namePrefix !== undefined ? { input: 'namePrefix', value: namePrefix } : { input: 'workspaceName', value: workspaceName };
}

/** One name derived from a prefix the user set (or from the workspace name through the default prefix). */
interface Derived {
  readonly kind: NameKind;
  /** What the name is, for messages: "the control-plane role name". */
  readonly what: string;
  /** The name from a prefix. */
  readonly from: (prefix: string) => string;
}

interface PrefixSource extends NameInput {
  /** The prefix that input gives (`coiled-<workspace>` for the default). */
  readonly prefix: string;
  /** Turns a candidate prefix into a value of the input (for suggestions). */
  readonly suggest: (prefix: string) => { input: string; value: string };
  /** Cleans arbitrary text into the prefix alphabet. */
  readonly clean: (text: string) => string;
}

/**
 * Checks every name derived from one prefix; a failure names the input the user wrote, shows its
 * value, says which derived name breaks which limit, and suggests a prefix that makes every one of
 * them valid.
 */
function checkDerivedNames(scope: ValidationScope, source: PrefixSource, derived: readonly Derived[], extraFix: string): void {
  const firstProblem = (prefix: string) => {
    for (const d of derived) {
      const name = d.from(prefix);
      // The prefix, or a part other than it (a role-id suffix), may be a token: its length is unknown.
      if (scope.isUnresolved(name)) continue;
      const problem = nameProblem(d.kind, name);
      if (problem) return { d, name, problem };
    }
    return undefined;
  };
  const found = firstProblem(source.prefix);
  if (!found) return;
  // The longest prefix every derived name allows, from the cleaned prefix.
  const cleaned = source.clean(source.prefix);
  let candidate: string | undefined;
  for (let length = Math.min(cleaned.length, 63); length >= 1 && candidate === undefined; length--) {
    const trimmed = cleaned.slice(0, length).replace(/[-_.]+$/, '');
    if (/^[a-z]/.test(trimmed) && !firstProblem(trimmed)) candidate = trimmed;
  }
  // No prefix of the user's own text starts with a letter and fits: put "coiled-" in front. That
  // always fits: at most 25 characters of the cleaned alphabet, which every derived name of either
  // cloud takes (test/core/naming-judgements.test.ts feeds each suggestion back).
  const suggestion = source.suggest(candidate ?? `coiled-${cleaned}`.slice(0, 25).replace(/[-_.]+$/, ''));
  fail(scope, {
    code: ErrorCode.INVALID_NAME,
    input: source.input,
    value: source.value,
    problem: derivedProblem(source, found.d.what, found.name, found.problem),
    fix: `set ${suggestion.input} to "${suggestion.value}"${extraFix ? `, ${extraFix}` : ''}`,
    suggestion,
  });
}

/** GCP names allow no underscores; workspace slugs may have them. */
export function gcpSlug(workspaceName: string): string {
  return workspaceName.replace(/_/g, '-');
}

/** The default prefix of every name we are free to choose. */
export function defaultNamePrefix(workspaceName: string): string {
  return `coiled-${workspaceName}`;
}

export interface AwsNames {
  readonly instanceRoleName: string;
  readonly instanceProfileName: string;
  readonly instancePolicyName: string;
  readonly logGroupName: string;
  readonly controlPlaneRoleName: string;
  readonly ongoingPolicyName: string;
  readonly setupPolicyName: string;
  readonly capabilitiesPolicyName: string;
  readonly secretsPolicyName: string;
  readonly schedulerSecurityGroupName: string;
  readonly clusterSecurityGroupName: string;
}

export interface AwsNameOptions {
  /**
   * Check only the names Coiled fixes (role, instance profile, log group, instance policy): for a
   * construct that creates none of the prefixed names (the instance identity).
   */
  readonly fixedOnly?: boolean;
  readonly namePrefix?: string;
  readonly instancePolicyName?: string;
  readonly controlPlaneRoleName?: string;
}

/** Every AWS name of a workspace, checked. */
export function awsNames(scope: ValidationScope, workspaceName: string, options: AwsNameOptions = {}): AwsNames {
  const given = options.namePrefix !== undefined;
  if (given && options.namePrefix === '') {
    fail(scope, { code: ErrorCode.INVALID_NAME, input: 'namePrefix', value: '', problem: 'the prefix of every free name is empty', fix: 'leave namePrefix out for "coiled-<workspace>", or give a short prefix', suggestion: { input: 'namePrefix', value: undefined } });
  }
  const prefix = given ? options.namePrefix! : defaultNamePrefix(workspaceName);
  const derived: Derived[] = [
    { kind: 'awsManagedPolicyName', what: 'the ongoing policy name', from: (p) => `${p}-ongoing` },
    { kind: 'awsManagedPolicyName', what: 'the setup policy name', from: (p) => `${p}-setup` },
    { kind: 'awsManagedPolicyName', what: 'the capabilities policy name', from: (p) => `${p}-capabilities` },
    { kind: 'awsManagedPolicyName', what: 'the secrets policy name', from: (p) => `${p}-secrets` },
    { kind: 'awsSecurityGroupName', what: 'the scheduler security group name', from: (p) => `${p}-scheduler` },
    { kind: 'awsSecurityGroupName', what: 'the cluster security group name', from: (p) => `${p}-cluster` },
  ];
  if (options.controlPlaneRoleName === undefined) derived.unshift({ kind: 'awsRoleName', what: 'the control-plane role name', from: (p) => `${p}-control-plane` });
  if (options.fixedOnly) derived.length = 0;
  checkDerivedNames(
    scope,
    {
      ...prefixInput(workspaceName, options.namePrefix),
      prefix,
      suggest: (p) => ({ input: 'namePrefix', value: p }),
      clean: (t) => t.replace(/[^\w+=,.@-]+/g, '-'),
    },
    derived,
    options.controlPlaneRoleName === undefined ? 'or set controlPlaneRoleName' : '',
  );
  return {
    // Fixed by Coiled's contract: no override.
    instanceRoleName: checkName(scope, 'awsRoleName', 'workspaceName', `coiled-${workspaceName}`, 'use a shorter workspace name; Coiled requires the role to be named coiled-<workspace>'),
    instanceProfileName: checkName(scope, 'awsInstanceProfileName', 'workspaceName', `coiled-${workspaceName}`, 'use a shorter workspace name'),
    logGroupName: checkName(scope, 'awsLogGroupName', 'workspaceName', workspaceName, 'use a workspace name of letters, digits, hyphens and underscores'),
    instancePolicyName: checkName(scope, 'awsManagedPolicyName', 'instancePolicyName', options.instancePolicyName ?? 'CoiledInstancePolicy', 'use letters, digits and +=,.@_- only'),
    controlPlaneRoleName: options.controlPlaneRoleName === undefined ? `${prefix}-control-plane` : checkName(scope, 'awsRoleName', 'controlPlaneRoleName', options.controlPlaneRoleName, 'use at most 64 letters, digits and +=,.@_-'),
    ongoingPolicyName: `${prefix}-ongoing`,
    setupPolicyName: `${prefix}-setup`,
    capabilitiesPolicyName: `${prefix}-capabilities`,
    secretsPolicyName: `${prefix}-secrets`,
    schedulerSecurityGroupName: `${prefix}-scheduler`,
    clusterSecurityGroupName: `${prefix}-cluster`,
  };
}

export interface GcpNames {
  readonly prefix: string;
  readonly schedulerTag: string;
  readonly clusterTag: string;
  readonly controlPlaneServiceAccountId: string;
  readonly dataServiceAccountId: string;
  readonly controlPlaneRoleId: string;
  readonly dataRoleId: string;
  readonly networkName: string;
  readonly subnetName: string;
  readonly routerName: string;
  readonly natName: string;
  /** Name for a firewall rule with the given purpose suffix. */
  firewallName(purpose: string): string;
}

export interface GcpNameOptions {
  readonly namePrefix?: string;
  readonly controlPlaneServiceAccountId?: string;
  readonly dataServiceAccountId?: string;
  readonly customRoleSuffix?: string;
}

/**
 * A GCP project id, as regular-expression source: 6-30 lowercase letters, digits and hyphens,
 * starting with a letter and not ending with a hyphen; legacy projects may carry a domain prefix
 * (`example.com:my-project`). The one definition for every check that reads a project, alone or in
 * a link or a resource name (a copy without the domain prefix once refused such a project's
 * secrets in the hand-off).
 */
export function gcpProjectIdSource(): string {
  return '(?:[a-z0-9](?:[-a-z0-9.]{0,61}[a-z0-9])?:)?[a-z][-a-z0-9]{4,28}[a-z0-9]';
}

/**
 * A Compute Engine reference to `resource` (regular-expression source after the project: e.g.
 * `global/networks/<name>`), as the full self link or as the `projects/...` path GCP also accepts.
 */
export function gcpComputeLinkPattern(resource: string): RegExp {
  return new RegExp(`^(https://(www|compute)\\.googleapis\\.com/compute/(v1|beta)/)?projects/${gcpProjectIdSource()}/${resource}$`);
}

/** Every GCP name of a workspace, checked. */
export function gcpNames(scope: ValidationScope, workspaceName: string, options: GcpNameOptions = {}): GcpNames {
  const given = options.namePrefix !== undefined;
  if (given && options.namePrefix === '') {
    fail(scope, { code: ErrorCode.INVALID_NAME, input: 'namePrefix', value: '', problem: 'the prefix of every name is empty', fix: 'leave namePrefix out for "coiled-<workspace>", or give a short prefix such as "coiled"', suggestion: { input: 'namePrefix', value: undefined } });
  }
  const prefix = given ? options.namePrefix! : defaultNamePrefix(gcpSlug(workspaceName));
  const suffix = options.customRoleSuffix ? `_${options.customRoleSuffix}` : '';
  if (options.customRoleSuffix !== undefined && !scope.isUnresolved(options.customRoleSuffix) && !/^[a-zA-Z0-9_.]{1,20}$/.test(options.customRoleSuffix)) {
    const cleaned = options.customRoleSuffix.replace(/[^a-zA-Z0-9_.]+/g, '_').slice(0, 20);
    fail(scope, {
      code: ErrorCode.INVALID_NAME,
      input: 'customRoleSuffix',
      value: options.customRoleSuffix,
      problem: 'a role-id suffix has 1-20 letters, digits, underscores or dots',
      fix: 'use e.g. "v2"',
      // cleaned holds only the suffix alphabet and at most 20 characters: valid unless empty.
      suggestion: { input: 'customRoleSuffix', value: cleaned !== '' ? cleaned : 'v2' },
    });
  }
  const derived: Derived[] = [
    { kind: 'gcpRfc1035', what: 'the network name', from: (p) => p },
    // The longest firewall-rule suffix we generate (`-sched-ipv6-` + a 16-character port signature), checked up front.
    { kind: 'gcpRfc1035', what: 'the longest firewall rule name', from: (p) => `${p}-sched-ipv6-0123456789abcdef` },
    { kind: 'gcpRfc1035', what: 'the scheduler network tag', from: (p) => `${p}-scheduler` },
    { kind: 'gcpRfc1035', what: 'the subnet name', from: (p) => `${p}-subnet` },
    { kind: 'gcpCustomRoleId', what: 'the data custom role id', from: (p) => `${p.replace(/-/g, '_')}_data${suffix}` },
  ];
  if (options.controlPlaneServiceAccountId === undefined) derived.push({ kind: 'gcpServiceAccountId', what: 'the control-plane service-account id', from: (p) => p });
  if (options.dataServiceAccountId === undefined) derived.push({ kind: 'gcpServiceAccountId', what: 'the data service-account id', from: (p) => `${p}-data` });
  const overrides = [options.controlPlaneServiceAccountId === undefined ? 'controlPlaneServiceAccountId' : '', options.dataServiceAccountId === undefined ? 'dataServiceAccountId' : ''].filter((x) => x !== '');
  checkDerivedNames(
    scope,
    {
      ...prefixInput(workspaceName, options.namePrefix),
      prefix,
      suggest: (p) => ({ input: 'namePrefix', value: p }),
      clean: (t) => t.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^[^a-z]+/, ''),
    },
    derived,
    overrides.length > 0 ? `or set ${overrides.join(' and ')}` : '',
  );
  const roleBase = prefix.replace(/-/g, '_');
  const saFix = 'use 6-30 lowercase letters, digits and hyphens, starting with a letter';
  return {
    prefix,
    schedulerTag: `${prefix}-scheduler`,
    clusterTag: `${prefix}-cluster`,
    controlPlaneServiceAccountId: options.controlPlaneServiceAccountId === undefined ? prefix : checkName(scope, 'gcpServiceAccountId', 'controlPlaneServiceAccountId', options.controlPlaneServiceAccountId, saFix),
    dataServiceAccountId: options.dataServiceAccountId === undefined ? `${prefix}-data` : checkName(scope, 'gcpServiceAccountId', 'dataServiceAccountId', options.dataServiceAccountId, saFix),
    controlPlaneRoleId: `${roleBase}${suffix}`,
    dataRoleId: `${roleBase}_data${suffix}`,
    networkName: prefix,
    subnetName: `${prefix}-subnet`,
    routerName: `${prefix}-router`,
    natName: `${prefix}-nat`,
    firewallName: (purpose: string) =>
      checkDerivedName(
        scope,
        'gcpRfc1035',
        { ...prefixInput(workspaceName, options.namePrefix), what: 'the firewall rule name' },
        `${prefix}-${purpose}`,
        'set a shorter namePrefix',
      ),
  };
}

/** One account- or project-unique name a workspace claims. */
export interface NameClaim {
  /** The input that sets the name. */
  readonly input: string;
  /** That input's value as the user wrote it. */
  readonly inputValue: unknown;
  /** Identity of the name: kind, scope (account, project, region) and name. */
  readonly key: string;
  /** The name as the user reads it in the console. */
  readonly name: string;
  /** Where it must be unique, readable ("account 123456789012", "this stack's account"). */
  readonly where: string;
  /** How to resolve a collision. */
  readonly fix: string;
}

/**
 * Fails when two workspaces of one app would create the same physical name (IAM names are unique
 * per account, GCP ids per project). `taken` maps each claim key to the construct path that owns it.
 */
export function claimNames(scope: ValidationScope, taken: Map<string, string>, claims: readonly NameClaim[]): void {
  for (const claim of claims) {
    const owner = taken.get(claim.key);
    if (owner !== undefined && owner !== scope.path) {
      fail(scope, {
        code: ErrorCode.NAME_COLLISION,
        input: claim.input,
        value: claim.inputValue,
        problem: `the workspace at '${owner}' already creates "${claim.name}" in ${claim.where}, and the name must be unique there`,
        fix: claim.fix,
      });
    }
  }
  for (const claim of claims) taken.set(claim.key, scope.path);
}
