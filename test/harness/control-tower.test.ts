/**
 * The Control Tower proactive controls find exactly what scripts/lib/control-tower.ts records for
 * each example, each with its reason: a new finding (or one that disappears) fails here.
 */
import { CONTROL_TOWER_FINDINGS, runControlTower } from '../../scripts/lib/control-tower';
import { listExamples, synthAwsExample } from '../../scripts/lib/examples';

const EXAMPLES = listExamples('aws');
let foundByExample: Map<string, string[]> | undefined;
/** Every example's findings, from one cfn-guard run over all their templates. */
function findings(name: string): string[] {
  if (!foundByExample) {
    const found = runControlTower(EXAMPLES.map((e) => synthAwsExample(e)));
    foundByExample = new Map(EXAMPLES.map((e, i) => [e.name, found[i]]));
  }
  return foundByExample.get(name)!;
}

test('the record covers exactly the AWS examples', () => {
  expect(Object.keys(CONTROL_TOWER_FINDINGS).sort()).toEqual(EXAMPLES.map((e) => e.name).sort());
});

test.each(EXAMPLES.map((e) => [e.name] as const))('%s: findings match the record', (name) => {
  expect(findings(name)).toEqual(CONTROL_TOWER_FINDINGS[name].map((f) => f.rule).sort());
});

test('every recorded finding says why', () => {
  for (const finding of Object.values(CONTROL_TOWER_FINDINGS).flat()) expect(finding.why.length).toBeGreaterThan(40);
});
