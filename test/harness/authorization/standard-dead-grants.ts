/**
 * STANDARD is `coiled setup aws`'s policy verbatim (coiled 1.130.4), defects included. Every
 * grant in it that can never take effect, with the reason: authorization.test.ts fails when the
 * static check finds one more or one fewer, and docs/permissions.md lists them.
 */
import { Finding } from './static-check';

export interface DeadGrant {
  readonly sid: string;
  readonly action: string;
  readonly resource: string;
  readonly kind: Finding['kind'];
  readonly why: string;
}

export const STANDARD_DEAD_GRANTS: readonly DeadGrant[] = [
  {
    sid: 'OngoingPlacementGroupPolicy',
    action: 'ec2:DescribePlacementGroups',
    resource: 'arn:*:ec2:*:*:placement-group/coiled-*',
    kind: 'wildcard-only-action-scoped',
    why: 'DescribePlacementGroups takes no resource, so only `Resource: "*"` grants it: the CLI scopes it to its placement-group ARN and Coiled cannot list placement groups. RESTRICTED grants it on "*" (placement groups switch).',
  },
];

/** The identity of a finding that the record is matched on (the policy name is the workspace's). */
export function deadGrantKey(f: Pick<DeadGrant, 'sid' | 'action' | 'resource' | 'kind'>): string {
  return `${f.sid}: ${f.action} on ${f.resource}: ${f.kind}`;
}
