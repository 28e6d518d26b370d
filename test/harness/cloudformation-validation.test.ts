/**
 * Deploy fidelity, offline: every AWS example passes aws-cdk-lib's built-in CloudFormation
 * validation (the official resource schemas and rules bundled with aws-cdk-lib) with errors kept
 * as errors and warnings failing too (strict mode). This is the one file that turns the validator
 * on; ordinary unit tests keep it off for speed (see test/setup-env.ts).
 */
import { CfnParameter, CfnResource, Stack } from 'aws-cdk-lib';
import { listExamples, synthAwsExample } from '../../scripts/lib/examples';

const STRICT = {
  '@aws-cdk/core:validateAgainstDefaultRules': true,
  '@aws-cdk/core:strictCfnValidateErrors': true,
  '@aws-cdk/core:appMode': 'inmemory',
};

beforeAll(() => {
  process.env.CDK_VALIDATION = 'true';
});
afterAll(() => {
  process.env.CDK_VALIDATION = 'false';
});

test.each(listExamples('aws').map((e) => [e.name, e] as const))('%s passes strict CloudFormation validation', (_, example) => {
  expect(() => synthAwsExample(example, { validate: true, context: STRICT })).not.toThrow();
});

test('the validator is really on: a property CloudFormation does not know fails synthesis', () => {
  const example = listExamples('aws')[0];
  expect(() =>
    synthAwsExample(example, {
      validate: true,
      context: STRICT,
      beforeSynth: (_app, stack) => {
        const vpc = stack.node.findAll().find((c: any) => c instanceof CfnResource && c.cfnResourceType === 'AWS::EC2::VPC') as CfnResource;
        vpc.addPropertyOverride('CidrBlockTypo', '10.0.0.0/16');
      },
    }),
  ).toThrow(/CidrBlockTypo/);
});

test('strict mode: a warning (an unused parameter) fails too, and passes without strict mode', () => {
  const example = listExamples('aws')[0];
  const addUnused = (_app: unknown, stack: Stack) => new CfnParameter(stack, 'Unused', { type: 'String', default: 'x' });
  const printed = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  expect(() => synthAwsExample(example, { validate: true, context: { ...STRICT, '@aws-cdk/core:strictCfnValidateErrors': false }, beforeSynth: addUnused })).not.toThrow();
  expect(printed.mock.calls.flat().join('\n')).toMatch(/W2001/);
  printed.mockRestore();
  expect(() => synthAwsExample(example, { validate: true, context: STRICT, beforeSynth: addUnused })).toThrow(/W2001/);
});
