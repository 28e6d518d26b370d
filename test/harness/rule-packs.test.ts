/**
 * Every AWS example passes cdk-nag's AwsSolutions, NIST 800-53 rev 5, HIPAA Security and PCI DSS
 * 3.2.1 packs with no unacknowledged finding, and every acknowledgement carries a reason.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Stack, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { AwsSolutionsChecks, HIPAASecurityChecks, NIST80053R5Checks, NagPack, PCIDSS321Checks } from 'cdk-nag';
import { Construct } from 'constructs';
import { listExamples, synthAwsExample } from '../../scripts/lib/examples';

const PACKS: Array<() => NagPack> = [() => new AwsSolutionsChecks(), () => new NIST80053R5Checks(), () => new HIPAASecurityChecks(), () => new PCIDSS321Checks()];
const examples = listExamples('aws');

function unacknowledged(stack: Stack): string[] {
  return PACKS.flatMap((make) => {
    const pack = make();
    return pack.validateScope(stack).violations.map((v) => `${pack.readPackName}: ${v.ruleName} at ${v.violatingResources.map((r) => r.resourceLogicalId ?? r.constructPath).join(', ')}`);
  });
}

function acknowledgements(stack: Stack): Array<{ id: string; reason: string; path: string }> {
  return stack.node.findAll().flatMap((c) =>
    c.node.metadata
      .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((m) => Object.entries(m.data as Record<string, string>).map(([id, reason]) => ({ id, reason, path: c.node.path }))),
  );
}

describe.each(examples.map((e) => [e.name, e] as const))('%s', (_, example) => {
  const { stack } = synthAwsExample(example);

  test('has no unacknowledged finding in any of the four packs', () => {
    expect(unacknowledged(stack)).toEqual([]);
  });

  test('every acknowledgement carries a reason a reviewer can judge (a sentence, not a token)', () => {
    const acks = acknowledgements(stack);
    expect(acks.length).toBeGreaterThan(0);
    for (const ack of acks) expect({ id: ack.id, ok: ack.reason.length >= 40 && /\s/.test(ack.reason) }).toEqual({ id: ack.id, ok: true });
  });

  test('every acknowledgement is recorded under the key Validations.acknowledge gives its rule id', () => {
    // The library writes its entries itself: each must be what CDK's own API would have written.
    const acks = acknowledgements(stack);
    const keys = acks.map((ack) => {
      const probe = new Construct(new Stack(), 'Probe');
      Validations.of(probe).acknowledge({ id: ack.id.replace(/^Annotation::/, ''), reason: ack.reason });
      return Object.keys(probe.node.metadata[0].data)[0];
    });
    expect(keys).toEqual(acks.map((ack) => ack.id));
  });
});

test('the private example needs no acknowledgement for auto-assigned public IPs (public mode only)', () => {
  const { stack } = synthAwsExample(examples.find((e) => e.name === 'private-nat-instance')!);
  expect(acknowledgements(stack).map((a) => a.id).filter((id) => id.includes('AutoAssignPublicIp'))).toEqual([]);
  const { stack: publicStack } = synthAwsExample(examples.find((e) => e.name === 'default')!);
  expect(acknowledgements(publicStack).map((a) => a.id).filter((id) => id.includes('AutoAssignPublicIp'))).toHaveLength(3);
});

test('breaking a guard on purpose: SSH open to the world is an unacknowledged finding', () => {
  const { stack } = synthAwsExample(examples.find((e) => e.name === 'existing-vpc')!, {
    beforeSynth: (_app, s) => s.workspace.connections.allowFrom(ec2.Peer.anyIpv4(), ec2.Port.tcp(22)),
  });
  expect(unacknowledged(stack).join('\n')).toMatch(/AwsSolutions-EC23|EC2RestrictedSSH/);
});

test('breaking a guard on purpose: a policy with Action "*" is an unacknowledged finding', () => {
  const { stack } = synthAwsExample(examples.find((e) => e.name === 'existing-vpc')!, {
    beforeSynth: (_app, s) => s.workspace.instanceRole.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['*'], resources: ['*'] })),
  });
  expect(unacknowledged(stack).join('\n')).toMatch(/AwsSolutions-IAM5\[Action::\*\]/);
});

test('as validation plugins at synth, findings land in the report and never flip the process exit code', () => {
  const before = process.exitCode;
  // With failSynthOnValidationErrors off, CDK prints the report instead of throwing.
  const printed = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  const { assemblyDir } = synthAwsExample(examples.find((e) => e.name === 'existing-vpc')!, {
    context: { '@aws-cdk/core:failSynthOnValidationErrors': false },
    beforeSynth: (app, s) => {
      Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
      s.workspace.connections.allowFrom(ec2.Peer.anyIpv4(), ec2.Port.tcp(22));
    },
  });
  const report = JSON.parse(fs.readFileSync(path.join(assemblyDir, 'validation-report.json'), 'utf8'));
  expect(JSON.stringify(report)).toContain('AwsSolutions-EC23');
  expect(process.exitCode).toBe(before);
  printed.mockRestore();
});
