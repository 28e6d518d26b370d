/**
 * Model vs artifact on GCP, over the same kind of random configurations in every network shape:
 * the matrix the analyzer reads from the synthesized Terraform JSON (priorities, the deny-all of
 * restricted egress, the network's implied rules) is the matrix the core model predicts; and, for
 * the same configurations, AWS's template and GCP's stack admit the same flows.
 */
import * as fc from 'fast-check';
import { AWS_SHAPES, AwsShape, GCP_SHAPES, GcpShape, RUNS_PER_CLOUD, addressIndependent, awsArtifact, declared, firewallConfig, gcpArtifact, withoutStackTraceHook } from './network-properties';
import { analyzeNetwork, sameFlows, widerCells } from '../../src/core/flow-contract';
import { readCloudFormation } from '../../src/core/read-cloudformation';
import { readTerraform } from '../../src/core/read-terraform';

test(`property: ${RUNS_PER_CLOUD} configurations: the matrix of the synthesized stack equals the model's`, () => {
  withoutStackTraceHook(() =>
    fc.assert(
      fc.property(firewallConfig, fc.constantFrom(...GCP_SHAPES), (config, shape) => {
        const { json, model } = gcpArtifact(shape, config);
        const input = readTerraform(json);
        const analysis = analyzeNetwork(input);
        // The check's own prediction: from the recorded contract, asserted below to be the construct's model.
        const predicted = analysis.expected!;
        expect({
          contract: input.contract,
          wider: widerCells(analysis.matrix, predicted),
          narrower: widerCells(predicted, analysis.matrix),
          violations: analysis.findings.filter((f) => f.severity === 'violation'),
        }).toEqual({ contract: declared(model), wider: [], narrower: [], violations: [] });
      }),
      { numRuns: RUNS_PER_CLOUD },
    ),
  );
});

const counterpart: Record<GcpShape, AwsShape> = { 'public': 'public', 'private': 'private-gateway', 'private-public-scheduler': 'private-public-scheduler', 'existing': 'existing' };

test('property: the same configuration admits the same flows on AWS and on GCP (where addresses do not differ)', () => {
  expect(Object.values(counterpart).every((s) => AWS_SHAPES.includes(s))).toBe(true);
  withoutStackTraceHook(() =>
    fc.assert(
      fc.property(firewallConfig, fc.constantFrom(...GCP_SHAPES), (config, shape) => {
        const aws = readCloudFormation(awsArtifact(counterpart[shape], config).template);
        const gcp = readTerraform(gcpArtifact(shape, config).json);
        const [a, g] = [analyzeNetwork(aws).matrix, analyzeNetwork(gcp).matrix];
        expect(sameFlows(addressIndependent(a, aws, gcp), addressIndependent(g, aws, gcp))).toBe(true);
      }),
      { numRuns: 100 },
    ),
  );
});
