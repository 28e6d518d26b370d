/**
 * Every refusal of the secret model word for word (code, input, the value shown, problem, fix,
 * suggestion), the length limits exactly at their edges, and the plaintext warnings. Mutation
 * testing (issue 16) found these matched only by code or regular expression: a secret value
 * echoed in an error, or a suggestion that does not pass, would not have been noticed.
 */
import { ErrorCode, ValidationScope, plainScope, renderValue } from '../../src/core/errors';
import { CoiledSecretOptions, SecretRegistry, checkSecretList, checkSecretOptions, planSecret, plaintextValueWarning } from '../../src/core/secrets';
import { libraryError } from '../util';

const scope = () => plainScope('App/Ws');
// A function, so that no scope is built while the file is collected (see docs/mutation.md).
const tokens = (): ValidationScope => ({ ...scope(), isUnresolved: (v: unknown) => typeof v === 'string' && v.includes('${Token[') });
const created = { adopted: false, generated: false };
const plan = (options: unknown, workspace = 'my-team', context = created, v = scope()) => planSecret(v, 'secrets[0]', workspace, options as CoiledSecretOptions, context);
const judged = (fn: () => unknown) => {
  const e = libraryError(fn);
  return { code: e.code, input: e.input, value: e.value, problem: e.problem, fix: e.fix, suggestion: e.suggestion };
};
/** The error shows the value rendered for one line (a secret value never). */
const expectRefusal = (fn: () => unknown, expected: { readonly value: unknown } & Record<string, unknown>) => expect(judged(fn)).toEqual({ ...expected, value: renderValue(expected.value) });

const NAME_RULE =
  "a secret name is a letter, then letters, digits and underscores: it must be valid in both AWS Secrets Manager and GCP Secret Manager, and without hyphens no two workspaces' secret ids (coiled-<workspace>-<name>) can ever be the same";
const VARIABLE_RULE = 'an environment variable name is a letter or underscore, then letters, digits and underscores, known at synth';
const PLAINTEXT = 'a literal value lands in plain text in the synthesized template (AWS) or in the Terraform configuration and state (GCP), where anyone who can read them can read the secret';

describe('the secrets list and each secret', () => {
  test.each([
    ['an object', { name: 'a' }],
    ['text', 'database_token'],
  ])('secrets as %s is refused', (_, secrets) => {
    expectRefusal(() => checkSecretList(scope(), secrets as never), {
      code: ErrorCode.INVALID_NAME,
      input: 'secrets',
      value: secrets,
      problem: 'secrets is a list of secrets',
      fix: "write secrets: [{ name: 'database_token' }]",
      suggestion: undefined,
    });
  });

  test('no secrets and an empty list are no secrets; a list is passed through', () => {
    const list = [{ name: 'a' }];
    expect([checkSecretList(scope(), undefined), checkSecretList(scope(), []), checkSecretList(scope(), list)]).toEqual([[], [], list]);
  });

  test.each([
    ['null', null],
    ['text', 'database_token'],
    ['a list', [{ name: 'a' }]],
    ['a number', 7],
  ])('a secret that is %s is refused', (_, options) => {
    expectRefusal(() => checkSecretOptions(scope(), 'secrets[1]', options), {
      code: ErrorCode.INVALID_NAME,
      input: 'secrets[1]',
      value: options,
      problem: 'a secret is an object with at least a name',
      fix: "write { name: 'database_token' }",
      suggestion: undefined,
    });
  });

  test('an object passes', () => {
    expect(() => checkSecretOptions(scope(), 'secrets[0]', { name: 'a' })).not.toThrow();
  });
});

describe('names', () => {
  const refused = (value: unknown, fix: string, suggestion?: string) => ({
    code: ErrorCode.INVALID_NAME,
    input: 'secrets[0].name',
    value,
    problem: NAME_RULE,
    fix,
    suggestion: suggestion === undefined ? undefined : { input: 'secrets[0].name', value: suggestion },
  });

  test.each([
    ['a hyphen', 'db-token', refused('db-token', 'use "db_token"', 'db_token')],
    ['leading digits and underscores are dropped', '12_token', refused('12_token', 'use "token"', 'token')],
    ['nothing usable', '123', refused('123', "use e.g. 'database_token'")],
    ['not text', 42, refused(42, "use e.g. 'database_token'")],
    ['missing', undefined, refused(undefined, "use e.g. 'database_token'")],
  ])('%s', (_, name, expected) => {
    expectRefusal(() => plan({ name }), expected);
  });

  // Secret Manager ids have at most 255 characters, "coiled-my-team-" takes 15.
  test('240 characters pass with workspace my-team; 241 are refused with the cut suggested', () => {
    expect(plan({ name: 'a'.repeat(240) }).gcpSecretId).toHaveLength(255);
    expectRefusal(() => plan({ name: 'a'.repeat(241) }), {
      code: ErrorCode.INVALID_NAME,
      input: 'secrets[0].name',
      value: 'a'.repeat(241),
      problem: '241 characters: GCP Secret Manager ids have at most 255 characters, so with "coiled-my-team-" in front the name can have at most 240',
      fix: 'shorten the name to 240 characters or fewer',
      suggestion: { input: 'secrets[0].name', value: 'a'.repeat(240) },
    });
  });

  test('an invalid name too long is suggested already cut to the limit', () => {
    expect(judged(() => plan({ name: `${'a'.repeat(245)}-x` })).suggestion).toEqual({ input: 'secrets[0].name', value: 'a'.repeat(240) });
  });

  test('a name known only at deploy time is refused: the names and the hand-off derive from it', () => {
    expectRefusal(() => plan({ name: '${Token[N]}' }, 'my-team', created, tokens()), {
      code: ErrorCode.INVALID_NAME,
      input: 'secrets[0].name',
      value: '${Token[N]}',
      problem: 'a secret name must be known at synth: the secret names and the hand-off derive from it',
      fix: "write the name as a literal string, e.g. 'database_token'",
      suggestion: undefined,
    });
  });
});

describe('environment variable and description', () => {
  const variable = (value: unknown) => ({
    code: ErrorCode.INVALID_NAME,
    input: 'secrets[0].environmentVariable',
    value,
    problem: VARIABLE_RULE,
    fix: 'use e.g. "DB_TOKEN_SECRET_NAME"',
    suggestion: { input: 'secrets[0].environmentVariable', value: 'DB_TOKEN_SECRET_NAME' },
  });

  test.each([
    ['a hyphen', 'DB-TOKEN'],
    ['a leading digit', '1DB'],
    ['not text', 7],
    ['a list holding a valid name', ['DB_TOKEN']],
  ])('an environment variable with %s is refused, the default suggested', (_, environmentVariable) => {
    expectRefusal(() => plan({ name: 'db_token', environmentVariable }), variable(environmentVariable));
  });

  test('an environment variable known only at deploy time is refused (the hand-off prints it)', () => {
    expectRefusal(() => plan({ name: 'db_token', environmentVariable: '${Token[E]}' }, 'my-team', created, tokens()), variable('${Token[E]}'));
  });

  test('a leading underscore and lower case are valid', () => {
    expect(plan({ name: 'db_token', environmentVariable: '_db_token' }).environmentVariable).toBe('_db_token');
  });

  test('a description of 2,048 characters passes; 2,049, or one that is not text, is refused', () => {
    expect(plan({ name: 'a', description: 'd'.repeat(2048) }).description).toHaveLength(2048);
    for (const description of ['d'.repeat(2049), 5]) {
      expectRefusal(() => plan({ name: 'a', description }), {
        code: ErrorCode.INVALID_DESCRIPTION,
        input: 'secrets[0].description',
        value: description,
        problem: "a secret's description is a string of at most 2048 characters (Secrets Manager's limit)",
        fix: 'shorten the description, or leave it out',
        suggestion: { input: 'secrets[0].description', value: undefined },
      });
    }
  });

  test('a description known only at deploy time passes unchecked', () => {
    expect(plan({ name: 'a', description: '${Token[D]}' }, 'my-team', created, tokens()).description).toBe('${Token[D]}');
  });
});

describe('values: never shown, in plain text only when asked for', () => {
  const leaveOut = { input: 'secrets[0].value', value: undefined };

  test.each([
    ['adopted', { adopted: true, generated: false }, 'an adopted secret keeps its own value: the workspace does not write one'],
    ['generated', { adopted: false, generated: true }, 'a generated secret gets its value from the secret service; value would replace it'],
  ])('a value for an %s secret', (_, context, problem) => {
    expectRefusal(() => plan({ name: 'a', value: 'hunter2', allowPlaintextValue: true }, 'my-team', context), {
      code: ErrorCode.CONFLICTING_OPTIONS,
      input: 'secrets[0].value',
      value: '(value not shown)',
      problem,
      fix: 'leave value out',
      suggestion: leaveOut,
    });
  });

  test.each([
    ['empty', '', '""'],
    ['a number', 42, '(a number, not shown)'],
    ['an object', { a: 1 }, '(an object, not shown)'],
    ['a list', ['hunter2'], '(a list, not shown)'],
    ['null', null, '(null, not shown)'],
  ])('a value that is %s', (_, value, shown) => {
    expectRefusal(() => plan({ name: 'a', value, allowPlaintextValue: true }), {
      code: ErrorCode.INVALID_SECRET_VALUE,
      input: 'secrets[0].value',
      value: shown,
      problem: 'a secret value is a non-empty string',
      fix: 'leave value out and set it after deploying with the command the hand-off prints',
      suggestion: leaveOut,
    });
  });

  test('a literal value without the opt-in', () => {
    expectRefusal(() => plan({ name: 'a', value: 'hunter2' }), {
      code: ErrorCode.PLAINTEXT_SECRET_VALUE,
      input: 'secrets[0].value',
      value: '(value not shown)',
      problem: PLAINTEXT,
      fix: 'leave value out and set it after deploying with the command `coiled-byoc handoff` prints; or, knowing where it lands, set allowPlaintextValue: true',
      suggestion: leaveOut,
    });
  });

  test('a value known only at deploy time still needs the opt-in, and with it is in the template', () => {
    expect(judged(() => plan({ name: 'a', value: '${Token[V]}' }, 'my-team', created, tokens())).code).toBe(ErrorCode.PLAINTEXT_SECRET_VALUE);
    expect(plan({ name: 'a', value: '${Token[V]}', allowPlaintextValue: true }, 'my-team', created, tokens()).valueSource).toBe('in-template');
  });

  test('the opt-in without a value', () => {
    expectRefusal(() => plan({ name: 'a', allowPlaintextValue: true }), {
      code: ErrorCode.CONFLICTING_OPTIONS,
      input: 'secrets[0].allowPlaintextValue',
      value: true,
      problem: 'allowPlaintextValue accepts a value, but no value is given',
      fix: 'leave allowPlaintextValue out',
      suggestion: { input: 'secrets[0].allowPlaintextValue', value: undefined },
    });
  });

  test('allowPlaintextValue false with no value is no opt-in', () => {
    expect(plan({ name: 'a', allowPlaintextValue: false }).valueSource).toBe('set-after-deploy');
  });

  test('the plaintext warnings name the secret and where its value lands', () => {
    const p = plan({ name: 'db', value: 'hunter2', allowPlaintextValue: true });
    expect(plaintextValueWarning(p, 'template')).toBe(
      'the value of secret "db" (coiled/my-team/db) is written in plain text into the CloudFormation template: anyone who can read cdk.out or the stack\'s template in CloudFormation can read it. Leave value out and set it after deploying to keep it out.',
    );
    expect(plaintextValueWarning(p, 'state')).toBe(
      'the value of secret "db" (coiled-my-team-db) is written in plain text into cdk.tf.json and Terraform state: anyone who can read them can read it. Leave value out and set it after deploying (gcloud secrets versions add) to keep it out.',
    );
    expect(plaintextValueWarning(p, 'state')).not.toContain('hunter2');
  });
});

describe('one workspace\'s secrets', () => {
  test.each([
    ['the same name', 'db', 'the workspace already has a secret named "db"'],
    ['a name that differs only in case', 'DB', 'the workspace already has a secret named "db" (names are compared without case)'],
  ])('%s', (_, second, problem) => {
    const registry = new SecretRegistry();
    registry.claim(scope(), 'secrets[0]', plan({ name: 'db' }));
    expectRefusal(() => registry.claim(scope(), 'secrets[1]', plan({ name: second, environmentVariable: 'OTHER' })), {
      code: ErrorCode.NAME_COLLISION,
      input: 'secrets[1].name',
      value: second,
      problem,
      fix: 'give each secret of a workspace its own name',
      suggestion: { input: 'secrets[1].name', value: `${second}_2` },
    });
  });

  test('the same environment variable', () => {
    const registry = new SecretRegistry();
    registry.claim(scope(), 'secrets[0]', plan({ name: 'db', environmentVariable: 'TOKEN' }));
    expectRefusal(() => registry.claim(scope(), 'secrets[1]', plan({ name: 'api', environmentVariable: 'TOKEN' })), {
      code: ErrorCode.NAME_COLLISION,
      input: 'secrets[1].environmentVariable',
      value: 'TOKEN',
      problem: 'the secret "db" already passes its name in TOKEN: one would overwrite the other in environ',
      fix: 'give this secret another environmentVariable',
      suggestion: undefined,
    });
  });

  test('distinct secrets are counted', () => {
    const registry = new SecretRegistry();
    registry.claim(scope(), 'secrets[0]', plan({ name: 'db' }));
    registry.claim(scope(), 'secrets[1]', plan({ name: 'api' }));
    expect(registry.size).toBe(2);
  });
});
