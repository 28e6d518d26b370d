/**
 * The naming refusals word for word (input, problem, fix, suggestion), the prefix each one
 * suggests, and every name a workspace derives. Mutation testing (issue 16) found naming.ts's
 * messages matched only by regular expressions, its suggested prefixes never compared, and the
 * fallback suggestion, token prefixes and the name claims of one owner never run.
 */
import { CoiledByocError, ValidationScope, plainScope } from '../../src/core/errors';
import { awsNames, checkName, checkWorkspaceName, claimNames, gcpNames, slugify } from '../../src/core/naming';

const scope = () => plainScope('App/Ws');
// A function, so that no scope is built while the file is collected (see docs/mutation.md).
const tokens = (): ValidationScope => ({ ...scope(), isUnresolved: (v: unknown) => typeof v === 'string' && v.includes('${Token[') });
const judged = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    const { input, problem, fix, suggestion } = e as CoiledByocError;
    return { input, problem, fix, suggestion };
  }
  throw new Error('expected an error');
};
const valueShown = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return (e as CoiledByocError).value;
  }
  throw new Error('expected an error');
};

const SLUG_RULE = 'a Coiled workspace slug has lowercase letters, digits, hyphens and underscores, and starts and ends with a letter or digit';
const ROLE = 'an IAM role name (at most 64 characters of letters, digits and +=,.@_-)';
const POLICY = 'an IAM managed policy name (at most 128 characters)';
const SA = 'a GCP service-account id (6-30 characters: lowercase letters, digits, hyphens; starts with a letter, ends with a letter or digit)';
const RFC1035 = 'a GCP resource name or network tag (RFC 1035: at most 63 characters, lowercase letters, digits and hyphens, starting with a letter)';
const VIA_DEFAULT = ' (with the default namePrefix "coiled-<workspace>")';

describe('checkWorkspaceName', () => {
  const required = { input: 'workspaceName', problem: 'the workspace name is required', fix: 'pass your Coiled workspace slug, e.g. "my-team"', suggestion: undefined };
  const notText = (what: string, fix: string, suggestion?: string) => ({
    input: 'workspaceName',
    problem: `the workspace name is text, not ${what}`,
    fix,
    suggestion: suggestion === undefined ? undefined : { input: 'workspaceName', value: suggestion },
  });
  const asString = 'pass your Coiled workspace slug as a string, e.g. "my-team"';

  test.each([
    ['undefined', undefined, required],
    ['null', null, required],
    ['empty', '', required],
    // A whole number is what a YAML file gives for an all-digit slug: suggested back as text.
    ['42', 42, notText('the number 42', 'write it as a string: "42"', '42')],
    ['0', 0, notText('the number 0', 'write it as a string: "0"', '0')],
    ['-1: no slug', -1, notText('the number -1', 'write it as a string: "-1"')],
    ['1.5: no slug', 1.5, notText('the number 1.5', 'write it as a string: "1.5"')],
    ['true', true, notText('a boolean', asString)],
    ['an object', {}, notText('an object', asString)],
    ['a list', ['my-team'], notText('a list', asString)],
    [
      '58 characters',
      'x'.repeat(58),
      { input: 'workspaceName', problem: 'the name has 58 characters; Coiled\'s instance role "coiled-<workspace>" must fit the 64-character IAM role-name limit, so at most 57', fix: 'use a shorter Coiled workspace', suggestion: undefined },
    ],
    ['a display name', 'My Team', { input: 'workspaceName', problem: SLUG_RULE, fix: 'use the slug shown in Coiled\'s workspace settings, e.g. "my-team"', suggestion: { input: 'workspaceName', value: 'my-team' } }],
    ['underscores around it', '__a__', { input: 'workspaceName', problem: SLUG_RULE, fix: 'use the slug shown in Coiled\'s workspace settings, e.g. "a"', suggestion: { input: 'workspaceName', value: 'a' } }],
    ['nothing to make a slug of', '!!!', { input: 'workspaceName', problem: SLUG_RULE, fix: 'use the slug shown in Coiled\'s workspace settings', suggestion: undefined }],
  ])('%s', (_, value, expected) => {
    expect(judged(() => checkWorkspaceName(scope(), value))).toEqual(expected);
  });

  test('a workspace name known only at deploy time is refused: fixed names derive from it', () => {
    expect(judged(() => checkWorkspaceName(tokens(), '${Token[W]}'))).toEqual({
      input: 'workspaceName',
      problem: 'the workspace name must be known at synth time: Coiled derives fixed resource names from it',
      fix: 'pass the workspace slug as a literal string, e.g. "my-team"',
      suggestion: undefined,
    });
  });

  test('57 characters and inner double hyphens pass', () => {
    expect(checkWorkspaceName(scope(), 'x'.repeat(57))).toBe('x'.repeat(57));
    expect(checkWorkspaceName(scope(), 'a--b')).toBe('a--b');
  });
});

describe('slugify', () => {
  test.each([
    ['Équipe Données', 'equipe-donnees'],
    ['ABC', 'abc'],
    ['a!!b', 'a-b'],
    ['a---b', 'a-b'],
    ['--a--', 'a'],
    ['_-a-_', 'a'],
    ['a_b', 'a_b'],
    ['!!!', undefined],
    ['a'.repeat(60), 'a'.repeat(57)],
    // Cut at 57 first, then the hyphen the cut leaves at the end is trimmed.
    [`${'x'.repeat(56)}-b`, 'x'.repeat(56)],
  ])('%j -> %j', (text, slug) => {
    expect(slugify(text)).toBe(slug);
  });

  test('a shorter maximum cuts before trimming', () => {
    expect(slugify('Équipe Données', 5)).toBe('equip');
    expect(slugify('abcd-ef', 5)).toBe('abcd');
  });
});

describe('awsNames', () => {
  const ok = (workspace: string, options: Parameters<typeof awsNames>[2]) => awsNames(scope(), workspace, options);

  test('every name, from a prefix and overrides', () => {
    expect(ok('a', { namePrefix: 'cx', instancePolicyName: 'P', controlPlaneRoleName: 'r' })).toEqual({
      instanceRoleName: 'coiled-a',
      instanceProfileName: 'coiled-a',
      logGroupName: 'a',
      instancePolicyName: 'P',
      controlPlaneRoleName: 'r',
      ongoingPolicyName: 'cx-ongoing',
      setupPolicyName: 'cx-setup',
      capabilitiesPolicyName: 'cx-capabilities',
      secretsPolicyName: 'cx-secrets',
      schedulerSecurityGroupName: 'cx-scheduler',
      clusterSecurityGroupName: 'cx-cluster',
    });
  });

  test.each([
    [
      'an empty prefix',
      'a',
      { namePrefix: '' },
      { input: 'namePrefix', problem: 'the prefix of every free name is empty', fix: 'leave namePrefix out for "coiled-<workspace>", or give a short prefix', suggestion: { input: 'namePrefix', value: undefined } },
    ],
    [
      'a workspace too long for the default prefix',
      'x'.repeat(44),
      {},
      {
        input: 'workspaceName',
        problem: `the control-plane role name${VIA_DEFAULT} would be "coiled-${'x'.repeat(44)}-control-plane": 65 characters exceed the 64-character limit of ${ROLE}`,
        fix: `set namePrefix to "coiled-${'x'.repeat(43)}", or set controlPlaneRoleName`,
        suggestion: { input: 'namePrefix', value: `coiled-${'x'.repeat(43)}` },
      },
    ],
    [
      'a prefix too long for the control-plane role',
      'a',
      { namePrefix: 'p'.repeat(60) },
      {
        input: 'namePrefix',
        problem: `the control-plane role name would be "${'p'.repeat(60)}-control-plane": 74 characters exceed the 64-character limit of ${ROLE}`,
        fix: `set namePrefix to "${'p'.repeat(50)}", or set controlPlaneRoleName`,
        suggestion: { input: 'namePrefix', value: 'p'.repeat(50) },
      },
    ],
    // With the role named, the policies bound the prefix; the suggestion stays at 63 characters,
    // the most any name of either cloud takes.
    [
      'a prefix too long for the capabilities policy, the role named',
      'a',
      { namePrefix: 'p'.repeat(120), controlPlaneRoleName: 'cp' },
      {
        input: 'namePrefix',
        problem: `the capabilities policy name would be "${'p'.repeat(120)}-capabilities": 133 characters exceed the 128-character limit of ${POLICY}`,
        fix: `set namePrefix to "${'p'.repeat(63)}"`,
        suggestion: { input: 'namePrefix', value: 'p'.repeat(63) },
      },
    ],
    [
      'a prefix too long for the ongoing policy, the role named',
      'a',
      { namePrefix: 'p'.repeat(121), controlPlaneRoleName: 'cp' },
      {
        input: 'namePrefix',
        problem: `the ongoing policy name would be "${'p'.repeat(121)}-ongoing": 129 characters exceed the 128-character limit of ${POLICY}`,
        fix: `set namePrefix to "${'p'.repeat(63)}"`,
        suggestion: { input: 'namePrefix', value: 'p'.repeat(63) },
      },
    ],
    // EC2 reserves sg- for ids; the longest prefix that avoids it is one letter.
    [
      'a prefix that makes the security groups start with sg-',
      'a',
      { namePrefix: 'sg-x' },
      {
        input: 'namePrefix',
        problem: 'the scheduler security group name would be "sg-x-scheduler": not valid as a security group name (at most 255 characters, not starting with sg-)',
        fix: 'set namePrefix to "s", or set controlPlaneRoleName',
        suggestion: { input: 'namePrefix', value: 's' },
      },
    ],
    // Each run of characters IAM refuses becomes one hyphen.
    [
      'a prefix with spaces and punctuation',
      'a',
      { namePrefix: `my  team!!${'q'.repeat(60)}` },
      {
        input: 'namePrefix',
        problem: `the control-plane role name would be "my  team!!${'q'.repeat(60)}-control-plane": 84 characters exceed the 64-character limit of ${ROLE}`,
        fix: `set namePrefix to "my-team-${'q'.repeat(42)}", or set controlPlaneRoleName`,
        suggestion: { input: 'namePrefix', value: `my-team-${'q'.repeat(42)}` },
      },
    ],
    // No prefix of the user's text starts with a letter: "coiled-" goes in front, cut to 25
    // characters and stripped of the separators the cut leaves at its end.
    [
      'a prefix starting with a digit',
      'a',
      { namePrefix: `${'9'.repeat(16)}..${'z'.repeat(50)}` },
      {
        input: 'namePrefix',
        problem: `the control-plane role name would be "${'9'.repeat(16)}..${'z'.repeat(50)}-control-plane": 82 characters exceed the 64-character limit of ${ROLE}`,
        fix: `set namePrefix to "coiled-${'9'.repeat(16)}", or set controlPlaneRoleName`,
        suggestion: { input: 'namePrefix', value: `coiled-${'9'.repeat(16)}` },
      },
    ],
    [
      'a workspace too long for the instance role',
      'x'.repeat(58),
      { namePrefix: 'c' },
      { input: 'workspaceName', problem: `65 characters exceed the 64-character limit of ${ROLE}`, fix: 'use a shorter workspace name; Coiled requires the role to be named coiled-<workspace>', suggestion: undefined },
    ],
    // The instance role's alphabet takes a +; the log group's does not.
    [
      'a workspace the log group cannot take',
      'a+b',
      { namePrefix: 'c' },
      { input: 'workspaceName', problem: 'not valid as a CloudWatch log group name (at most 512 characters)', fix: 'use a workspace name of letters, digits, hyphens and underscores', suggestion: undefined },
    ],
    ['an instance policy name with a space', 'a', { instancePolicyName: 'Coiled Policy' }, { input: 'instancePolicyName', problem: `not valid as ${POLICY}`, fix: 'use letters, digits and +=,.@_- only', suggestion: undefined }],
    ['a control-plane role name with a space', 'a', { controlPlaneRoleName: 'a b' }, { input: 'controlPlaneRoleName', problem: `not valid as ${ROLE}`, fix: 'use at most 64 letters, digits and +=,.@_-', suggestion: undefined }],
  ])('%s', (_, workspace, options, expected) => {
    expect(judged(() => awsNames(scope(), workspace, options))).toEqual(expected);
  });

  // The longest prefix that fits is cut where the text has two hyphens: both go.
  test('a cut that ends in separators drops all of them', () => {
    expect(judged(() => awsNames(scope(), 'a', { namePrefix: `${'p'.repeat(48)}--${'q'.repeat(20)}` })).suggestion).toEqual({ input: 'namePrefix', value: 'p'.repeat(48) });
    // At the 63-character cap, with the role named, the policies would take much more.
    expect(judged(() => awsNames(scope(), 'a', { namePrefix: `${'p'.repeat(61)}--${'q'.repeat(60)}`, controlPlaneRoleName: 'cp' })).suggestion).toEqual({ input: 'namePrefix', value: 'p'.repeat(61) });
  });

  test('an empty prefix is shown as the empty string it is, on both clouds', () => {
    expect([valueShown(() => awsNames(scope(), 'a', { namePrefix: '' })), valueShown(() => gcpNames(scope(), 'a', { namePrefix: '' }))]).toEqual(['""', '""']);
  });

  test('every suggested prefix passes when fed back', () => {
    for (const namePrefix of ['p'.repeat(60), 'sg-x', `my  team!!${'q'.repeat(60)}`, `${'9'.repeat(16)}..${'z'.repeat(50)}`, `${'p'.repeat(48)}--${'q'.repeat(20)}`, `9${'+=,.@_-'.repeat(12)}`]) {
      const suggested = judged(() => awsNames(scope(), 'a', { namePrefix })).suggestion!.value as string;
      expect(ok('a', { namePrefix: suggested }).ongoingPolicyName).toBe(`${suggested}-ongoing`);
    }
  });

  test('a named control-plane role is not derived, so a workspace too long for the derived one passes', () => {
    expect(ok('x'.repeat(44), { controlPlaneRoleName: 'cp' }).controlPlaneRoleName).toBe('cp');
  });

  test('fixedOnly checks only the names Coiled fixes', () => {
    expect(ok('a', { namePrefix: 'p'.repeat(200), fixedOnly: true }).instanceRoleName).toBe('coiled-a');
    expect(judged(() => awsNames(scope(), 'x'.repeat(58), { fixedOnly: true })).input).toBe('workspaceName');
  });

  test('a prefix known only at deploy time passes unchecked', () => {
    expect(awsNames(tokens(), 'a', { namePrefix: '${Token[P]}' }).ongoingPolicyName).toBe('${Token[P]}-ongoing');
  });
});

describe('gcpNames', () => {
  // A prefix the network name (the first name checked) refuses, and the prefix suggested instead.
  const badNetworkName = (prefix: string, suggested: string) => ({
    input: 'namePrefix',
    problem: `the network name would be "${prefix}": not valid as ${RFC1035}`,
    fix: `set namePrefix to "${suggested}", or set controlPlaneServiceAccountId and dataServiceAccountId`,
    suggestion: { input: 'namePrefix', value: suggested },
  });

  test('every name, with both service accounts named', () => {
    const names = gcpNames(scope(), 'a_b', { controlPlaneServiceAccountId: 'cp-account', dataServiceAccountId: 'data-account' });
    expect({ ...names, firewallName: names.firewallName('x') }).toEqual({
      prefix: 'coiled-a-b',
      schedulerTag: 'coiled-a-b-scheduler',
      clusterTag: 'coiled-a-b-cluster',
      controlPlaneServiceAccountId: 'cp-account',
      dataServiceAccountId: 'data-account',
      controlPlaneRoleId: 'coiled_a_b',
      dataRoleId: 'coiled_a_b_data',
      networkName: 'coiled-a-b',
      subnetName: 'coiled-a-b-subnet',
      routerName: 'coiled-a-b-router',
      natName: 'coiled-a-b-nat',
      firewallName: 'coiled-a-b-x',
    });
  });

  test.each([
    [
      'an empty prefix',
      'a',
      { namePrefix: '' },
      { input: 'namePrefix', problem: 'the prefix of every name is empty', fix: 'leave namePrefix out for "coiled-<workspace>", or give a short prefix such as "coiled"', suggestion: { input: 'namePrefix', value: undefined } },
    ],
    [
      'a workspace too long for the data service account',
      'abcdefghijklmnopqrs',
      {},
      {
        input: 'workspaceName',
        problem: `the data service-account id${VIA_DEFAULT} would be "coiled-abcdefghijklmnopqrs-data": 31 characters exceed the 30-character limit of ${SA}`,
        fix: 'set namePrefix to "coiled-abcdefghijklmnopqr", or set controlPlaneServiceAccountId and dataServiceAccountId',
        suggestion: { input: 'namePrefix', value: 'coiled-abcdefghijklmnopqr' },
      },
    ],
    [
      'the same, the control-plane account named: only the other is offered',
      'abcdefghijklmnopqrstuvwx',
      { controlPlaneServiceAccountId: 'my-cp-sa' },
      {
        input: 'workspaceName',
        problem: `the data service-account id${VIA_DEFAULT} would be "coiled-abcdefghijklmnopqrstuvwx-data": 36 characters exceed the 30-character limit of ${SA}`,
        fix: 'set namePrefix to "coiled-abcdefghijklmnopqr", or set dataServiceAccountId',
        suggestion: { input: 'namePrefix', value: 'coiled-abcdefghijklmnopqr' },
      },
    ],
    [
      'both accounts named: the firewall rules bound the prefix, and no override is offered',
      'a'.repeat(40),
      { controlPlaneServiceAccountId: 'my-cp-sa', dataServiceAccountId: 'my-data-sa' },
      {
        input: 'workspaceName',
        problem: `the longest firewall rule name${VIA_DEFAULT} would be "coiled-${'a'.repeat(40)}-sched-ipv6-0123456789abcdef": 75 characters exceed the 63-character limit of ${RFC1035}`,
        fix: `set namePrefix to "coiled-${'a'.repeat(28)}"`,
        suggestion: { input: 'namePrefix', value: `coiled-${'a'.repeat(28)}` },
      },
    ],
    ['a prefix with capitals and an underscore', 'a', { namePrefix: 'Coiled_X' }, badNetworkName('Coiled_X', 'coiled-x')],
    ['a prefix with leading digits: they are dropped, and "team" alone is too short for a service account', 'a', { namePrefix: '12team' }, badNetworkName('12team', 'coiled-team')],
    ['a prefix with a run of spaces', 'a', { namePrefix: 'my  team' }, badNetworkName('my  team', 'my-team')],
    ['a prefix of digits only: "coiled" is offered', 'a', { namePrefix: '12345' }, badNetworkName('12345', 'coiled')],
    [
      'a prefix too short for a service account',
      'a',
      { namePrefix: 'abc' },
      {
        input: 'namePrefix',
        problem: `the control-plane service-account id would be "abc": 3 characters are fewer than the 6 required for ${SA}`,
        fix: 'set namePrefix to "coiled-abc", or set controlPlaneServiceAccountId and dataServiceAccountId',
        suggestion: { input: 'namePrefix', value: 'coiled-abc' },
      },
    ],
    [
      'a prefix too long for the firewall rules',
      'a',
      { namePrefix: 'p'.repeat(36) },
      {
        input: 'namePrefix',
        problem: `the longest firewall rule name would be "${'p'.repeat(36)}-sched-ipv6-0123456789abcdef": 64 characters exceed the 63-character limit of ${RFC1035}`,
        fix: `set namePrefix to "${'p'.repeat(25)}", or set controlPlaneServiceAccountId and dataServiceAccountId`,
        suggestion: { input: 'namePrefix', value: 'p'.repeat(25) },
      },
    ],
    [
      'a named control-plane account too short',
      'a',
      { controlPlaneServiceAccountId: 'abc' },
      { input: 'controlPlaneServiceAccountId', problem: `3 characters are fewer than the 6 required for ${SA}`, fix: 'use 6-30 lowercase letters, digits and hyphens, starting with a letter', suggestion: undefined },
    ],
    [
      'a named data account too short',
      'a',
      { dataServiceAccountId: 'abc' },
      { input: 'dataServiceAccountId', problem: `3 characters are fewer than the 6 required for ${SA}`, fix: 'use 6-30 lowercase letters, digits and hyphens, starting with a letter', suggestion: undefined },
    ],
    [
      'a custom role suffix with a hyphen',
      'a',
      { customRoleSuffix: 'v-2' },
      { input: 'customRoleSuffix', problem: 'a role-id suffix has 1-20 letters, digits, underscores or dots', fix: 'use e.g. "v2"', suggestion: { input: 'customRoleSuffix', value: 'v_2' } },
    ],
  ])('%s', (_, workspace, options, expected) => {
    expect(judged(() => gcpNames(scope(), workspace, options))).toEqual(expected);
  });

  test('every suggested prefix passes when fed back', () => {
    for (const namePrefix of ['12345', 'Coiled_X', 'p'.repeat(36), '12team', 'my  team', 'abc', `9-${'x'.repeat(40)}`, '-_-.']) {
      const suggested = judged(() => gcpNames(scope(), 'a', { namePrefix, customRoleSuffix: 'x'.repeat(20) })).suggestion!.value as string;
      expect(gcpNames(scope(), 'a', { namePrefix: suggested, customRoleSuffix: 'x'.repeat(20) }).networkName).toBe(suggested);
    }
  });

  test('a named service account is not derived from the prefix', () => {
    expect(gcpNames(scope(), 'a', { namePrefix: 'abcde', controlPlaneServiceAccountId: 'my-cp-sa' }).dataServiceAccountId).toBe('abcde-data');
  });

  // The value shown is what the user wrote at that input; the name built from it is in the problem.
  test.each([
    ['namePrefix', { namePrefix: 'coiled' }, 'ab', 'coiled', 'the firewall rule name', 'coiled'],
    ['workspaceName', {}, 'abcdef', 'abcdef', 'the firewall rule name (with the default namePrefix "coiled-<workspace>")', 'coiled-abcdef'],
  ])('a firewall rule name too long names %s and shows its value', (input, options, workspace, shown, what, prefix) => {
    const name = `${prefix}-${'y'.repeat(60)}`;
    expect(judged(() => gcpNames(scope(), workspace, options).firewallName('y'.repeat(60)))).toEqual({
      input,
      problem: `${what} would be "${name}": ${name.length} characters exceed the 63-character limit of ${RFC1035}`,
      fix: 'set a shorter namePrefix',
      suggestion: undefined,
    });
    expect(valueShown(() => gcpNames(scope(), workspace, options).firewallName('y'.repeat(60)))).toBe(`"${shown}"`);
  });

  test('a prefix known only at deploy time passes unchecked, and so do the firewall names built on it', () => {
    const names = gcpNames(tokens(), 'a', { namePrefix: '${Token[P]}' });
    expect([names.networkName, names.firewallName('y'.repeat(60))]).toEqual(['${Token[P]}', `\${Token[P]}-${'y'.repeat(60)}`]);
  });
});

describe('checkName and claimNames', () => {
  test('a name known only at deploy time passes unchecked', () => {
    expect(checkName(tokens(), 'gcpRfc1035', 'x', '${Token[N]}', 'fix')).toBe('${Token[N]}');
  });

  test('a workspace may claim its own names again; another may not', () => {
    const taken = new Map<string, string>();
    const claim = { input: 'namePrefix', inputValue: 'c', key: 'project/p/sa/coiled', name: 'coiled', where: 'project p', fix: 'set another namePrefix' };
    claimNames(plainScope('App/A'), taken, [claim]);
    expect(() => claimNames(plainScope('App/A'), taken, [claim])).not.toThrow();
    expect(judged(() => claimNames(plainScope('App/B'), taken, [claim]))).toEqual({
      input: 'namePrefix',
      problem: 'the workspace at \'App/A\' already creates "coiled" in project p, and the name must be unique there',
      fix: 'set another namePrefix',
      suggestion: undefined,
    });
  });
});
