/**
 * The runtime type check, type by type, word for word: what a JavaScript, JSON or Python caller
 * reads when a value has the wrong shape, and the fix a tool can apply. Mutation testing (issue
 * 16) found api-check.ts at 38% against test/api-schema.test.ts, which asserts codes and
 * inputs over the whole schema but never a message, a suggestion or a map type.
 */
import { Construct } from 'constructs';
import { ParamSpec, TypeSpec, apiSchema, checkArguments, checkParameters, checkStruct, checkValue, describeType, memberMeant, pickProps, propNames } from '../../src/core/api-check';
import { CoiledByocError, ValidationScope, describeKind, describeValue, literal, plainScope } from '../../src/core/errors';

const scope = () => plainScope('App/W');
// A function, so that no scope is built while the file is collected (see docs/mutation.md).
const tokens = (): ValidationScope => ({ ...scope(), isUnresolved: (v: unknown) => v === TOKEN });
const TOKEN = { token: true };
const judged = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    if (!(e instanceof CoiledByocError)) throw e;
    return { input: e.input, problem: e.problem, fix: e.fix, suggestion: e.suggestion };
  }
  return 'accepted';
};
const refused = (input: string, problem: string, fix: string, suggestion?: { input: string; value: unknown }) => ({ input, problem, fix, suggestion });

const STRING: TypeSpec = { k: 'string' };
const NUMBER: TypeSpec = { k: 'number' };
const BOOLEAN: TypeSpec = { k: 'boolean' };
const NAT: TypeSpec = { k: 'enum', name: 'aws.NatType' };
const RULE: TypeSpec = { k: 'struct', name: 'IngressRule' };
const NAT_MEMBERS = 'not a member of aws.NatType; it is one of NatType.GATEWAY, NatType.INSTANCE, NatType.NONE';
const ANY_NAT = 'use one of NatType.GATEWAY, NatType.INSTANCE, NatType.NONE';

describe('checkValue, type by type', () => {
  test.each([
    ['missing, required', undefined, STRING, false, refused('x', 'x is required (a string)', 'give x')],
    ['missing, optional', undefined, STRING, true, 'accepted'],
    ['null, optional: left out suggested', null, STRING, true, refused('x', 'null is not a string', 'leave x out for its default', { input: 'x', value: undefined })],
    ['null, required', null, NUMBER, false, refused('x', 'null is not a number', 'give x')],
    ['anything for any', 5, { k: 'any' }, false, 'accepted'],
    ['a number for a string', 5, STRING, false, refused('x', 'expected a string, got the number 5', 'give a string')],
    ['a quoted number', '42', NUMBER, false, refused('x', 'expected a number, got the string "42"', 'write x: 42', { input: 'x', value: 42 })],
    ['a quoted negative fraction, spaces around', ' -1.5 ', NUMBER, false, refused('x', 'expected a number, got the string " -1.5 "', 'write x: -1.5', { input: 'x', value: -1.5 })],
    ['an exponent in quotes is not read', '1e3', NUMBER, false, refused('x', 'expected a number, got the string "1e3"', 'give a number')],
    ['a quoted fraction of two digits', '1.25', NUMBER, false, refused('x', 'expected a number, got the string "1.25"', 'write x: 1.25', { input: 'x', value: 1.25 })],
    ['Infinity', Infinity, NUMBER, false, refused('x', 'expected a number, got the number Infinity', 'give a finite number')],
    ['NaN', NaN, NUMBER, false, refused('x', 'expected a number, got NaN', 'give a finite number')],
    ['a boolean for a number', true, NUMBER, false, refused('x', 'expected a number, got a boolean', 'give a number')],
    ['0 for a number', 0, NUMBER, false, 'accepted'],
    ['"TRUE " for a boolean', 'TRUE ', BOOLEAN, false, refused('x', 'expected true or false, got the string "TRUE "', 'write x: true', { input: 'x', value: true })],
    ['"false" for a boolean', 'false', BOOLEAN, false, refused('x', 'expected true or false, got the string "false"', 'write x: false', { input: 'x', value: false })],
    ['"yes" for a boolean', 'yes', BOOLEAN, false, refused('x', 'expected true or false, got the string "yes"', 'give true or false')],
    ['"untrue" for a boolean is no boolean', 'untrue', BOOLEAN, false, refused('x', 'expected true or false, got the string "untrue"', 'give true or false')],
    ['"falsey" for a boolean is no boolean', 'falsey', BOOLEAN, false, refused('x', 'expected true or false, got the string "falsey"', 'give true or false')],
    ['1 for a boolean', 1, BOOLEAN, false, refused('x', 'expected true or false, got the number 1', 'give true or false')],
    ['false for a boolean', false, BOOLEAN, false, 'accepted'],
    ["another library's enum: only the primitive type", 5, { k: 'extEnum', name: 'RetentionDays', primitive: 'string' }, false, refused('x', 'expected a member of RetentionDays, got the number 5', 'give a member of RetentionDays')],
    ["another library's enum, the right primitive", 7, { k: 'extEnum', name: 'RetentionDays', primitive: 'number' }, false, 'accepted'],
    ['an enum member in lower case: the member suggested', 'gateway', NAT, false, refused('x', `${NAT_MEMBERS} (members are written exactly, in capitals)`, 'use NatType.GATEWAY (the value "GATEWAY")', { input: 'x', value: 'GATEWAY' })],
    ['an enum member with spaces and a hyphen', ' None ', NAT, false, refused('x', `${NAT_MEMBERS} (members are written exactly, in capitals)`, 'use NatType.NONE (the value "NONE")', { input: 'x', value: 'NONE' })],
    ['no member at all', 'zz', NAT, false, refused('x', `${NAT_MEMBERS} (members are written exactly, in capitals)`, ANY_NAT)],
    ['a number for an enum', 5, NAT, false, refused('x', NAT_MEMBERS, ANY_NAT)],
    ['an enum member', 'INSTANCE', NAT, false, 'accepted'],
    ['a number for a class, with the usual way to get one', 5, { k: 'object', name: 'IVpc' }, false, refused('x', 'expected an IVpc object, got the number 5', 'give an IVpc object (to give a VPC by id, use vpcId instead; or ec2.Vpc.fromLookup(...))')],
    ['a list for an object', [], { k: 'object', name: 'SubnetSelection' }, false, refused('x', 'expected a SubnetSelection object, got a list', 'give a SubnetSelection object')],
    ['a number for a security group', 5, { k: 'object', name: 'ISecurityGroup', construct: true }, false, refused('x', 'expected an ISecurityGroup object, got the number 5', 'give an ISecurityGroup object (ec2.SecurityGroup.fromSecurityGroupId(this, "Sg", "sg-..."))')],
    ['text for an instance type', 't4g.nano', { k: 'object', name: 'InstanceType' }, false, refused('x', 'expected an InstanceType object, got the string "t4g.nano"', 'give an InstanceType object (new ec2.InstanceType("t4g.nano"))')],
    ['text for a key', 'arn:aws:kms:x', { k: 'object', name: 'IKey', construct: true }, false, refused('x', 'expected an IKey object, got the string "arn:aws:kms:x"', 'give an IKey object (kms.Key.fromKeyArn(this, "Key", "arn:aws:kms:..."))')],
    [
      'an object without bind() for a GCP network',
      {},
      { k: 'object', name: 'CoiledGcpNetwork', methods: ['bind'] },
      false,
      refused('x', 'expected a CoiledGcpNetwork object, got an object without its bind() method', 'give a CoiledGcpNetwork object (CoiledGcpNetwork.publicSubnet(), CoiledGcpNetwork.privateSubnet() or CoiledGcpNetwork.existing({ ... }))'),
    ],
    ['text for the scope', 'App', { k: 'object', name: 'Construct', construct: true }, false, refused('x', 'expected a Construct object, got the string "App"', 'give a Construct object (the construct to add this to, e.g. a Stack)')],
    ['a function for an object', () => 1, { k: 'object', name: 'SubnetSelection' }, false, 'accepted'],
    [
      'a plain object for a construct type',
      {},
      { k: 'object', name: 'IManagedPolicy', construct: true },
      false,
      refused('x', 'expected an IManagedPolicy object (a construct), got an object that is not one', 'give an IManagedPolicy object (iam.ManagedPolicy.fromManagedPolicyName(this, "Policy", "..."))'),
    ],
    [
      'an object whose method is not a function',
      { bind: 1 },
      { k: 'object', name: 'CoiledNetwork', methods: ['bind'] },
      false,
      refused('x', 'expected a CoiledNetwork object, got an object without its bind() method', 'give a CoiledNetwork object (CoiledNetwork.publicSubnets(), CoiledNetwork.privateSubnets() or CoiledNetwork.existing({ ... }))'),
    ],
    ['an object with its method', { bind: () => undefined }, { k: 'object', name: 'CoiledNetwork', methods: ['bind'] }, false, 'accepted'],
    ['a list for a map', [], { k: 'map', of: STRING }, false, refused('x', 'expected an object of strings, got a list', 'give an object of strings')],
    ['a number for a map', 5, { k: 'map', of: STRING }, false, refused('x', 'expected an object of strings, got the number 5', 'give an object of strings')],
    ['a map entry of the wrong type, named by its key', { a: 'b', c: 5 }, { k: 'map', of: STRING }, false, refused('x.c', 'expected a string, got the number 5', 'give a string')],
    ['a map entry that is undefined is required', { a: undefined }, { k: 'map', of: STRING }, false, refused('x.a', 'x.a is required (a string)', 'give x.a')],
    ['a map', { a: 'b' }, { k: 'map', of: STRING }, false, 'accepted'],
    // A single value where a list belongs, as `-c subnetIds=subnet-a,subnet-b` gives it.
    ['comma-separated text for a list of strings', 'a, b,,c', { k: 'array', of: STRING }, false, refused('x', 'expected a list of strings, got the string "a, b,,c"', 'write x: ["a","b","c"]', { input: 'x', value: ['a', 'b', 'c'] })],
    ['one number for a list of numbers', 5, { k: 'array', of: NUMBER }, false, refused('x', 'expected a list of numbers, got the number 5', 'write x: [5]', { input: 'x', value: [5] })],
    [
      'one rule for a list of rules',
      { ports: [1], cidr: '10.0.0.0/8' },
      { k: 'array', of: RULE },
      false,
      refused('x', 'expected a list of IngressRule objects, got an object', 'write x: [{"ports":[1],"cidr":"10.0.0.0/8"}]', { input: 'x', value: [{ ports: [1], cidr: '10.0.0.0/8' }] }),
    ],
    ['text for a list of numbers: nothing to suggest', 'x', { k: 'array', of: NUMBER }, false, refused('x', 'expected a list of numbers, got the string "x"', 'give a list of numbers')],
    ['a number for a list of strings: nothing to suggest', 5, { k: 'array', of: STRING }, false, refused('x', 'expected a list of strings, got the number 5', 'give a list of strings')],
    ['a number for a list of rules: nothing to suggest', 5, { k: 'array', of: RULE }, false, refused('x', 'expected a list of IngressRule objects, got the number 5', 'give a list of IngressRule objects')],
    ['an object for a list of strings: nothing to suggest', { a: 'b' }, { k: 'array', of: STRING }, false, refused('x', 'expected a list of strings, got an object', 'give a list of strings')],
    ['null for a list of rules: nothing to suggest', null, { k: 'array', of: RULE }, true, refused('x', 'null is not a list of IngressRule objects', 'leave x out for its default', { input: 'x', value: undefined })],
    ['a null item is required', [null], { k: 'array', of: STRING }, false, refused('x[0]', 'null is not a string', 'give x[0]')],
    ['a hole: the real values suggested', [1, , 3], { k: 'array', of: NUMBER }, false, refused('x[1]', 'the list has a hole at index 1 (a sparse array, e.g. new Array(3)): a hole is no value at all', 'list only real values', { input: 'x', value: [1, 3] })],
    ['only holes: nothing to suggest', new Array(2), { k: 'array', of: NUMBER }, false, refused('x[0]', 'the list has a hole at index 0 (a sparse array, e.g. new Array(2)): a hole is no value at all', 'list only real values')],
    ['an item of the wrong type, by index', ['a', 5], { k: 'array', of: STRING }, false, refused('x[1]', 'expected a string, got the number 5', 'give a string')],
    ['a rule in a list, checked prop by prop', [{ ports: [1], cidr: 5 }], { k: 'array', of: RULE }, false, refused('x[0].cidr', 'expected a string, got the number 5', 'give a string')],
    ['a rule in a list, required', [undefined], { k: 'array', of: RULE }, false, refused('x[0]', 'an IngressRule object is required', 'pass x[0] as an object, e.g. { cidr: ..., ports: ... }')],
    ['a struct, checked prop by prop', { ports: [1], cidr: 5 }, RULE, false, refused('x.cidr', 'expected a string, got the number 5', 'give a string')],
    ['a struct, optional, missing', undefined, RULE, true, 'accepted'],
  ])('%s', (_, value, type, optional, expected) => {
    expect(judged(() => checkValue(scope(), value, type as TypeSpec, 'x', optional))).toEqual(expected);
  });

  test('a value known only at deploy time is not checked', () => {
    expect(judged(() => checkValue(tokens(), TOKEN, NUMBER, 'x', false))).toBe('accepted');
    expect(judged(() => checkStruct(tokens(), 'IngressRule', TOKEN))).toBe('accepted');
  });

  test('a real construct passes a construct type', () => {
    expect(judged(() => checkValue(scope(), new Construct(undefined as never, 'c'), { k: 'object', name: 'IManagedPolicy', construct: true }, 'x', false))).toBe('accepted');
  });
});

describe('structs', () => {
  test.each([
    ['missing', undefined, 'IngressRule', refused('props', 'an IngressRule object is required', 'pass props as an object, e.g. { cidr: ..., ports: ... }')],
    ['null', null, 'IngressRule', refused('props', 'an IngressRule object is required', 'pass props as an object, e.g. { cidr: ..., ports: ... }')],
    ['a number', 5, 'IngressRule', refused('props', 'expected an IngressRule object, got the number 5', 'pass an object, e.g. { cidr: ..., ports: ... }')],
    ['a list', [], 'WorkerPorts', refused('props', 'expected a WorkerPorts object, got a list', 'pass an object, e.g. { nannyPort: ..., workerPort: ... }')],
    ['a number where every prop is optional', 5, 'aws.PublicNetworkOptions', refused('props', 'expected a PublicNetworkOptions object, got the number 5', 'pass an object, e.g. {}')],
    [
      'a typo: the option meant',
      { port: [1], ports: [1], cidr: 'x' },
      'IngressRule',
      refused('port', 'IngressRule has no option "port" (did you mean "ports"?); an unknown option would be silently ignored', 'rename it to ports'),
    ],
    ['another case', { Ports: [1], ports: [1], cidr: 'x' }, 'IngressRule', refused('Ports', 'IngressRule has no option "Ports" (did you mean "ports"?); an unknown option would be silently ignored', 'rename it to ports')],
    ['no option near it: the options listed', { zzz: 1, ports: [1], cidr: 'x' }, 'IngressRule', refused('zzz', 'IngressRule has no option "zzz"; an unknown option would be silently ignored', 'remove it; the options are cidr, cidrFamily, description, ports')],
    ['an unknown option set to undefined is no option', { zzz: undefined, ports: [1], cidr: 'x' }, 'IngressRule', 'accepted'],
    // A stack's props extend CDK's StackProps: only a typo of ours is refused.
    ['an open struct: an unknown option far from ours', { workspaceName: 'a', externalId: 'x', zzzqqq: 1 }, 'aws.CoiledWorkspaceStackProps', 'accepted'],
    [
      'an open struct: a typo of ours',
      { workspaceName: 'a', externalId: 'x', workspaceNme: 1 },
      'aws.CoiledWorkspaceStackProps',
      refused('workspaceNme', 'CoiledWorkspaceStackProps has no option "workspaceNme" (did you mean "workspaceName"?); an unknown option would be silently ignored', 'rename it to workspaceName'),
    ],
    ['a prop of a nested struct', { workspaceName: 'a', externalId: 'x', capabilities: { zzz: 1 } }, 'aws.CoiledControlPlaneRoleProps', refused('capabilities.zzz', expect.stringMatching(/^ControlPlaneCapabilities has no option "zzz"; /) as unknown as string, expect.stringMatching(/^remove it; the options are /) as unknown as string)],
  ])('%s', (_, value, struct, expected) => {
    expect(judged(() => checkStruct(scope(), struct, value))).toEqual(expected);
  });

  // Found by mutation testing (issue 16): null for an optional struct was called required.
  test('null for an optional struct prop or argument is refused as null, with leaving it out suggested', () => {
    expect(judged(() => checkStruct(scope(), 'aws.CoiledControlPlaneRoleProps', { workspaceName: 'a', externalId: 'x', capabilities: null }))).toEqual(
      refused('capabilities', 'null is not a ControlPlaneCapabilities object', 'leave capabilities out for its default', { input: 'capabilities', value: undefined }),
    );
    expect(judged(() => checkArguments(scope(), 'aws.CoiledNetwork.publicSubnets', [null]))).toEqual(
      refused('options', 'null is not a PublicNetworkOptions object', 'leave options out for its default', { input: 'options', value: undefined }),
    );
  });

  test('a prefix names the props under it', () => {
    expect(judged(() => checkStruct(scope(), 'IngressRule', { ports: [1], cidr: 5 }, 'ingress[0].'))).toEqual(refused('ingress[0].cidr', 'expected a string, got the number 5', 'give a string'));
    expect(judged(() => checkStruct(scope(), 'IngressRule', 5, 'ingress[0].'))).toEqual(refused('ingress[0]', 'expected an IngressRule object, got the number 5', 'pass an object, e.g. { cidr: ..., ports: ... }'));
    // Only the dot that ends the prefix goes.
    expect(judged(() => checkStruct(scope(), 'IngressRule', 5, 'firewall.ingress[0].'))).toEqual(refused('firewall.ingress[0]', 'expected an IngressRule object, got the number 5', 'pass an object, e.g. { cidr: ..., ports: ... }'));
  });

  // Up to one edit per four letters of the option, at most two.
  test.each([
    ['cid', 'IngressRule', 'cidr'],
    ['ci', 'IngressRule', undefined],
    ['wrkspceName', 'aws.CoiledWorkspaceStackProps', 'workspaceName'],
    ['wrkspceNam', 'aws.CoiledWorkspaceStackProps', undefined],
  ])('%s near an option of %s: %s', (key, struct, meant) => {
    const required = struct === 'IngressRule' ? { ports: [1], cidr: 'x' } : { workspaceName: 'a', externalId: 'x' };
    const e = judged(() => checkStruct(scope(), struct, { ...required, [key]: 1 }));
    expect(typeof e === 'string' ? e : e.fix).toBe(meant ? `rename it to ${meant}` : struct === 'IngressRule' ? 'remove it; the options are cidr, cidrFamily, description, ports' : 'accepted');
  });

  // instanceProfile and instanceRole are three edits apart: a typo can be near both.
  test.each([
    ['instanceProfle', 'instanceProfile', 'nearer the first option'],
    ['instanceRoile', 'instanceRole', 'nearer the second option, though within reach of the first'],
    ['instanceRfile', 'instanceProfile', 'two edits from both: the first option listed'],
  ])('%s is taken for %s (%s)', (key, meant) => {
    expect(judged(() => checkStruct(scope(), 'aws.CoiledControlPlaneRoleProps', { [key]: 1 }))).toEqual(
      refused(key, `CoiledControlPlaneRoleProps has no option "${key}" (did you mean "${meant}"?); an unknown option would be silently ignored`, `rename it to ${meant}`),
    );
  });

  test('pickProps keeps only the struct\'s own props; propNames lists them', () => {
    expect(pickProps('IngressRule', { ports: [1], zz: 1, toString: 2 })).toEqual({ ports: [1] });
    expect(propNames('WorkerPorts')).toEqual(['nannyPort', 'workerPort']);
  });
});

describe('arguments', () => {
  test('a variadic parameter is checked item by item, every item required', () => {
    expect(judged(() => checkArguments(scope(), 'gcp.CoiledGcpApis.servicesNamed', ['a', 5]))).toEqual(refused('names[1]', 'expected a string, got the number 5', 'give a string'));
    expect(judged(() => checkArguments(scope(), 'gcp.CoiledGcpApis.servicesNamed', ['a', undefined]))).toEqual(refused('names[1]', 'names[1] is required (a string)', 'give names[1]'));
    expect(judged(() => checkArguments(scope(), 'gcp.CoiledGcpApis.servicesNamed', ['a', 'b']))).toBe('accepted');
  });

  test('a rest parameter after others takes the arguments from its own position, counted from 0', () => {
    const params: ParamSpec[] = [
      { name: 'id', type: STRING, optional: false },
      { name: 'ports', type: { k: 'array', of: NUMBER }, optional: true, variadic: true },
    ];
    expect(judged(() => checkParameters(scope(), params, ['a', 1, 'b']))).toEqual(refused('ports[1]', 'expected a number, got the string "b"', 'give a number'));
    expect(judged(() => checkParameters(scope(), params, ['a', 1, 2]))).toBe('accepted');
  });

  test('other arguments are named by their parameter; a struct argument\'s props by their own names', () => {
    expect(judged(() => checkArguments(scope(), 'aws.CoiledWorkspace.addSecret', [5, {}]))).toEqual(refused('id', 'expected a string, got the number 5', 'give a string'));
    expect(judged(() => checkArguments(scope(), 'aws.CoiledNetwork.publicSubnets', [{ zzz: 1 }]))).toEqual(
      refused('zzz', expect.stringMatching(/^PublicNetworkOptions has no option "zzz"; /) as unknown as string, expect.stringMatching(/^remove it; the options are /) as unknown as string),
    );
  });

  test('apiSchema() is the schema the arguments are checked against', () => {
    expect(apiSchema().callables['gcp.CoiledGcpApis.servicesNamed']).toEqual([{ name: 'names', type: { k: 'array', of: STRING }, optional: true, variadic: true }]);
  });

  test('a callable or struct missing from the schema is the library\'s own bug, said so', () => {
    expect(() => checkArguments(scope(), 'nope.new', [])).toThrow('coiled-byoc internal error: nope.new is not in the API schema (regenerate it: npx ts-node --transpile-only scripts/api-schema.ts)');
    expect(() => checkStruct(scope(), 'Nope', {})).toThrow('coiled-byoc internal error: struct Nope is not in the API schema');
  });
});

describe('enum members meant', () => {
  // The schema's enums have values equal to their member names; an enum of ours may not.
  const ACCESS = { READ_ONLY: 'read-only', ALL: 'everything', ONE: 1 };
  test.each<[unknown, unknown[] | undefined, string]>([
    ['read only', ['READ_ONLY', 'read-only'], 'the name, a space for its underscore'],
    [' Read - Only ', ['READ_ONLY', 'read-only'], 'the name, a run of spaces and hyphens for its underscore'],
    ['Everything', ['ALL', 'everything'], 'the value, in another case'],
    ['all', ['ALL', 'everything'], 'the name, in another case'],
    ['1', ['ONE', 1], 'a number value, quoted'],
    ['readonly', undefined, 'nothing: the underscore is no letter to drop'],
    ['every thing', undefined, 'nothing: a value is not split'],
    [1, undefined, 'nothing: only text is read'],
  ])('%j is %j (%s)', (value, meant) => {
    expect(memberMeant(ACCESS, value)).toEqual(meant);
  });
});

describe('words', () => {
  test.each([
    [STRING, 'a string'],
    [NUMBER, 'a number'],
    [BOOLEAN, 'true or false'],
    [{ k: 'any' }, 'any value'],
    [NAT, 'a member of aws.NatType'],
    [{ k: 'extEnum', name: 'RetentionDays', primitive: 'number' }, 'a member of RetentionDays'],
    [{ k: 'array', of: STRING }, 'a list of strings'],
    [{ k: 'array', of: NUMBER }, 'a list of numbers'],
    [{ k: 'array', of: BOOLEAN }, 'a list of booleans'],
    [{ k: 'array', of: { k: 'array', of: NUMBER } }, 'a list of lists of numbers'],
    [{ k: 'array', of: { k: 'enum', name: 'IpFamily' } }, 'a list of members of IpFamily'],
    [{ k: 'map', of: BOOLEAN }, 'an object of booleans'],
    [{ k: 'map', of: RULE }, 'an object of IngressRule objects'],
    [RULE, 'an IngressRule object'],
    [{ k: 'struct', name: 'aws.PublicNetworkOptions' }, 'a PublicNetworkOptions object'],
    [{ k: 'object', name: 'IVpc' }, 'an IVpc object'],
    [{ k: 'object', name: 'SubnetSelection' }, 'a SubnetSelection object'],
    [{ k: 'array', of: { k: 'object', name: 'IVpc' } }, 'a list of IVpc objects'],
    [{ k: 'array', of: { k: 'struct', name: 'aws.PublicNetworkOptions' } }, 'a list of PublicNetworkOptions objects'],
    [{ k: 'array', of: { k: 'any' } }, 'a list of values of any type'],
    [{ k: 'array', of: { k: 'extEnum', name: 'RetentionDays', primitive: 'number' } }, 'a list of members of RetentionDays'],
    [{ k: 'array', of: { k: 'map', of: STRING } }, 'a list of objects of strings'],
    [{ k: 'map', of: { k: 'array', of: { k: 'object', name: 'IVpc' } } }, 'an object of lists of IVpc objects'],
  ] as Array<[TypeSpec, string]>)('describeType(%j) is %j', (type, words) => {
    expect(describeType(type)).toBe(words);
  });

  test('describeValue, describeKind, literal', () => {
    expect([[1], null, 'ab', 5, NaN, {}, true, undefined].map(describeValue)).toEqual(['a list', 'null', 'the string "ab"', 'the number 5', 'NaN', 'an object', 'a boolean', 'undefined']);
    expect([[1], null, 'ab', 5, {}, undefined].map(describeKind)).toEqual(['a list', 'null', 'a string', 'a number', 'an object', 'undefined']);
    expect([undefined, 'a"b', { a: 1 }, Symbol('s')].map(literal)).toEqual(['undefined', '"a\\"b"', '{"a":1}', 'Symbol(s)']);
    expect(literal('x'.repeat(118))).toBe(`"${'x'.repeat(118)}"`);
    expect(literal('x'.repeat(119))).toBe(`"${'x'.repeat(116)}...`);
  });
});
