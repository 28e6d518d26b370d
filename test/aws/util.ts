import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { CoiledControlPlaneRole, CoiledControlPlaneRoleProps, CoiledInstanceIdentity, CoiledWorkspace, CoiledWorkspaceProps } from '../../src/aws';

export const EXTERNAL_ID = '7f3c9a1e5b2d8046c1e9f0a3b7d5c248';

export function newStack(id = 'Test'): Stack {
  return new Stack(new App(), id);
}

/** A workspace in a fresh stack, not synthesized yet (add to it, then synthesize). */
export function unsynthesized(props: Partial<CoiledWorkspaceProps> = {}, stack = newStack()): { stack: Stack; ws: CoiledWorkspace } {
  return { stack, ws: new CoiledWorkspace(stack, 'Workspace', { workspaceName: 'demo', externalId: EXTERNAL_ID, ...props }) };
}

/** A workspace in a fresh stack, synthesized. */
export function workspace(props: Partial<CoiledWorkspaceProps> = {}, stack = newStack()): { stack: Stack; ws: CoiledWorkspace; template: Template } {
  const ws = new CoiledWorkspace(stack, 'Workspace', { workspaceName: 'demo', externalId: EXTERNAL_ID, ...props });
  return { stack, ws, template: Template.fromStack(stack) };
}

/** All resources of a type, as [logicalId, resource] pairs. */
/**
 * A control-plane role for workspace `demo`, with its instance identity, in `stack` (not
 * synthesized): RESTRICTED access's inputs default to the given subnets and groups.
 */
export function newControlPlane(
  stack: Stack,
  props: Partial<CoiledControlPlaneRoleProps>,
  defaults: { subnetIds: string[]; securityGroupIds: string[] },
): CoiledControlPlaneRole {
  const identity = new CoiledInstanceIdentity(stack, 'Identity', { workspaceName: 'demo' });
  return new CoiledControlPlaneRole(stack, 'ControlPlane', {
    workspaceName: 'demo',
    externalId: EXTERNAL_ID,
    instanceRole: identity.role,
    instanceProfile: identity.instanceProfile,
    instancePolicy: identity.instancePolicy,
    logGroupName: identity.logGroupName,
    vpcId: 'vpc-0123456789abcdef0',
    ...defaults,
    ...props,
  });
}

export function resources(template: Template, type: string): Array<[string, any]> {
  return Object.entries(template.findResources(type));
}

/** The single resource of a type whose logical id contains `fragment`. */
export function resource(template: Template, type: string, fragment: string): any {
  const found = resources(template, type).filter(([id]) => id.includes(fragment));
  if (found.length !== 1) throw new Error(`expected one ${type} with "${fragment}" in its id, found ${found.map(([id]) => id).join(', ') || 'none'}`);
  return found[0][1];
}

/** Warnings on the stack, as "id: text". */
export function warnings(stack: Stack): string[] {
  return Annotations.fromStack(stack)
    .findWarning('*', Match.anyValue())
    .map((m) => String(m.entry.data));
}


export { libraryError } from '../util';
