import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { ErrorCode, ValidationScope, fail } from '../../core/errors';
import { ownValue } from '../../core/own-key';

/** IAM's quota on a managed policy's size, whitespace not counted (IAM and AWS STS quotas). */
export const MANAGED_POLICY_MAX_CHARACTERS = 6144;
/** The longest value of each pseudo parameter in any partition and region (aws-us-gov, ap-southeast-5, amazonaws.com.cn), with room to spare. */
const LONGEST_PSEUDO: Record<string, number> = { 'AWS::Partition': 10, 'AWS::Region': 16, 'AWS::AccountId': 12, 'AWS::URLSuffix': 16 };
/** Ids and names of the workspace's resources (Ref, Fn::GetAtt other than Arn): EC2 ids have at most 24 characters, names here 64. */
const LONGEST_ID = 64;
/** The instance role's and profile's ARNs (`arn:<partition>:iam::<account>:instance-profile/coiled-<workspace>`): at most 114 characters. */
const LONGEST_ARN = 120;

export interface PolicySizeOptions {
  /** The input that makes the policy grow, for the error. */
  readonly input: string;
  /** How to make it smaller. */
  readonly fix: string;
  /** The longest value of a Ref to one of the template's resources, where it is longer than an id (a secret's ARN). */
  readonly refLength?: (logicalId: string) => number | undefined;
}

/**
 * Fails at synth, not at deploy, when a policy could exceed IAM's size quota in some partition or
 * region: every token is counted at its longest.
 */
export function checkManagedPolicySize(v: ValidationScope, policy: iam.ManagedPolicy, options: PolicySizeOptions): void {
  const longest = (value: any): any => {
    if (Array.isArray(value)) return value.map(longest);
    if (value === null || typeof value !== 'object') return value;
    if (value['Fn::Join']) return (value['Fn::Join'][1] as unknown[]).map((part) => String(longest(part))).join(value['Fn::Join'][0]);
    if (value.Ref !== undefined) return 'x'.repeat(ownValue(LONGEST_PSEUDO, value.Ref) ?? options.refLength?.(value.Ref) ?? LONGEST_ID);
    if (value['Fn::GetAtt'] !== undefined) return 'x'.repeat(value['Fn::GetAtt'][1] === 'Arn' ? LONGEST_ARN : LONGEST_ID);
    return Object.fromEntries(Object.entries(value).map(([k, x]) => [k, longest(x)]));
  };
  const document = Stack.of(policy).resolve((policy.node.defaultChild as iam.CfnManagedPolicy).policyDocument);
  const size = JSON.stringify(longest(document)).replace(/\s/g, '').length;
  if (size > MANAGED_POLICY_MAX_CHARACTERS) {
    fail(v, {
      code: ErrorCode.IAM_POLICY_TOO_LARGE,
      input: options.input,
      value: `${policy.node.id}: up to ${size} characters`,
      problem: `the policy could exceed IAM's quota of ${MANAGED_POLICY_MAX_CHARACTERS} characters per managed policy, and the deployment would fail`,
      fix: options.fix,
    });
  }
}
