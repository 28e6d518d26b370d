/**
 * The workspace name and every name derived from it, each checked against its cloud's limit.
 *
 * Names Coiled requires (coiled-contract §2.1, §10): the AWS instance role and instance profile are
 * `coiled-<workspace>`, the log group is `<workspace>`, the instance policy is
 * `CoiledInstancePolicy`. Every other name is ours to choose; they all start with a prefix
 * (default `coiled-<workspace>`) so that two workspaces in one account or project never collide.
 */
import { ErrorCode, ValidationScope, fail } from './errors';

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
const WORKSPACE_PATTERN = /^[a-z0-9]([a-z0-9_-]*[a-z0-9])?$/;
const WORKSPACE_MAX = 57; // `coiled-<workspace>` must fit an IAM role name (64).

export function checkWorkspaceName(scope: ValidationScope, value: unknown): string {
  if (scope.isUnresolved(value)) {
    fail(scope, {
      code: ErrorCode.INVALID_WORKSPACE_NAME,
      input: 'workspaceName',
      value,
      problem: 'the workspace name must be known at synth time: Coiled derives fixed resource names from it',
      fix: 'pass the workspace slug as a literal string, e.g. "my-team"',
    });
  }
  if (typeof value !== 'string' || value === '') {
    fail(scope, { code: ErrorCode.INVALID_WORKSPACE_NAME, input: 'workspaceName', value, problem: 'the workspace name is required', fix: 'pass your Coiled workspace slug, e.g. "my-team"' });
  }
  if (value.length > WORKSPACE_MAX) {
    fail(scope, {
      code: ErrorCode.INVALID_WORKSPACE_NAME,
      input: 'workspaceName',
      value,
      problem: `the name has ${value.length} characters; Coiled's instance role "coiled-<workspace>" must fit the 64-character IAM role-name limit, so at most ${WORKSPACE_MAX}`,
      fix: 'use a shorter Coiled workspace',
    });
  }
  if (!WORKSPACE_PATTERN.test(value)) {
    fail(scope, {
      code: ErrorCode.INVALID_WORKSPACE_NAME,
      input: 'workspaceName',
      value,
      problem: 'a Coiled workspace slug has lowercase letters, digits, hyphens and underscores, and starts and ends with a letter or digit',
      fix: `use the slug shown in Coiled's workspace settings${/[A-Z]/.test(value) ? `, e.g. "${value.toLowerCase()}"` : ''}`,
    });
  }
  return value;
}

/**
 * Checks one name against its kind's limit. `input` is the prop that sets it, `derivedFrom`
 * says how it was derived (for the fix).
 */
export function checkName(scope: ValidationScope, kind: NameKind, input: string, value: string, fix: string): string {
  if (scope.isUnresolved(value)) return value;
  const limit = NAME_LIMITS[kind];
  const min = 'min' in limit ? limit.min : 1;
  if (value.length < min || value.length > limit.max || !limit.pattern.test(value)) {
    const problem =
      value.length > limit.max
        ? `${value.length} characters exceed the ${limit.max}-character limit of ${limit.label}`
        : value.length < min
          ? `${value.length} characters are fewer than the ${min} required for ${limit.label}`
          : `not valid as ${limit.label}`;
    fail(scope, { code: ErrorCode.INVALID_NAME, input, value, problem, fix });
  }
  return value;
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
  readonly schedulerSecurityGroupName: string;
  readonly clusterSecurityGroupName: string;
}

export interface AwsNameOptions {
  readonly namePrefix?: string;
  readonly instancePolicyName?: string;
  readonly controlPlaneRoleName?: string;
}

/** Every AWS name of a workspace, checked. */
export function awsNames(scope: ValidationScope, workspaceName: string, options: AwsNameOptions = {}): AwsNames {
  const prefix = options.namePrefix ?? defaultNamePrefix(workspaceName);
  const shorten = 'shorten workspaceName, or set namePrefix to something shorter';
  return {
    // Fixed by Coiled's contract: no override.
    instanceRoleName: checkName(scope, 'awsRoleName', 'workspaceName', `coiled-${workspaceName}`, 'use a shorter workspace name; Coiled requires the role to be named coiled-<workspace>'),
    instanceProfileName: checkName(scope, 'awsInstanceProfileName', 'workspaceName', `coiled-${workspaceName}`, 'use a shorter workspace name'),
    logGroupName: checkName(scope, 'awsLogGroupName', 'workspaceName', workspaceName, 'use a workspace name of letters, digits, hyphens and underscores'),
    instancePolicyName: checkName(scope, 'awsManagedPolicyName', 'instancePolicyName', options.instancePolicyName ?? 'CoiledInstancePolicy', 'use letters, digits and +=,.@_- only'),
    controlPlaneRoleName: checkName(scope, 'awsRoleName', options.controlPlaneRoleName ? 'controlPlaneRoleName' : 'namePrefix', options.controlPlaneRoleName ?? `${prefix}-control-plane`, `${shorten}, or set controlPlaneRoleName`),
    ongoingPolicyName: checkName(scope, 'awsManagedPolicyName', 'namePrefix', `${prefix}-ongoing`, shorten),
    setupPolicyName: checkName(scope, 'awsManagedPolicyName', 'namePrefix', `${prefix}-setup`, shorten),
    capabilitiesPolicyName: checkName(scope, 'awsManagedPolicyName', 'namePrefix', `${prefix}-capabilities`, shorten),
    schedulerSecurityGroupName: checkName(scope, 'awsSecurityGroupName', 'namePrefix', `${prefix}-scheduler`, shorten),
    clusterSecurityGroupName: checkName(scope, 'awsSecurityGroupName', 'namePrefix', `${prefix}-cluster`, shorten),
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

/** Longest firewall-rule suffix we generate (`-sched-ipv6-` + a 16-character port signature), checked up front. */
const LONGEST_FIREWALL_SUFFIX = '-sched-ipv6-0123456789abcdef';

/** Every GCP name of a workspace, checked. */
export function gcpNames(scope: ValidationScope, workspaceName: string, options: GcpNameOptions = {}): GcpNames {
  const prefix = options.namePrefix ?? defaultNamePrefix(gcpSlug(workspaceName));
  const prefixInput = options.namePrefix ? 'namePrefix' : 'workspaceName';
  const shorten = options.namePrefix ? 'set a shorter namePrefix' : 'set namePrefix to something shorter (it defaults to coiled-<workspace>)';
  checkName(scope, 'gcpRfc1035', prefixInput, `${prefix}${LONGEST_FIREWALL_SUFFIX}`, `${shorten}: firewall rule names are <prefix>-<purpose> and must fit 63 characters`);
  const roleBase = prefix.replace(/-/g, '_');
  const suffix = options.customRoleSuffix ? `_${options.customRoleSuffix}` : '';
  if (options.customRoleSuffix !== undefined && !scope.isUnresolved(options.customRoleSuffix) && !/^[a-zA-Z0-9_.]{1,20}$/.test(options.customRoleSuffix)) {
    fail(scope, {
      code: ErrorCode.INVALID_NAME,
      input: 'customRoleSuffix',
      value: options.customRoleSuffix,
      problem: 'a role-id suffix has 1-20 letters, digits, underscores or dots',
      fix: 'use e.g. "v2"',
    });
  }
  return {
    prefix,
    schedulerTag: checkName(scope, 'gcpRfc1035', prefixInput, `${prefix}-scheduler`, shorten),
    clusterTag: checkName(scope, 'gcpRfc1035', prefixInput, `${prefix}-cluster`, shorten),
    controlPlaneServiceAccountId: checkName(
      scope,
      'gcpServiceAccountId',
      options.controlPlaneServiceAccountId ? 'controlPlaneServiceAccountId' : prefixInput,
      options.controlPlaneServiceAccountId ?? prefix,
      options.controlPlaneServiceAccountId ? 'use 6-30 lowercase letters, digits and hyphens' : `${shorten}, or set controlPlaneServiceAccountId`,
    ),
    dataServiceAccountId: checkName(
      scope,
      'gcpServiceAccountId',
      options.dataServiceAccountId ? 'dataServiceAccountId' : prefixInput,
      options.dataServiceAccountId ?? `${prefix}-data`,
      options.dataServiceAccountId ? 'use 6-30 lowercase letters, digits and hyphens' : `${shorten}, or set dataServiceAccountId`,
    ),
    controlPlaneRoleId: checkName(scope, 'gcpCustomRoleId', prefixInput, `${roleBase}${suffix}`, shorten),
    dataRoleId: checkName(scope, 'gcpCustomRoleId', prefixInput, `${roleBase}_data${suffix}`, shorten),
    networkName: checkName(scope, 'gcpRfc1035', prefixInput, prefix, shorten),
    subnetName: checkName(scope, 'gcpRfc1035', prefixInput, `${prefix}-subnet`, shorten),
    routerName: checkName(scope, 'gcpRfc1035', prefixInput, `${prefix}-router`, shorten),
    natName: checkName(scope, 'gcpRfc1035', prefixInput, `${prefix}-nat`, shorten),
    firewallName: (purpose: string) => checkName(scope, 'gcpRfc1035', prefixInput, `${prefix}-${purpose}`, shorten),
  };
}

/**
 * Fails when two workspaces of one app would create the same physical name (IAM names are unique
 * per account, GCP ids per project). `taken` maps each name to the construct path that owns it.
 */
export function claimNames(scope: ValidationScope, taken: Map<string, string>, names: Array<{ input: string; name: string; fix: string }>): void {
  for (const { input, name, fix } of names) {
    const owner = taken.get(name);
    if (owner !== undefined && owner !== scope.path) {
      fail(scope, {
        code: ErrorCode.NAME_COLLISION,
        input,
        value: name,
        problem: `the workspace at '${owner}' already creates a resource named "${name}", and these names are unique per account or project`,
        fix,
      });
    }
  }
  for (const { name } of names) taken.set(name, scope.path);
}
