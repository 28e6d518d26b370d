import { App, Testing, TerraformStack } from 'cdktf';
import { CoiledGcpStack, CoiledGcpStackProps, CoiledGcpWorkspace, CoiledGcpWorkspaceProps } from '../../src/gcp';

export const BASE = { projectId: 'my-project-123456', region: 'us-east1', workspaceName: 'demo' };

/** A synthesized workspace stack, as parsed Terraform JSON. */
export function synthStack(props: Partial<CoiledGcpStackProps> = {}): { stack: CoiledGcpStack; json: any } {
  const app = Testing.app();
  const stack = new CoiledGcpStack(app, 'coiled', { ...BASE, ...props });
  return { stack, json: JSON.parse(Testing.synth(stack)) };
}

/** A workspace in a bare stack (no provider), not synthesized yet. */
export function bareWorkspace(props: Partial<CoiledGcpWorkspaceProps> = {}): { app: App; stack: TerraformStack; ws: CoiledGcpWorkspace } {
  const app = Testing.app();
  const stack = new TerraformStack(app, 'test');
  return { app, stack, ws: new CoiledGcpWorkspace(stack, 'Workspace', { ...BASE, ...props }) };
}

/** Resources of a Terraform type, by address suffix. */
export function ofType(json: any, type: string): Record<string, any> {
  return json.resource?.[type] ?? {};
}

/** Firewall rules by name. */
export function firewalls(json: any): Record<string, any> {
  return Object.fromEntries(Object.values<any>(ofType(json, 'google_compute_firewall')).map((f) => [f.name, f]));
}

/** Warnings on a stack's constructs. */
export function gcpWarnings(stack: TerraformStack): string[] {
  return stack.node
    .findAll()
    .flatMap((c) => c.node.metadata)
    .filter((m) => m.type === '@cdktf/warn')
    .map((m) => String(m.data));
}


export { libraryError } from '../util';
