/**
 * AWS's authorization model over every AWS example, as it ships (RESTRICTED) and with STANDARD
 * access: static validity of every policy, every operation Coiled performs, every operation it
 * must never be able to perform. In the aws, aws-cn and aws-us-gov partitions.
 */
import { CAPABILITY_DEFAULTS, NEGATIVES, OPERATIONS, expectedRestricted } from './catalog';
import { mismatches } from './judge';
import { STANDARD_DEAD_GRANTS, deadGrantKey } from './standard-dead-grants';
import { templateFindings, formatFinding } from './static-check';
import { PARTITIONS, TEST_ACCOUNT } from './template';
import { standardVariant } from './variants';
import { listExamples, synthAwsExample } from '../../../scripts/lib/examples';

describe.each(listExamples('aws').map((e) => [e.name, e] as const))('aws/%s', (_, example) => {
  let restricted: any;
  let standard: any;
  beforeAll(() => {
    restricted = synthAwsExample(example).template;
    standard = standardVariant(example);
  });

  test('RESTRICTED: every policy of the template is statically valid', async () => {
    expect((await templateFindings(restricted)).map(formatFinding)).toEqual([]);
  });

  test.each(Object.values(PARTITIONS).map((p) => [p.name, p] as const))('RESTRICTED in %s: every operation allowed, every negative denied', async (__, partition) => {
    const deployment = { partition, account: TEST_ACCOUNT };
    expect(await mismatches(restricted, OPERATIONS, (e) => expectedRestricted(e, CAPABILITY_DEFAULTS), deployment)).toEqual([]);
    expect(await mismatches(restricted, NEGATIVES, () => 'deny', deployment)).toEqual([]);
  });

  test('STANDARD: exactly the recorded dead grants of `coiled setup aws`', async () => {
    expect((await templateFindings(standard)).map(deadGrantKey)).toEqual(STANDARD_DEAD_GRANTS.map(deadGrantKey));
  });

  test('STANDARD: the recorded answer for every operation and negative', async () => {
    expect(await mismatches(standard, [...OPERATIONS, ...NEGATIVES], (e) => e.expected.STANDARD)).toEqual([]);
  });
});
