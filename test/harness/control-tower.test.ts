/**
 * The Control Tower proactive controls find exactly what scripts/lib/control-tower.ts records for
 * each example, each with its reason: a new finding (or one that disappears) fails here.
 */
import { CONTROL_TOWER_FINDINGS, runControlTower } from '../../scripts/lib/control-tower';
import { listExamples, synthAwsExample } from '../../scripts/lib/examples';

test.each(listExamples('aws').map((e) => [e.name, e] as const))('%s: findings match the record', (name, example) => {
  const found = runControlTower(synthAwsExample(example));
  expect(found).toEqual(CONTROL_TOWER_FINDINGS[name].map((f) => f.rule).sort());
});

test('every recorded finding says why', () => {
  for (const finding of Object.values(CONTROL_TOWER_FINDINGS).flat()) expect(finding.why.length).toBeGreaterThan(40);
});
