/**
 * The templates the authorization tests judge: each AWS example as it ships (RESTRICTED), the
 * same example with STANDARD access, and workspaces with chosen capability switches.
 */
import { App, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Capability } from './catalog';
import { Example, synthAwsExample } from '../../../scripts/lib/examples';
import { CoiledWorkspaceStack, CoiledWorkspaceStackProps } from '../../../src/aws';
import { standardOngoingStatements, standardSetupStatements } from '../../../src/aws/policies';

export const EXTERNAL_ID = 'authorization-tests-0123456789abcdef';

/**
 * The example with STANDARD access: access changes nothing but the control-plane policies (two
 * documents, and no capabilities policy; harness.test.ts checks that against a stack built with
 * STANDARD), so the example's own are swapped for STANDARD's before synthesis.
 */
export function standardVariant(example: Example): any {
  return synthAwsExample(example, {
    beforeSynth: (_app, stack: CoiledWorkspaceStack) => {
      const controlPlane = stack.workspace.controlPlane;
      const swap = (policy: iam.ManagedPolicy, statements: iam.PolicyStatement[]) =>
        (policy.node.defaultChild as iam.CfnManagedPolicy).addPropertyOverride('PolicyDocument', Stack.of(policy).resolve(new iam.PolicyDocument({ statements })));
      swap(controlPlane.ongoingPolicy, standardOngoingStatements());
      swap(controlPlane.setupPolicy, standardSetupStatements());
      if (controlPlane.capabilitiesPolicy) controlPlane.node.tryRemoveChild(controlPlane.capabilitiesPolicy.node.id);
    },
  }).template;
}

/** A workspace stack synthesized from props (RESTRICTED unless the props say otherwise). */
export function workspaceTemplate(props: Partial<CoiledWorkspaceStackProps> = {}): any {
  // CloudFormation's schema validation is not what these tests are about (the fidelity tests run it).
  const app = new App({ builtinCloudFormationValidation: false });
  const stack = new CoiledWorkspaceStack(app, 'Authorization', { workspaceName: 'my-team', externalId: EXTERNAL_ID, ...props });
  return app.synth().getStackArtifact(stack.artifactId).template;
}

/** Switches with every capability set to `on`, or only `only` on. */
export function capabilities(on: boolean, only?: Capability): Record<Capability, boolean> {
  const all: Capability[] = ['softwareEnvironmentImages', 'stopStartInstances', 'placementGroups', 'perClusterSecurityGroups'];
  return Object.fromEntries(all.map((c) => [c, only ? c === only : on])) as Record<Capability, boolean>;
}
