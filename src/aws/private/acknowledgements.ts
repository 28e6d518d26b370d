/**
 * Acknowledgements, with reasons, of compliance-pack findings that are inherent to what Coiled
 * needs (they hold for every configuration that has the resource). Findings that follow from a
 * user's choice (open ingress, no flow logs, no customer-managed key) are never acknowledged here:
 * the user's app acknowledges them, or changes the choice.
 *
 * The ids are those of cdk-nag's packs (AwsSolutions, NIST 800-53 rev 5, HIPAA Security, PCI DSS
 * 3.2.1). Acknowledging is CDK's own `Validations` metadata: nothing is added to the template.
 */
import { Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { IConstruct } from 'constructs';
import { ownValue } from '../../core/own-key';

/** The three compliance packs that share rule names. */
export const COMPLIANCE_PACKS = ['NIST.800.53.R5', 'HIPAA.Security', 'PCI.DSS.321'];

/** A pack's rule id, optionally with one bracketed finding: no whitespace, no `plugin::` prefix. */
const PLAIN_RULE_ID = /^[^\s:[\]]+(\[[^\s\]]*\])?$/;

/**
 * Acknowledges the rule `id` (a pack's rule id, optionally with its `[finding]`) on `scope` and
 * everything below it.
 *
 * This writes the one metadata entry `Validations.of(scope).acknowledge()` writes, which is all
 * that cdk-nag and CDK's validation report read. `Validations` also captures a stack trace per call
 * and sweeps the whole subtree for construct warnings with the same id; a pack's rule id is never a
 * construct warning's id, so that sweep never finds anything, and this module runs it ~50 times per
 * workspace. The entry's key is the one `Validations` gives a plain id; any other id (whitespace,
 * a prefix) goes through `Validations` itself, which normalises it.
 */
export function acknowledgeRule(scope: IConstruct, id: string, reason: string): void {
  if (!PLAIN_RULE_ID.test(id)) {
    Validations.of(scope).acknowledge({ id, reason });
    return;
  }
  scope.node.addMetadata(Validations.ACKNOWLEDGED_RULES_METADATA_KEY, { [`Annotation::${id}`]: reason });
}

/** Acknowledges `rule` of each of `packs` on `scope` (and everything below it). */
export function acknowledge(scope: IConstruct, packs: string[], rule: string, reason: string): void {
  for (const pack of packs) acknowledgeRule(scope, `${pack}-${rule}`, reason);
}

/**
 * Acknowledges AwsSolutions-IAM5 for every wildcard resource of the statements we wrote into
 * `policy`, with the reason given for the statement's Sid. The finding ids are the flattened ARNs
 * cdk-nag reports.
 *
 * Built from the statements themselves: each resource string is resolved on its own (a few pseudo
 * parameters), never the whole policy document, whose resolution merges and renders every
 * statement. A statement a user adds to the policy later is not ours to explain, so it gets none.
 */
export function acknowledgeWildcardResources(
  policy: iam.ManagedPolicy,
  statements: iam.PolicyStatement[],
  reasonBySid: Record<string, string>,
): void {
  const stack = Stack.of(policy);
  for (const statement of statements) {
    const reason = statement.sid ? ownValue(reasonBySid, statement.sid) : undefined;
    if (!reason) continue;
    for (const resource of statement.resources) {
      const flat = flatten(stack.resolve(resource));
      if (flat.includes('*')) acknowledgeRule(policy, `AwsSolutions-IAM5[Resource::${flat}]`, reason);
    }
  }
}

/** cdk-nag's flat form of a CloudFormation value: Fn::Join joined, Ref as <X>, GetAtt as <X.Y>. */
function flatten(value: unknown): string {
  if (value === undefined) return '';
  if (typeof value === 'string') return value.replace(/\$\{/g, '<').replace(/}/g, '>');
  const v = value as Record<string, any>;
  if (v['Fn::Join']) return (v['Fn::Join'][1] as unknown[]).map(flatten).join(v['Fn::Join'][0]);
  if (v['Fn::Sub']) return flatten(v['Fn::Sub']);
  if (v['Fn::GetAtt']) return `<${flatten(v['Fn::GetAtt'][0])}.${flatten(v['Fn::GetAtt'][1])}>`;
  if (v['Fn::ImportValue']) return flatten(v['Fn::ImportValue']);
  if (v.Ref) return `<${flatten(v.Ref)}>`;
  return JSON.stringify(value);
}
