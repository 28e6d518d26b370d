/**
 * Fuzzing (fast-check) over workspace props on both clouds, hostile input included: bad CIDRs,
 * ports 0/65536/NaN, empty and huge lists, unicode and over-long names, tokens. Every run either
 * synthesizes or throws the library's own error naming the construct path and the bad value —
 * never another exception. 10,000 cheap runs through the model, a few hundred full synths.
 */
import { App, Lazy, Stack, Token } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as cdktf from 'cdktf';
import * as fc from 'fast-check';
import { CoiledNetwork, CoiledWorkspace, NatType } from '../../src/aws';
import { CoiledByocError, ValidationScope } from '../../src/core/errors';
import { awsNames, checkWorkspaceName, gcpNames } from '../../src/core/naming';
import { firewallRules, networkPaths } from '../../src/core/network-paths';
import { compactRules, countIngressRules } from '../../src/core/quota';
import { buildNetworkModel } from '../../src/core/workspace-model';
import { CoiledGcpNetwork, CoiledGcpStack } from '../../src/gcp';

const MODEL_RUNS = 10_000;
const AWS_SYNTH_RUNS = 150;
const GCP_SYNTH_RUNS = 150;

const hostileString = fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.constantFrom('', ' ', '\n', '💥', 'x'.repeat(300), 'null'));
// Mostly valid values (so that full synthesis is exercised), with a steady share of hostile ones.
const validCidr = fc.oneof(
  fc.tuple(fc.ipV4(), fc.integer({ min: 0, max: 32 })).map(([a, p]) => `${a}/${p}`),
  fc.tuple(fc.ipV6(), fc.integer({ min: 0, max: 128 })).map(([a, p]) => `${a}/${p}`),
);
const cidr = fc.oneof(
  { weight: 6, arbitrary: validCidr },
  { weight: 1, arbitrary: fc.constantFrom('10.1.0.2/16', '10.1.0.0/33', '300.1.1.1/16', '10.1.0.0', '', '::/129', '0.0.0.0/0', '::/0', 'fe80::1%eth0/64', '010.1.1.1/8') },
  { weight: 1, arbitrary: hostileString },
  { weight: 1, arbitrary: fc.constantFrom(null, undefined, 42, {}) },
);
const port = fc.oneof(
  { weight: 8, arbitrary: fc.integer({ min: 1, max: 65535 }) },
  { weight: 1, arbitrary: fc.constantFrom(0, 65536, -1, NaN, Infinity, 443.5, '443', null) },
  { weight: 1, arbitrary: fc.integer() },
);
const ports = fc.oneof({ weight: 9, arbitrary: fc.array(port, { minLength: 1, maxLength: 8 }) }, { weight: 1, arbitrary: fc.constantFrom([], 443, '443', null) });
const rule = fc.oneof(
  { weight: 6, arbitrary: fc.record({ ports, cidr }) },
  { weight: 2, arbitrary: fc.record({ ports, cidr, description: fc.oneof(fc.stringMatching(/^[a-zA-Z0-9 .-]{0,40}$/), hostileString) }) },
  { weight: 1, arbitrary: fc.constantFrom(null, 'rule', { cidrs: ['10.0.0.0/8'], ports: [1] }) },
);
const hugeIngress = fc.integer({ min: 50, max: 1200 }).map((n) => Array.from({ length: n }, (_, i) => ({ ports: [443], cidr: `100.${64 + Math.floor(i / 65536)}.${Math.floor(i / 256) % 256}.${i % 256}/32` })));
const ingress = fc.oneof(
  { weight: 40, arbitrary: fc.array(rule, { maxLength: 6 }) },
  { weight: 4, arbitrary: fc.constantFrom(undefined, [], 'not-a-list') },
  { weight: 1, arbitrary: hugeIngress },
);
const workspaceName = fc.oneof({ weight: 6, arbitrary: fc.stringMatching(/^[a-z0-9][a-z0-9_-]{0,14}[a-z0-9]$/) }, { weight: 1, arbitrary: hostileString });
const secretName = fc.oneof({ weight: 6, arbitrary: fc.stringMatching(/^[A-Za-z][A-Za-z0-9_]{0,20}$/) }, { weight: 1, arbitrary: fc.constantFrom('db-token', '1x', '', null, 42) }, { weight: 1, arbitrary: hostileString });
const hostileSecret = fc.oneof(
  fc.record({ name: secretName }),
  fc.record({ name: secretName, value: fc.oneof(hostileString, fc.constant(42)), allowPlaintextValue: fc.option(fc.boolean(), { nil: undefined }) }),
  fc.record({ name: secretName, existingSecretName: hostileString, existingSecretArn: fc.option(hostileString, { nil: undefined }) }),
  fc.record({ name: secretName, existingSecretId: hostileString, existingSecretProjectId: fc.option(hostileString, { nil: undefined }) }),
  fc.record({ name: secretName, environmentVariable: hostileString, description: fc.option(hostileString, { nil: undefined }), generateValue: fc.option(fc.boolean(), { nil: undefined }) }),
  fc.constantFrom(null, 'secret', {}),
);
const secrets = fc.oneof({ weight: 8, arbitrary: fc.array(hostileSecret, { maxLength: 3 }) }, { weight: 1, arbitrary: fc.constantFrom(undefined, 'not-a-list', {}) });
const validSecrets = fc.uniqueArray(fc.record({ name: fc.stringMatching(/^[A-Za-z][A-Za-z0-9_]{0,20}$/) }), { selector: (s) => s.name.toUpperCase(), maxLength: 3 });
const workerPorts = fc.option(fc.oneof(fc.record({ nannyPort: port, workerPort: port }), fc.constantFrom('8000', null)), { nil: undefined });
const chaos = fc.record({
  ingress,
  workspaceName,
  schedulerPort: fc.option(port, { nil: undefined }),
  workerPorts,
  restrictEgress: fc.option(fc.boolean(), { nil: undefined }),
  dataSources: fc.option(fc.array(rule, { maxLength: 3 }), { nil: undefined }),
  namePrefix: fc.option(fc.oneof({ weight: 4, arbitrary: fc.stringMatching(/^[a-z][a-z0-9-]{4,18}[a-z0-9]$/) }, { weight: 1, arbitrary: hostileString }), { nil: undefined, freq: 3 }),
  secrets,
});
const validRule = (maxPorts: number) => fc.record({ ports: fc.array(fc.integer({ min: 1, max: 65535 }), { minLength: 1, maxLength: maxPorts }), cidr: validCidr });
// Every field valid: the happy paths of full synthesis.
const valid = fc
  .record({
    ingress: fc.oneof({ weight: 60, arbitrary: fc.array(validRule(5), { maxLength: 6 }) }, { weight: 1, arbitrary: hugeIngress }),
    workspaceName: fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,14}[a-z0-9]$/),
    schedulerPort: fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined }),
    workerPorts: fc.option(fc.record({ nannyPort: fc.integer({ min: 1024, max: 30000 }), workerPort: fc.integer({ min: 30001, max: 65535 }) }), { nil: undefined }),
    restrictEgress: fc.boolean(),
    secrets: validSecrets,
  })
  .chain((p) => fc.record({ dataSources: p.restrictEgress ? fc.array(validRule(3), { maxLength: 3 }) : fc.constant(undefined) }).map((d) => ({ ...p, ...d })));
// Valid but for one field: every check is reached on its own.
const oneHostile = fc.tuple(valid, chaos, fc.constantFrom('ingress', 'workspaceName', 'schedulerPort', 'workerPorts', 'dataSources', 'namePrefix', 'secrets')).map(([v, c, key]) => ({ ...v, [key]: (c as any)[key] }));
const props = fc.oneof({ weight: 4, arbitrary: valid }, { weight: 4, arbitrary: oneHostile }, { weight: 2, arbitrary: chaos }) as fc.Arbitrary<any>;

/** Runs `fn`; anything but success or the library's error (with path and value) fails the property. */
function libraryErrorOrSuccess(fn: () => unknown): 'ok' | 'error' {
  try {
    fn();
    return 'ok';
  } catch (e) {
    if (!(e instanceof CoiledByocError)) throw new Error(`not the library's error: ${(e as Error)?.stack ?? e}`);
    expect(e.constructPath.length).toBeGreaterThan(0);
    expect(e.message).toContain(`at '${e.constructPath}': ${e.input} = `);
    return 'error';
  }
}

const tally = { ok: 0, error: 0 };
afterAll(() => {
  // Figures for the closing note: how much of the input space succeeds vs fails cleanly.
  process.stdout.write(`fuzz outcomes: ${tally.ok} accepted, ${tally.error} rejected with the library's error\n`);
  // Both outcomes must be exercised, or the generators have drifted.
  expect(tally.ok).toBeGreaterThan(2000);
  expect(tally.error).toBeGreaterThan(2000);
});

test(`the core model: ${MODEL_RUNS} configurations`, () => {
  const scope: ValidationScope = { path: 'Fuzz/Ws', isUnresolved: (v) => typeof v === 'string' && v.startsWith('${Token['), warn: () => undefined };
  fc.assert(
    fc.property(props, (p) => {
      tally[
        libraryErrorOrSuccess(() => {
          const name = checkWorkspaceName(scope, p.workspaceName);
          awsNames(scope, name, { namePrefix: p.namePrefix });
          gcpNames(scope, name, { namePrefix: p.namePrefix });
          const model = buildNetworkModel(scope, { ...p, workersPublicIp: true, schedulerPublicIp: false });
          networkPaths(model);
          firewallRules(model);
          countIngressRules(compactRules(model.ingress));
        })
      ]++;
    }),
    { numRuns: MODEL_RUNS },
  );
});

const awsNetwork = fc.oneof(
  fc.constant(undefined),
  fc.record({ cidr: fc.option(cidr, { nil: undefined }), availabilityZoneCount: fc.option(fc.integer({ min: -1, max: 20 }), { nil: undefined }) }).map((o) => () => CoiledNetwork.publicSubnets(o as any)),
  fc
    .record({ natType: fc.constantFrom(NatType.GATEWAY, NatType.INSTANCE, NatType.NONE), natPerAz: fc.boolean(), publicScheduler: fc.boolean(), staticEgressIps: fc.boolean() })
    .map((o) => () => CoiledNetwork.privateSubnets(o)),
  fc.record({ vpcId: fc.oneof(fc.constant('vpc-0123456789abcdef0'), hostileString), subnetIds: fc.array(fc.oneof(fc.constant('subnet-0123456789abcdef0'), hostileString), { maxLength: 3 }) }).map((o) => () => CoiledNetwork.existing(o)),
);

test(`AWS: ${AWS_SYNTH_RUNS} full synths, tokens included`, () => {
  fc.assert(
    fc.property(props, awsNetwork, fc.oneof(fc.string(), fc.constant('token'), { weight: 4, arbitrary: fc.constant('5d0b8f3a1c9e7264') }), (p, network, externalId) => {
      tally[
        libraryErrorOrSuccess(() => {
          const stack = new Stack(new App(), 'Fuzz');
          const withTokens = {
            ...p,
            externalId: externalId === 'token' ? Token.asString({ Ref: 'ExternalId' }) : externalId,
            schedulerPort: p.schedulerPort === 'token' ? Lazy.number({ produce: () => 443 }) : p.schedulerPort,
          };
          // Factories check their options on entry: build the network inside the measured call.
          new CoiledWorkspace(stack, 'Workspace', { ...(withTokens as any), network: network?.() });
          Template.fromStack(stack);
        })
      ]++;
    }),
    { numRuns: AWS_SYNTH_RUNS },
  );
});

const gcpNetwork = fc.oneof(
  fc.constant(undefined),
  fc.record({ subnetCidr: fc.option(cidr, { nil: undefined }) }).map((o) => () => CoiledGcpNetwork.publicSubnet(o as any)),
  fc.record({ natMinPortsPerVm: fc.option(fc.integer({ min: 0, max: 70000 }), { nil: undefined }), publicScheduler: fc.boolean() }).map((o) => () => CoiledGcpNetwork.privateSubnet(o)),
  fc.record({ network: fc.oneof(fc.constant('shared'), hostileString), subnetwork: fc.oneof(fc.constant('coiled'), hostileString) }).map((o) => () => CoiledGcpNetwork.existing(o)),
);

test(`GCP: ${GCP_SYNTH_RUNS} full synths, tokens included`, () => {
  fc.assert(
    fc.property(props, gcpNetwork, fc.oneof({ weight: 4, arbitrary: fc.constant('my-project-123456') }, hostileString, fc.constant('token')), (p, network, projectId) => {
      tally[
        libraryErrorOrSuccess(() => {
          const app = cdktf.Testing.app();
          const project = projectId === 'token' ? cdktf.Token.asString(cdktf.Lazy.stringValue({ produce: () => 'my-project-123456' })) : projectId;
          const stack = new CoiledGcpStack(app, 'fuzz', { ...(p as any), projectId: project, region: 'us-east1', network: network?.() });
          cdktf.Testing.synth(stack);
        })
      ]++;
    }),
    { numRuns: GCP_SYNTH_RUNS },
  );
});
