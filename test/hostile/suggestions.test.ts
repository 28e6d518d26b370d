/**
 * Every error that suggests a concrete value, over random hostile props of both clouds' workspaces:
 * the suggestion, fed back, is accepted for that input. And no exception is ever anyone else's.
 */
import { App, Stack } from 'aws-cdk-lib';
import * as cdktf from 'cdktf';
import * as fc from 'fast-check';
import { Case, Props, attempt, setIn } from './harness';
import { CoiledNetwork, CoiledWorkspace } from '../../src/aws';
import { apiSchema } from '../../src/core/api-check';
import { CoiledGcpNetwork, CoiledGcpWorkspace } from '../../src/gcp';

jest.setTimeout(180_000);

const EXTERNAL_ID = '7f3c9a1e5b2d8046c1e9f0a3b7d5c248';

/** Values that are wrong in the ways users get them wrong, for any prop. */
const hostileValue = fc.oneof(
  fc.constantFrom('', ' ', 'My Team', 'GATEWAY', 'gateway', 'standard', 'true', 'false', '443', '60', '0', '-1', '1.5', 'subnet-0123456789abcdef0,subnet-0fedcba987654321a', '10.0.0.0/8', '10.0.0.1/16', '::/0', 'us-east1-b', 'a'.repeat(70)),
  fc.constantFrom(0, -1, 1.5, 7, 29, 443, 65536, 77742499581, NaN, Infinity, true, false, null),
  fc.constantFrom([], [''], ['10.0.0.0/8'], [443], ['443'], new Array(1), [{ ports: [22], cidr: '0.0.0.0/0' }], [{ ports: [], cidr: '10.0.0.0/8' }], [{ ports: ['443'], cidr: '10.0.0.1/16' }]),
  fc.constantFrom({}, { nannyPort: 8000, workerPort: 8000 }, { nannyPort: '8000', workerPort: 9000 }, { ports: [443], cidr: '10.0.0.0/8' }),
);

// Networks' own options are relative to their factory: their suggestions are fed back at that
// level by the hostile table. Here the networks are valid and the workspace props hostile.
const awsNetwork = fc.constantFrom(
  undefined,
  () => CoiledNetwork.privateSubnets({ natType: 'NONE' as any }),
  () => CoiledNetwork.publicSubnets({ availabilityZoneCount: 3 }),
  () => CoiledNetwork.existing({ vpcId: 'vpc-0123456789abcdef0', subnetIds: ['subnet-0123456789abcdef0'] }),
);

function mutations(struct: string) {
  const props = Object.keys(apiSchema().structs[struct].props);
  return fc.dictionary(fc.constantFrom(...props), hostileValue, { minKeys: 1, maxKeys: 3 });
}

const awsCase = (props: Props): Case => ({
  cloud: 'aws',
  name: 'random',
  props,
  run: (p) => {
    const stack = new Stack(new App(), 'S');
    const { network, ...rest } = p;
    new CoiledWorkspace(stack, 'W', { workspaceName: 'demo', externalId: EXTERNAL_ID, ...rest, ...(network ? { network: network() } : {}) } as any);
    return { warnings: [] };
  },
  expect: { ok: true },
});

const gcpCase = (props: Props): Case => ({
  cloud: 'gcp',
  name: 'random',
  props,
  run: (p) => {
    const stack = new cdktf.TerraformStack(cdktf.Testing.app(), 's');
    new CoiledGcpWorkspace(stack, 'W', { projectId: 'my-project-123456', region: 'us-east1', workspaceName: 'demo', ...p } as any);
    return { warnings: [] };
  },
  expect: { ok: true },
});

let suggested = 0;

function suggestionPasses(c: Case): boolean {
  const first = attempt(c, c.props);
  if (!first.error?.suggestion) return true;
  suggested++;
  const { input, value } = first.error.suggestion;
  const again = attempt(c, setIn(c.props, input, value));
  // That input may still fail for another reason (a conflict), with its own code and fix.
  const same = (e: { code: string; input: string }) => e.code === first.error!.code && (e.input === input || e.input === first.error!.input);
  return again.error === undefined || !same(again.error);
}

test('AWS: every suggestion passes when fed back', () => {
  fc.assert(
    fc.property(mutations('aws.CoiledWorkspaceProps'), awsNetwork, (props, network) => suggestionPasses(awsCase({ ...props, network }))),
    { numRuns: 400 },
  );
});

test('GCP: every suggestion passes when fed back', () => {
  const network = fc.constantFrom(undefined, CoiledGcpNetwork.privateSubnet(), CoiledGcpNetwork.existing({ network: 'shared', subnetwork: 'coiled' }));
  fc.assert(
    fc.property(mutations('gcp.CoiledGcpWorkspaceProps'), network, (props, net) => suggestionPasses(gcpCase({ ...props, ...(net ? { network: net } : {}) }))),
    { numRuns: 400 },
  );
});

test('the random inputs did exercise suggestions', () => {
  if (process.env.HOSTILE_SUMMARY) console.log(`${suggested} suggestions fed back`);
  expect(suggested).toBeGreaterThan(30);
});
