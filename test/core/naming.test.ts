import { CoiledByocError, plainScope } from '../../src/core/errors';
import { NAME_LIMITS, NameKind, awsNames, checkName, checkWorkspaceName, claimNames, gcpComputeLinkPattern, gcpNames, gcpProjectIdSource, nameProblem } from '../../src/core/naming';

const scope = () => plainScope('App/Ws');
const errorOf = (fn: () => unknown): CoiledByocError => {
  try {
    fn();
  } catch (e) {
    return e as CoiledByocError;
  }
  throw new Error('expected an error');
};

describe('checkWorkspaceName', () => {
  test.each(['my-team', 'a', 'team_1', 'x'.repeat(57)])('accepts %s', (name) => {
    expect(checkWorkspaceName(scope(), name)).toBe(name);
  });

  test.each([
    ['', /required/],
    ['My-Team', /e\.g\. "my-team"/],
    ['-team', /starts and ends/],
    ['team-', /starts and ends/],
    ['tëam', /lowercase letters/],
    ['x'.repeat(58), /64-character IAM role-name limit/],
    [42, /is text, not the number 42/],
  ])('rejects %j', (name, message) => {
    const err = errorOf(() => checkWorkspaceName(scope(), name));
    expect(err.code).toBe('INVALID_WORKSPACE_NAME');
    expect(err.message).toMatch(message);
  });

  test.each(['My Team', 'Data Science (EU)', 'Équipe_Données', ' team ', 'TEAM--1'])('the fix for %j suggests a slug that is itself valid', (name) => {
    const err = errorOf(() => checkWorkspaceName(scope(), name));
    expect(err.suggestion?.input).toBe('workspaceName');
    const suggested = err.suggestion!.value as string;
    expect(checkWorkspaceName(scope(), suggested)).toBe(suggested);
    expect(err.fix).toContain(`"${suggested}"`);
  });

  test('rejects a token: fixed names derive from it', () => {
    const tokens = { ...scope(), isUnresolved: () => true };
    expect(errorOf(() => checkWorkspaceName(tokens, '${Token[X]}')).message).toMatch(/known at synth time/);
  });
});

describe('awsNames', () => {
  test("derives Coiled's fixed names and workspace-scoped free names", () => {
    expect(awsNames(scope(), 'my-team')).toEqual({
      instanceRoleName: 'coiled-my-team',
      instanceProfileName: 'coiled-my-team',
      instancePolicyName: 'CoiledInstancePolicy',
      logGroupName: 'my-team',
      controlPlaneRoleName: 'coiled-my-team-control-plane',
      ongoingPolicyName: 'coiled-my-team-ongoing',
      setupPolicyName: 'coiled-my-team-setup',
      capabilitiesPolicyName: 'coiled-my-team-capabilities',
      secretsPolicyName: 'coiled-my-team-secrets',
      schedulerSecurityGroupName: 'coiled-my-team-scheduler',
      clusterSecurityGroupName: 'coiled-my-team-cluster',
    });
  });

  test('a control-plane role name over 64 characters fails and names the limit and the override', () => {
    const err = errorOf(() => awsNames(scope(), 'x'.repeat(44)));
    expect(err.code).toBe('INVALID_NAME');
    expect(err.message).toMatch(/65 characters exceed the 64-character limit of an IAM role name/);
    expect(err.fix).toMatch(/controlPlaneRoleName/);
  });

  test('namePrefix and controlPlaneRoleName override the free names', () => {
    const names = awsNames(scope(), 'x'.repeat(50), { namePrefix: 'cx', controlPlaneRoleName: 'coiled-cp' });
    expect(names.controlPlaneRoleName).toBe('coiled-cp');
    expect(names.ongoingPolicyName).toBe('cx-ongoing');
  });

  test('an instance policy name with a space fails', () => {
    expect(errorOf(() => awsNames(scope(), 'a', { instancePolicyName: 'Coiled Policy' })).message).toMatch(/not valid as an IAM managed policy name/);
  });
});

describe('gcpNames', () => {
  test('derives tags, service-account ids and role ids from the prefix', () => {
    const names = gcpNames(scope(), 'my_team');
    expect(names.schedulerTag).toBe('coiled-my-team-scheduler');
    expect(names.clusterTag).toBe('coiled-my-team-cluster');
    expect(names.controlPlaneServiceAccountId).toBe('coiled-my-team');
    expect(names.dataServiceAccountId).toBe('coiled-my-team-data');
    expect(names.controlPlaneRoleId).toBe('coiled_my_team');
    expect(names.dataRoleId).toBe('coiled_my_team_data');
    expect(names.firewallName('internal')).toBe('coiled-my-team-internal');
  });

  test("namePrefix 'coiled' gives exactly Coiled's own names", () => {
    const names = gcpNames(scope(), 'anything', { namePrefix: 'coiled' });
    expect([names.controlPlaneServiceAccountId, names.dataServiceAccountId, names.controlPlaneRoleId, names.dataRoleId]).toEqual(['coiled', 'coiled-data', 'coiled', 'coiled_data']);
  });

  test('a custom role suffix survives a destroy-then-apply', () => {
    const names = gcpNames(scope(), 'a', { namePrefix: 'coiled', customRoleSuffix: 'v2' });
    expect(names.controlPlaneRoleId).toBe('coiled_v2');
    expect(names.dataRoleId).toBe('coiled_data_v2');
  });

  test('a data service-account id over 30 characters fails naming the 6-30 limit', () => {
    const err = errorOf(() => gcpNames(scope(), 'abcdefghijklmnopqrs'));
    expect(err.message).toMatch(/31 characters exceed the 30-character limit of a GCP service-account id/);
    expect(err.fix).toMatch(/dataServiceAccountId/);
  });

  test('a short explicit service-account id fails naming the minimum', () => {
    expect(errorOf(() => gcpNames(scope(), 'a', { controlPlaneServiceAccountId: 'abc' })).message).toMatch(/fewer than the 6 required/);
  });

  test('a prefix too long for firewall names fails up front', () => {
    expect(errorOf(() => gcpNames(scope(), 'a', { namePrefix: 'p'.repeat(36) })).message).toMatch(/63-character limit/);
  });

  test('a network tag must start with a letter (RFC 1035)', () => {
    expect(() => checkName(scope(), 'gcpRfc1035', 'x', '1abc', 'fix')).toThrow(/RFC 1035/);
  });
});

describe('claimNames', () => {
  test('a second owner of the same name fails with both paths', () => {
    const taken = new Map<string, string>();
    const claim = { input: 'instancePolicyName', inputValue: undefined, key: '${Token[AWS.AccountId.8]}/policy/CoiledInstancePolicy', name: 'CoiledInstancePolicy', where: "the stack's account", fix: 'attach the first' };
    claimNames(plainScope('App/A'), taken, [claim]);
    const err = errorOf(() => claimNames(plainScope('App/B'), taken, [claim]));
    // What the user can read: the name and where, never a token.
    expect(err.message).toContain('"CoiledInstancePolicy" in the stack\'s account');
    expect(err.message).not.toContain('Token[');
    expect(err.code).toBe('NAME_COLLISION');
    expect(err.message).toContain("'App/A'");
    expect(err.message).toContain("at 'App/B'");
  });
});

describe('every kind of name is accepted exactly at its limits and refused one character past them', () => {
  // The first character is a letter so every pattern accepts it; the rest is a digit-free filler
  // that every alphabet shares.
  const nameOf = (length: number) => `a${'b'.repeat(Math.max(0, length - 1))}`.slice(0, length);
  const kinds = Object.entries(NAME_LIMITS).map(([kind, limit]) => ({ kind: kind as NameKind, max: limit.max, min: 'min' in limit ? limit.min : 1 }));

  test.each(kinds)('$kind: $max characters pass, $max + 1 fail', ({ kind, max }) => {
    expect(nameProblem(kind, nameOf(max))).toBeUndefined();
    expect(nameProblem(kind, nameOf(max + 1))).toMatch(new RegExp(`^${max + 1} characters exceed the ${max}-character limit`));
    expect(() => checkName(scope(), kind, 'x', nameOf(max + 1), 'shorten it')).toThrow(CoiledByocError);
  });

  test.each(kinds)('$kind: $min characters pass, one fewer fails', ({ kind, min }) => {
    expect(nameProblem(kind, nameOf(min))).toBeUndefined();
    expect(nameProblem(kind, nameOf(min - 1))).toMatch(new RegExp(`^${min - 1} characters are fewer than the ${min} required`));
  });

  test('a security-group name may not start with sg- (EC2 reserves it)', () => {
    expect(nameProblem('awsSecurityGroupName', 'sg-coiled')).toMatch(/not valid/);
    expect(nameProblem('awsSecurityGroupName', 'coiled-sg-1')).toBeUndefined();
  });
});

describe('customRoleSuffix: 1-20 letters, digits, underscores or dots', () => {
  test.each(['v2', 'a', 'x'.repeat(20), 'release_2.1'])('%s is accepted and ends both role ids', (suffix) => {
    const names = gcpNames(scope(), 'a', { namePrefix: 'coiled', customRoleSuffix: suffix });
    expect([names.controlPlaneRoleId, names.dataRoleId]).toEqual([`coiled_${suffix}`, `coiled_data_${suffix}`]);
  });

  test.each([
    ['x'.repeat(21), 'x'.repeat(20)],
    ['v-2', 'v_2'],
    ['two words', 'two_words'],
    ['---', '_'],
  ])('%j is refused, and the suggestion %j passes when fed back', (suffix, suggested) => {
    const err = errorOf(() => gcpNames(scope(), 'a', { namePrefix: 'coiled', customRoleSuffix: suffix }));
    expect([err.code, err.suggestion]).toEqual(['INVALID_NAME', { input: 'customRoleSuffix', value: suggested }]);
    expect(gcpNames(scope(), 'a', { namePrefix: 'coiled', customRoleSuffix: suggested }).dataRoleId).toBe(`coiled_data_${suggested}`);
  });

  test('a suffix that cleans to nothing usable is told to use "v2"', () => {
    const err = errorOf(() => gcpNames(scope(), 'a', { namePrefix: 'coiled', customRoleSuffix: '' }));
    expect(err.suggestion).toEqual({ input: 'customRoleSuffix', value: 'v2' });
  });

  test('a token suffix passes unchecked, and so do the role ids it ends', () => {
    // As CDK's and cdktf's Token.isUnresolved: a string that contains a token is unresolved.
    const tokens = { ...scope(), isUnresolved: (v: unknown) => typeof v === 'string' && v.includes('${Token[') };
    expect(gcpNames(tokens, 'a', { namePrefix: 'coiled', customRoleSuffix: '${Token[S]}' }).dataRoleId).toBe('coiled_data_${Token[S]}');
  });
});

// One definition of a GCP project id serves the workspace, the network links and the hand-off.
describe('GCP project ids and Compute Engine links', () => {
  const projectId = () => new RegExp(`^${gcpProjectIdSource()}$`);
  test.each([
    ['my-project-123456', true],
    ['abcdef', true], // 6 characters, the shortest
    ['a'.repeat(30), true], // 30, the longest
    ['abcde', false],
    ['a'.repeat(31), false],
    ['1project', false], // starts with a digit
    ['my-project-', false], // ends with a hyphen
    ['My-project', false],
    ['my_project', false],
    ['example.com:my-project', true], // a legacy domain-scoped project
    ['example.com:', false],
    [':my-project', false],
  ])('%s: %s', (id, accepted) => {
    expect(projectId().test(id)).toBe(accepted);
  });

  test.each([
    ['https://www.googleapis.com/compute/v1/projects/my-project-123456/global/networks/coiled', true],
    ['https://compute.googleapis.com/compute/beta/projects/my-project-123456/global/networks/coiled', true],
    ['projects/my-project-123456/global/networks/coiled', true],
    ['projects/example.com:my-project/global/networks/coiled', true],
    ['http://www.googleapis.com/compute/v1/projects/my-project-123456/global/networks/coiled', false],
    ['https://www.googleapis.com/compute/v2/projects/my-project-123456/global/networks/coiled', false],
    ['projects/my-project-123456/global/networks/coiled/extra', false],
    ['xprojects/my-project-123456/global/networks/coiled', false],
    ['projects/1bad/global/networks/coiled', false],
  ])('%s: %s', (link, accepted) => {
    expect(gcpComputeLinkPattern('global/networks/[a-z]+').test(link)).toBe(accepted);
  });
});
