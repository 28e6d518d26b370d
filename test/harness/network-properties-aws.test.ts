/**
 * Model vs artifact on AWS, over random configurations (ingress lists with IPv6 and overlapping
 * blocks, scheduler and worker ports, restricted egress with data sources) in every network shape:
 * the matrix the analyzer reads from the synthesized template is the matrix the core model
 * predicts, and the template's only violations are the ones its shape implies.
 */
import * as fc from 'fast-check';
import { AWS_SHAPES, RUNS_PER_CLOUD, awsArtifact, declared, firewallConfig, withoutStackTraceHook } from './network-properties';
import { analyzeNetwork, widerCells } from '../../src/core/flow-contract';
import { readCloudFormation } from '../../src/core/read-cloudformation';

test(`property: ${RUNS_PER_CLOUD} configurations: the matrix of the synthesized template equals the model's`, () => {
  withoutStackTraceHook(() =>
    fc.assert(
      fc.property(firewallConfig, fc.constantFrom(...AWS_SHAPES), (config, shape) => {
        const { template, model } = awsArtifact(shape, config);
        const input = readCloudFormation(template);
        const analysis = analyzeNetwork(input);
        // The check's own prediction: from the recorded contract, asserted below to be the construct's model.
        const predicted = analysis.expected!;
        // Without NAT the VMs have no route to the control plane: the check must say so, and only that.
        const violations = new Set(analysis.findings.filter((f) => f.severity === 'violation').map((f) => f.code));
        expect({
          contract: input.contract,
          wider: widerCells(analysis.matrix, predicted),
          narrower: widerCells(predicted, analysis.matrix),
          violations: [...violations],
        }).toEqual({ contract: declared(model), wider: [], narrower: [], violations: shape === 'private-none' ? ['needed-flow-no-route'] : [] });
      }),
      { numRuns: RUNS_PER_CLOUD },
    ),
  );
});
