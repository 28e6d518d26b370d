/**
 * The workspace's resources sort their tags without ICU (src/aws/private/tag-order.ts): the
 * template must be exactly the one aws-cdk-lib's own sort renders, for any tags a user adds, and no
 * `localeCompare` may run while a workspace with ASCII tags synthesizes.
 */
import * as cdk from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { EXTERNAL_ID } from './util';
import { isKnownTagSort, orderTagsWithoutIcu, tagSortIsKnown } from '../../src/aws/private/tag-order';

const USER_TAGS = ['Team', 'team', 'cost-center', 'Cost_Center', 'kubernetes.io/cluster', 'été', 'a b', 'Z', 'owner', 'Name2', 'coiled'];

/** The template of a workspace (and one VPC outside it) with the user's tags on the whole app; `withoutOverride` builds it with aws-cdk-lib's stock sort. */
function template(props: (aws: any) => Record<string, unknown>, withoutOverride = false): any {
  let result: any;
  jest.isolateModules(() => {
    if (withoutOverride) jest.doMock('../../src/aws/private/tag-order', () => ({ orderTagsWithoutIcu: () => undefined }));
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { App, Stack, Tags } = require('aws-cdk-lib') as typeof cdk;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const aws = require('../../src/aws');
    const app = new App();
    const stack = new Stack(app, 'Test');
    new aws.CoiledWorkspace(stack, 'Workspace', { workspaceName: 'demo', externalId: EXTERNAL_ID, ...props(aws) });
    for (const [i, key] of USER_TAGS.entries()) Tags.of(app).add(key, `v${i}`);
    result = app.synth().getStackByName('Test').template;
  });
  jest.dontMock('../../src/aws/private/tag-order');
  return result;
}

const tagKeys = (t: any) => Object.values<any>(t.Resources).filter((r) => Array.isArray(r.Properties?.Tags)).map((r) => r.Properties.Tags.map((tag: any) => tag.Key));

test("the installed aws-cdk-lib sorts tags the way the override reproduces (if this fails, re-check TagManager's sort before anything else)", () => {
  expect(tagSortIsKnown()).toBe(true);
});

describe.each([
  ['public subnets', () => ({})],
  ['private subnets, a NAT gateway, an S3 endpoint and flow logs', (aws: any) => ({ network: aws.CoiledNetwork.privateSubnets({ s3GatewayEndpoint: true, flowLogs: true }) })],
  ['private subnets and a NAT instance', (aws: any) => ({ network: aws.CoiledNetwork.privateSubnets({ natType: aws.NatType.INSTANCE }) })],
])('%s: the template is the one aws-cdk-lib renders with its own sort', (_, props) => {
  test('with every user tag, ASCII or not', () => {
    const ours = template(props);
    const stock = template(props, true);
    expect(tagKeys(ours).length).toBeGreaterThan(5);
    expect(tagKeys(ours).some((keys) => keys.length === USER_TAGS.length + 2)).toBe(true);
    expect(JSON.stringify(ours)).toEqual(JSON.stringify(stock));
  });
});

describe('ICU', () => {
  afterEach(() => jest.restoreAllMocks());
  const synthesize = (withoutOverride: boolean) => {
    let calls = 0;
    jest.isolateModules(() => {
      if (withoutOverride) jest.doMock('../../src/aws/private/tag-order', () => ({ orderTagsWithoutIcu: () => undefined }));
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { App, Stack } = require('aws-cdk-lib') as typeof cdk;
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { CoiledWorkspace } = require('../../src/aws');
      const app = new App();
      const stack = new Stack(app, 'Test');
      new CoiledWorkspace(stack, 'Workspace', { workspaceName: 'demo', externalId: EXTERNAL_ID });
      const spy = jest.spyOn(String.prototype, 'localeCompare');
      app.synth();
      calls = spy.mock.calls.length;
      spy.mockRestore();
    });
    jest.dontMock('../../src/aws/private/tag-order');
    return calls;
  };

  test('is never asked while a default workspace synthesizes; with the stock sort it is', () => {
    expect(synthesize(true)).toBeGreaterThan(0);
    expect(synthesize(false)).toBe(0);
  });
});

test('resources outside the workspace keep aws-cdk-lib\'s own sort', () => {
  const app = new cdk.App();
  const stack = new cdk.Stack(app, 'Test');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { CoiledWorkspace } = require('../../src/aws');
  const ws = new CoiledWorkspace(stack, 'Workspace', { workspaceName: 'demo', externalId: EXTERNAL_ID });
  const outside = new ec2.CfnVPC(stack, 'Outside', { cidrBlock: '10.9.0.0/16', tags: [{ key: 'b', value: '1' }, { key: 'a', value: '2' }] });
  app.synth();
  const inside = (ws.vpc.node.defaultChild as ec2.CfnVPC).tags;
  expect(Object.getOwnPropertyNames(inside)).toContain('sortedTags');
  expect(Object.getOwnPropertyNames(outside.tags)).not.toContain('sortedTags');
});

test('an aws-cdk-lib whose tag sort is not the known one gets no override', () => {
  jest.isolateModules(() => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const lib = require('aws-cdk-lib') as typeof cdk;
    const stock = Object.getOwnPropertyDescriptor(lib.TagManager.prototype, 'sortedTags')!;
    Object.defineProperty(lib.TagManager.prototype, 'sortedTags', {
      configurable: true,
      get(this: any) {
        return Array.from(this.tags.values()).sort((a: any, b: any) => (a.key < b.key ? -1 : 1));
      },
    });
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const tagOrder = require('../../src/aws/private/tag-order');
      expect(tagOrder.tagSortIsKnown()).toBe(false);
      const scope = new lib.Stack(new lib.App(), 'S');
      tagOrder.orderTagsWithoutIcu(scope);
      expect(lib.Aspects.of(scope).all).toHaveLength(0);
    } finally {
      Object.defineProperty(lib.TagManager.prototype, 'sortedTags', stock);
    }
  });
});

describe('the sort the override reproduces, by its source text', () => {
  test.each([
    'get sortedTags(){return Array.from(this.tags.values()).sort((a,b)=>a.key.localeCompare(b.key))}',
    'get sortedTags() {\n    return Array.from(this.tags.values()).sort((left, right) => left.key.localeCompare(right.key));\n  }',
  ])('known: %s', (source) => expect(isKnownTagSort(source)).toBe(true));

  test.each([
    ['the reverse order', 'get sortedTags(){return Array.from(this.tags.values()).sort((a,b)=>b.key.localeCompare(a.key))}'],
    ['by value', 'get sortedTags(){return Array.from(this.tags.values()).sort((a,b)=>a.value.localeCompare(b.value))}'],
    ['a locale argument', 'get sortedTags(){return Array.from(this.tags.values()).sort((a,b)=>a.key.localeCompare(b.key,"de"))}'],
    ['keys, not tags', 'get sortedTags(){return Array.from(this.tags.keys()).sort((a,b)=>a.key.localeCompare(b.key))}'],
    ['more work after the sort', 'get sortedTags(){return Array.from(this.tags.values()).sort((a,b)=>a.key.localeCompare(b.key)).filter(Boolean)}'],
    ['no getter at all', 'undefined'],
    ['another getter around it', 'get tags(){} get sortedTags(){return Array.from(this.tags.values()).sort((a,b)=>a.key.localeCompare(b.key))}'],
    ['more code after it', 'get sortedTags(){return Array.from(this.tags.values()).sort((a,b)=>a.key.localeCompare(b.key))} set x(v){}'],
  ])('unknown: %s', (_, source) => expect(isKnownTagSort(source)).toBe(false));

  test('an aws-cdk-lib without the getter is unknown, and nothing throws', () => {
    jest.isolateModules(() => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const lib = require('aws-cdk-lib') as typeof cdk;
      const stock = Object.getOwnPropertyDescriptor(lib.TagManager.prototype, 'sortedTags')!;
      delete (lib.TagManager.prototype as any).sortedTags;
      try {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        expect(require('../../src/aws/private/tag-order').tagSortIsKnown()).toBe(false);
      } finally {
        Object.defineProperty(lib.TagManager.prototype, 'sortedTags', stock);
      }
    });
  });
});

test('applied on a scope and again on one inside it, every resource still synthesizes', () => {
  const app = new cdk.App();
  const stack = new cdk.Stack(app, 'Test');
  const inner = new cdk.Stack(app, 'Other');
  const vpc = new ec2.CfnVPC(stack, 'Vpc', { cidrBlock: '10.9.0.0/16', tags: [{ key: 'b', value: '1' }, { key: 'A', value: '2' }] });
  orderTagsWithoutIcu(app);
  orderTagsWithoutIcu(stack);
  orderTagsWithoutIcu(inner);
  const synthesized = app.synth().getStackByName('Test').template;
  expect(Object.getOwnPropertyNames(vpc.tags)).toContain('sortedTags');
  expect(synthesized.Resources.Vpc.Properties.Tags.map((t: any) => t.Key)).toEqual(['A', 'b']);
  // Ours is not the last word: code that wants another sort can still define one.
  expect(() => Object.defineProperty(vpc.tags, 'sortedTags', { get: () => [] })).not.toThrow();
});
