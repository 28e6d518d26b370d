/**
 * RESTRICTED's capability switches, each on and off, in a shared (existing) VPC and a new one:
 * a switch grants exactly its own operations, adds only its own statements, and never opens a
 * negative.
 */
import { CAPABILITY_DEFAULTS, Capability, NEGATIVES, OPERATIONS, expectedRestricted } from './catalog';
import { judge, mismatches } from './judge';
import { formatFinding, templateFindings } from './static-check';
import { ResolvedTemplate, TEST_ACCOUNT, templatePolicies } from './template';
import { capabilities, workspaceTemplate } from './variants';
import { CoiledNetwork } from '../../../src/aws';
import { CoiledWorkspaceStackProps } from '../../../src/aws/stack';

const NETWORKS: Array<[string, () => Partial<CoiledWorkspaceStackProps>]> = [
  ['new VPC', () => ({})],
  ['shared VPC', () => ({ network: CoiledNetwork.existing({ vpcId: 'vpc-0123456789abcdef0', subnetIds: ['subnet-0123456789abcdef0', 'subnet-0fedcba9876543210'] }) })],
];
const CAPABILITIES = Object.keys(CAPABILITY_DEFAULTS) as Capability[];

/** Every statement of the control plane's ongoing and capabilities policies. */
const ongoingStatements = (template: any): any[] =>
  Object.values<any>(template.Resources)
    .filter((r) => r.Type === 'AWS::IAM::ManagedPolicy' && /-(ongoing|capabilities)$/.test(r.Properties.ManagedPolicyName))
    .flatMap((r) => r.Properties.PolicyDocument.Statement);

describe.each(NETWORKS)('%s', (_, network) => {
  const template = (switches: Record<Capability, boolean>) => workspaceTemplate({ ...network(), controlPlaneCapabilities: switches });
  let allOff: any;
  beforeAll(() => {
    allOff = template(capabilities(false));
  });

  test.each([
    ['every switch on', true],
    ['every switch off', false],
  ])('%s: the switched operations follow, everything else holds, no finding', async (__, on) => {
    const switches = capabilities(on);
    const t = on ? template(switches) : allOff;
    expect((await templateFindings(t)).map(formatFinding)).toEqual([]);
    expect(await mismatches(t, OPERATIONS, (e) => expectedRestricted(e, switches))).toEqual([]);
    expect(await mismatches(t, NEGATIVES, () => 'deny')).toEqual([]);
  });

  test.each(CAPABILITIES)('%s alone grants exactly its operations, with statements of its own', async (capability) => {
    const t = template(capabilities(false, capability));
    const before = await judge(allOff, OPERATIONS);
    const after = await judge(t, OPERATIONS);
    const flipped = after.filter((j, i) => j.answer !== before[i].answer).map((j) => j.entry.id);
    expect(flipped.sort()).toEqual(OPERATIONS.filter((e) => e.capability === capability).map((e) => e.id).sort());
    expect(flipped.length).toBeGreaterThan(0);

    // Every statement of the switched-off policy is still there, unchanged: the switch only adds.
    const added = ongoingStatements(t).filter((s) => !ongoingStatements(allOff).some((o) => JSON.stringify(o) === JSON.stringify(s)));
    expect(ongoingStatements(t).length).toBe(ongoingStatements(allOff).length + added.length);
    expect(added.length).toBeGreaterThan(0);
    expect(await mismatches(t, NEGATIVES, () => 'deny')).toEqual([]);
  });
});

test("every control-plane policy fits IAM's 6,144 characters in the longest partition and region, every switch on, 30 subnets", () => {
  const subnetIds = Array.from({ length: 30 }, (_, i) => `subnet-0123456789abcd${i.toString(16).padStart(3, '0')}`);
  const template = workspaceTemplate({
    workspaceName: 'a-workspace-name-of-forty-characters-xyz',
    network: CoiledNetwork.existing({ vpcId: 'vpc-0123456789abcdef0', subnetIds }),
    controlPlaneCapabilities: capabilities(true),
  });
  // Not a real partition: the longest partition name, region and URL suffix together.
  const worst = new ResolvedTemplate(template, { partition: { name: 'aws-us-gov', region: 'ap-southeast-5', urlSuffix: 'amazonaws.com.cn' }, account: TEST_ACCOUNT });
  const sizes = templatePolicies(worst).map((p) => [p.name, JSON.stringify(p.document).replace(/\s/g, '').length] as const);
  expect(sizes.filter(([name]) => /-(ongoing|setup|capabilities)$/.test(name))).toHaveLength(3);
  for (const [name, size] of sizes) expect([name, size <= 6144]).toEqual([name, true]);
});
