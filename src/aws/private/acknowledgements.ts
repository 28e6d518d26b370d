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

/** The three compliance packs that share rule names. */
export const COMPLIANCE_PACKS = ['NIST.800.53.R5', 'HIPAA.Security', 'PCI.DSS.321'];

/** Acknowledges `rule` of each of `packs` on `scope` (and everything below it). */
export function acknowledge(scope: IConstruct, packs: string[], rule: string, reason: string): void {
  for (const pack of packs) Validations.of(scope).acknowledge({ id: `${pack}-${rule}`, reason });
}

/**
 * Acknowledges AwsSolutions-IAM5 for every wildcard resource of a managed policy we wrote, with the
 * reason given for its statement (by Sid). The finding ids are the flattened ARNs cdk-nag reports.
 */
export function acknowledgeWildcardResources(policy: iam.ManagedPolicy, reasonBySid: Record<string, string>): void {
  const cfn = policy.node.defaultChild as iam.CfnManagedPolicy;
  const document = Stack.of(policy).resolve(cfn.policyDocument) as { Statement: Array<{ Sid?: string; Resource?: unknown }> };
  for (const statement of document.Statement) {
    const reason = statement.Sid ? reasonBySid[statement.Sid] : undefined;
    if (!reason) continue;
    const resources = Array.isArray(statement.Resource) ? statement.Resource : [statement.Resource];
    for (const resource of resources) {
      const flat = flatten(resource);
      if (flat.includes('*')) Validations.of(policy).acknowledge({ id: `AwsSolutions-IAM5[Resource::${flat}]`, reason });
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
