/**
 * Small CloudFormation templates for the reader's tests, and the reader's output as plain data
 * (address sets as CIDR lists, service sets as text) so whole results compare with toEqual.
 */
import { AddressSet } from '../../src/core/address-space';
import { AnalysisInput, AnalysisInputError, FilterRule, ReadOptions, VmRole } from '../../src/core/flow-analysis';
import { readCloudFormation } from '../../src/core/read-cloudformation';

export type Json = Record<string, unknown>;

export const ref = (id: string) => ({ Ref: id });
export const getAtt = (id: string, attribute: string) => ({ 'Fn::GetAtt': [id, attribute] });
export const join = (separator: string, parts: unknown[]) => ({ 'Fn::Join': [separator, parts] });

/** A security group, with its coiled-byoc record when given. */
export function group(properties?: Json, record?: Json): Json {
  return { Type: 'AWS::EC2::SecurityGroup', ...(properties ? { Properties: properties } : {}), ...(record ? { Metadata: { 'coiled-byoc': record } } : {}) };
}

export function resource(type: string, properties?: Json): Json {
  return { Type: type, ...(properties ? { Properties: properties } : {}) };
}

/** Outputs as CloudFormation writes them: `{ Name: { Value: ... } }`. */
export function outputs(values: Json): Record<string, { Value: unknown }> {
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, { Value: v }]));
}

/**
 * A workspace found by its outputs: groups `Scheduler` and `Cluster` (no properties, so each
 * keeps AWS's default egress), workspace `ws`, plus the resources and outputs given.
 */
export function workspace(resources: Json = {}, extraOutputs: Json = {}): Json {
  return {
    Resources: { Scheduler: group(), Cluster: group(), ...resources },
    Outputs: outputs({
      CoiledSchedulerSecurityGroupId: getAtt('Scheduler', 'GroupId'),
      CoiledClusterSecurityGroupId: getAtt('Cluster', 'GroupId'),
      CoiledWorkspaceName: 'ws',
      ...extraOutputs,
    }),
  };
}

export const cidrs = (set: AddressSet) => set.toCidrs();

export function plainRule(rule: FilterRule) {
  return { ...rule, peerParts: rule.peerParts.map((p) => ({ label: p.label, addresses: cidrs(p.addresses) })), services: rule.services.toString() };
}

export function plainRole(role: VmRole) {
  return { ...role, addresses: cidrs(role.addresses) };
}

export function plain(input: AnalysisInput) {
  return {
    ...input,
    roles: { scheduler: plainRole(input.roles.scheduler), workers: plainRole(input.roles.workers) },
    rules: input.rules.map(plainRule),
    acls: Object.fromEntries([...input.acls].map(([k, rules]) => [k, rules.map(plainRule)])),
    vpc: { label: input.vpc.label, addresses: cidrs(input.vpc.addresses) },
    objectStore: { label: input.objectStore.label, addresses: cidrs(input.objectStore.addresses) },
    internalEgressAlsoReaches: cidrs(input.internalEgressAlsoReaches),
  };
}

/** The template read, as plain data. */
export function read(template: unknown, options?: ReadOptions) {
  return plain(readCloudFormation(template, options));
}

/** The rules of a template without the default egress of the `Scheduler` and `Cluster` groups every `workspace()` has. */
export function rulesOf(template: unknown) {
  return read(template).rules.filter((r) => r.id !== 'Scheduler default egress (all IPv4)' && r.id !== 'Cluster default egress (all IPv4)');
}

/** The reader's refusal: fails the test unless it throws an AnalysisInputError. */
export function inputError(fn: () => unknown): AnalysisInputError {
  try {
    fn();
  } catch (e) {
    if (e instanceof AnalysisInputError) return e;
    throw new Error(`expected an AnalysisInputError, got: ${(e as Error).stack}`);
  }
  throw new Error('expected an AnalysisInputError, nothing was thrown');
}
