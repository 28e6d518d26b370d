/**
 * The secrets part of the hand-off (src/core/handoff-secrets.ts) on hand-built inputs: the output
 * the stack writes and reading it back (every field's shape at its edges, each refusal word for
 * word), the command that sets each value, the section's text line for line, the Python snippets
 * exactly, and the Python variable of every name that would shadow a keyword or the snippet's own
 * names. test/cli/handoff-secrets.test.ts runs the same through the command on the examples.
 */
import { AwsHandoff, GcpHandoff } from '../../src/core/handoff';
import { HandoffSecret, SECRETS_TOO_LONG_NOTE, SecretsOutputError, environSnippet, parseSecretsOutput, readSnippet, renderSecrets, secretsOutputValue, setValueCommand } from '../../src/core/handoff-secrets';

const AWS: AwsHandoff = {
  cloud: 'aws',
  workspaceName: 'my-team',
  region: 'us-east-1',
  controlPlaneRoleArn: 'arn:aws:iam::123456789012:role/coiled-my-team-control-plane',
  externalId: '7f3c9a1e5b2d8046c1e9f0a3b7d5c248',
  instanceProfileArn: 'arn:aws:iam::123456789012:instance-profile/coiled-my-team',
  instanceProfileName: 'coiled-my-team',
  vpcId: 'vpc-0aaaaaaaaaaaaaaaa',
  subnetIds: ['subnet-0aaaaaaaaaaaaaaaa'],
  schedulerSubnetIds: ['subnet-0aaaaaaaaaaaaaaaa'],
  workerSubnetIds: ['subnet-0aaaaaaaaaaaaaaaa'],
  schedulerSecurityGroupId: 'sg-0aaaaaaaaaaaaaaaa',
  clusterSecurityGroupId: 'sg-0bbbbbbbbbbbbbbbb',
  logGroupName: '/coiled/my-team',
  natPublicIps: [],
  giveWorkersPublicIp: false,
  useSchedulerPublicIp: true,
};

const GCP: GcpHandoff = {
  cloud: 'gcp',
  workspaceName: 'my-team',
  projectId: 'my-project-123456',
  region: 'us-east1',
  networkSelfLink: 'https://www.googleapis.com/compute/v1/projects/my-project-123456/global/networks/coiled-my-team',
  subnetSelfLink: 'https://www.googleapis.com/compute/v1/projects/my-project-123456/regions/us-east1/subnetworks/coiled-my-team',
  schedulerTag: 'coiled-my-team-scheduler',
  clusterTag: 'coiled-my-team-cluster',
  controlPlaneServiceAccountEmail: 'coiled-my-team@my-project-123456.iam.gserviceaccount.com',
  dataServiceAccountEmail: 'coiled-my-team-data@my-project-123456.iam.gserviceaccount.com',
  keyCreated: false,
  giveWorkersPublicIp: false,
  useSchedulerPublicIp: true,
};

const ARN = 'arn:aws:secretsmanager:eu-west-1:444455556666:secret:shared/api-Zx9Yw8';
const TOKEN: HandoffSecret = { name: 'database_token', secretId: 'coiled/my-team/database_token', environmentVariable: 'DATABASE_TOKEN_SECRET_NAME', value: 'set-after-deploy' };
const ADOPTED: HandoffSecret = { name: 'API', secretId: ARN, environmentVariable: 'API_SECRET_NAME', value: 'existing' };
const GCP_TOKEN: HandoffSecret = { name: 'database_token', secretId: 'projects/my-project-123456/secrets/coiled-my-team-database_token', environmentVariable: 'DATABASE_TOKEN_SECRET_NAME', value: 'in-template' };
const GCP_ADOPTED: HandoffSecret = { name: 'org_token', secretId: 'projects/example.com:shared-secrets/secrets/org-token', environmentVariable: 'ORG_TOKEN', value: 'existing' };

const withSecrets = <H extends AwsHandoff | GcpHandoff>(h: H, entries: HandoffSecret[], tooLong = false): H => ({ ...h, secrets: { entries, tooLong } });
const valid = (cloud: 'aws' | 'gcp'): HandoffSecret => (cloud === 'aws' ? TOKEN : GCP_TOKEN);

/** The message parseSecretsOutput refuses the value with, or 'accepted'. */
function refusal(cloud: 'aws' | 'gcp', value: unknown): string {
  try {
    parseSecretsOutput(cloud, value);
  } catch (e) {
    if (e instanceof SecretsOutputError) return e.message;
    throw e;
  }
  return 'accepted';
}

describe('the output the stack writes', () => {
  test('a JSON list of the four fields, in this order, nothing else', () => {
    const extra = { ...TOKEN, description: 'not written' } as HandoffSecret;
    expect(secretsOutputValue([extra, ADOPTED])).toBe(
      '[{"name":"database_token","secretId":"coiled/my-team/database_token","environmentVariable":"DATABASE_TOKEN_SECRET_NAME","value":"set-after-deploy"},' +
        `{"name":"API","secretId":"${ARN}","environmentVariable":"API_SECRET_NAME","value":"existing"}]`,
    );
  });

  test('the note written instead of a list too long for an output', () => {
    expect(SECRETS_TOO_LONG_NOTE).toBe('too long for an output: see the secrets of the workspace in your app');
  });
});

describe('reading the output back', () => {
  test('what the stack writes reads back as it was, for both clouds', () => {
    expect(parseSecretsOutput('aws', secretsOutputValue([TOKEN, ADOPTED]))).toStrictEqual({ entries: [TOKEN, ADOPTED], tooLong: false });
    expect(parseSecretsOutput('gcp', secretsOutputValue([GCP_TOKEN, GCP_ADOPTED]))).toStrictEqual({ entries: [GCP_TOKEN, GCP_ADOPTED], tooLong: false });
  });

  test('a list already parsed (as terraform output -json gives it) reads the same; fields not written are dropped', () => {
    expect(parseSecretsOutput('aws', [{ ...TOKEN, extra: 'x' }])).toStrictEqual({ entries: [TOKEN], tooLong: false });
  });

  test('no output: no secrets; the note: too long; an empty list: none', () => {
    expect([parseSecretsOutput('aws', undefined), parseSecretsOutput('gcp', null), parseSecretsOutput('aws', SECRETS_TOO_LONG_NOTE), parseSecretsOutput('gcp', '[]')]).toStrictEqual([
      undefined,
      undefined,
      { entries: [], tooLong: true },
      { entries: [], tooLong: false },
    ]);
  });

  test.each<[string, unknown]>([
    ['text that is not JSON', '[{"name"'],
    ['the note, reworded', 'too long for an output'],
    ['a JSON object', '{"name":"x"}'],
    ['JSON null', 'null'],
    ['a JSON string', '"[]"'],
    ['a number', 5],
    ['an object', { name: 'x' }],
    ['true', true],
  ])('%s is not the list', (_, value) => {
    expect(refusal('aws', value)).toBe('not the JSON list of secrets the stack writes');
  });

  test('an entry that is not an object, or empty, is missing its secretId (checked first); a list given parsed is not parsed again', () => {
    expect([refusal('aws', [null]), refusal('aws', [{}]), refusal('aws', [secretsOutputValue([TOKEN]).slice(1, -1)]), refusal('gcp', ['x'])]).toEqual([
      'secret 1: secretId is not a Secrets Manager secret name or ARN',
      'secret 1: secretId is not a Secrets Manager secret name or ARN',
      'secret 1: secretId is not a Secrets Manager secret name or ARN',
      'secret 1: secretId is not a Secret Manager resource name (projects/<project>/secrets/<id>)',
    ]);
  });

  test('the entry is counted from 1; fields are checked name, environmentVariable, value after secretId', () => {
    expect([
      refusal('aws', [TOKEN, { ...TOKEN, name: '1x', environmentVariable: '1X', value: 'x' }]),
      refusal('aws', [TOKEN, TOKEN, { ...TOKEN, environmentVariable: '1X', value: 'x' }]),
      refusal('gcp', [{ ...GCP_TOKEN, value: 'x' }]),
    ]).toEqual([
      'secret 2: name is not a secret name (a letter, then letters, digits and underscores)',
      'secret 3: environmentVariable is not an environment variable name',
      'secret 1: value is not one of set-after-deploy, generated, in-template, existing',
    ]);
  });
});

const NAME = 'a secret name (a letter, then letters, digits and underscores)';
const VARIABLE = 'an environment variable name';
const AWS_ID = 'a Secrets Manager secret name or ARN';
const GCP_ID = 'a Secret Manager resource name (projects/<project>/secrets/<id>)';
const VALUE = 'one of set-after-deploy, generated, in-template, existing';
const arn = (region: string, account = '123456789012', resource = 'x', partition = 'aws') => `arn:${partition}:secretsmanager:${region}:${account}:secret:${resource}`;
const gcpName = (project: string, id = 'x') => `projects/${project}/secrets/${id}`;

describe.each<['aws' | 'gcp', keyof HandoffSecret, string, unknown[], unknown[]]>([
  ['aws', 'name', NAME, ['a', 'Z', 'xA9_z', `a${'b'.repeat(254)}`], ['', '_a', '1a', 'a-b', 'a b', 'x; rm -rf ~', `a${'b'.repeat(255)}`, 7]],
  ['gcp', 'name', NAME, ['a', `Z${'9'.repeat(254)}`], ['9a', `a${'b'.repeat(255)}`]],
  ['aws', 'environmentVariable', VARIABLE, ['_', 'A', 'z', '_aZ9_', `A${'B'.repeat(254)}`], ['', '1A', 'A-B', 'A\nB', ' A', `A${'B'.repeat(255)}`, null]],
  ['gcp', 'environmentVariable', VARIABLE, ['_X'], ['X.Y']],
  ['aws', 'value', VALUE, ['set-after-deploy', 'generated', 'in-template', 'existing'], ['plain', '', 'SET-AFTER-DEPLOY', 'existing ', ['existing']]],
  ['gcp', 'value', VALUE, ['set-after-deploy', 'existing'], ['exists']],
  [
    'aws',
    'secretId',
    AWS_ID,
    ['a', 'coiled/my-team/token', 'aZ09/_+=.@-', 'a'.repeat(512)],
    ['', 'a b', 'a'.repeat(513), 'coiled/$(curl evil)/x', 'a:b', 'arn:x', 'a\n', 42],
  ],
  [
    'aws',
    'secretId',
    AWS_ID,
    [
      arn('us-east-1', undefined, 'shared/api-Zx9Yw8'),
      arn('us-gov-west-1', undefined, 'x', 'aws-us-gov'),
      arn('us-isob-east-1', undefined, 'x', 'aws-iso-b'),
      arn('cn-north-1', undefined, 'x', 'aws-cn'),
      arn('ap-southeast-2', undefined, 'aZ09/_+=.@-'),
      arn('us-east-12'),
      arn('us-east-1', undefined, 'a'.repeat(512)),
    ],
    [
      'arn:aws:ssm:us-east-1:123456789012:parameter/x',
      arn('us-east-1', '12345678901'),
      arn('us-east-1', '1234567890123'),
      arn('us-east-1', '12345678901a'),
      arn('useast1'),
      arn('us-east'),
      arn('us-east-100'),
      arn('u-east-1'),
      arn('use-east-1'),
      arn('US-east-1'),
      arn('us-east-1', undefined, ''),
      arn('us-east-1', undefined, 'a'.repeat(513)),
      arn('us-east-1', undefined, 'x y'),
      arn('us-east-1', undefined, 'x', 'awsx'),
      arn('us-east-1', undefined, 'x', 'aws-'),
      arn('us-east-1', undefined, 'x', 'aws-US'),
      arn('us-east-1', undefined, 'x', 'aws-cn-1'),
      `arn:x:${arn('us-east-1')}`,
      'arn:aws:secretsmanager:us-east-1:123456789012:x',
    ],
  ],
  [
    'gcp',
    'secretId',
    GCP_ID,
    [
      gcpName('my-project-123456', 'coiled-my-team-database_token'),
      gcpName('abcdef'),
      gcpName(`a${'b'.repeat(28)}c`),
      gcpName('a12-4b', 'aZ09_-'),
      gcpName('my-project', 'a'.repeat(255)),
      // Domain-scoped projects, which the workspace accepts.
      gcpName('example.com:my-project'),
      gcpName('a:my-project'),
      gcpName('a1:my-project'),
      gcpName(`a${'-.'.repeat(30)}b9:my-project`),
    ],
    [
      'coiled-my-team-token',
      gcpName('abcde'),
      gcpName(`a${'b'.repeat(29)}c`),
      gcpName('1project'),
      gcpName('project-'),
      gcpName('My-project'),
      gcpName('my_project'),
      gcpName('my-project', ''),
      gcpName('my-project', 'a.b'),
      gcpName('my-project', 'a'.repeat(256)),
      gcpName('example.com:'),
      gcpName(':my-project'),
      gcpName('-a.com:my-project'),
      gcpName('a-:my-project'),
      gcpName('exa_mple.com:my-project'),
      gcpName('Example.com:my-project'),
      gcpName(`a${'b'.repeat(62)}c:my-project`),
      gcpName('a.com:b.com:my-project'),
      'projects/my-project/secret/x',
      'project/my-project/secrets/x',
      `${gcpName('my-project')}/versions/1`,
      `x/${gcpName('my-project')}`,
      `${gcpName('my-project')} `,
      ARN,
    ],
  ],
])('%s %s', (cloud, key, what, accepted, refused) => {
  test.each(accepted.map((v) => [v]))('%j is accepted', (value) => {
    expect(parseSecretsOutput(cloud, [{ ...valid(cloud), [key]: value }])).toStrictEqual({ entries: [{ ...valid(cloud), [key]: value }], tooLong: false });
  });

  test.each(refused.map((v) => [v]))('%j is refused', (value) => {
    expect(refusal(cloud, [{ ...valid(cloud), [key]: value }])).toBe(`secret 1: ${key} is not ${what}`);
  });
});

describe('the command that sets a value (read from standard input)', () => {
  test.each<[string, AwsHandoff | GcpHandoff, HandoffSecret, string]>([
    ['AWS, by name: the workspace region', AWS, TOKEN, "aws secretsmanager put-secret-value --region 'us-east-1' --secret-id 'coiled/my-team/database_token' --secret-string file:///dev/stdin"],
    ['AWS, by ARN: its own region', AWS, ADOPTED, `aws secretsmanager put-secret-value --region 'eu-west-1' --secret-id '${ARN}' --secret-string file:///dev/stdin`],
    ['GCP: the secret id in its project', GCP, GCP_TOKEN, "gcloud secrets versions add 'coiled-my-team-database_token' --project='my-project-123456' --data-file=-"],
    ['GCP: a domain-scoped project', GCP, GCP_ADOPTED, "gcloud secrets versions add 'org-token' --project='example.com:shared-secrets' --data-file=-"],
  ])('%s', (_, h, secret, command) => {
    expect(setValueCommand(h, secret)).toBe(command);
  });
});

const AWS_SECTION = `
6. Secrets: the cluster is told each secret's name, never its value; only the cluster VMs' identity may read it.

   database_token: coiled/my-team/database_token
     Read by: role coiled-my-team (secretsmanager:GetSecretValue on this secret only)
     Value: empty until you set it:
       aws secretsmanager put-secret-value --region 'us-east-1' --secret-id 'coiled/my-team/database_token' --secret-string file:///dev/stdin

   API: ${ARN}
     Read by: role coiled-my-team (secretsmanager:GetSecretValue on this secret only)
     Value: the adopted secret keeps its own value; to set a new one:
       aws secretsmanager put-secret-value --region 'eu-west-1' --secret-id '${ARN}' --secret-string file:///dev/stdin

   The commands read the value from standard input (pipe it in, or paste it and press Ctrl-D twice; a trailing newline
   becomes part of the value), so it never reaches your shell history or a process listing.

   Pass the names to your clusters (Coiled sees only the names):

     import coiled

     environ = {
         "DATABASE_TOKEN_SECRET_NAME": "coiled/my-team/database_token",
         "API_SECRET_NAME": "${ARN}",
     }
     cluster = coiled.Cluster(environ=environ)  # with your other arguments

   Read the values on the cluster (boto3 must be in the software environment):

     import os

     import boto3


     def read_secret(variable, region):
         """On the cluster: the VM's own role reads the secret whose name the variable holds."""
         client = boto3.client("secretsmanager", region_name=region)
         return client.get_secret_value(SecretId=os.environ[variable])["SecretString"]


     database_token = read_secret("DATABASE_TOKEN_SECRET_NAME", "us-east-1")
     api = read_secret("API_SECRET_NAME", "eu-west-1")`;

const GCP_SECTION = `
4. Secrets: the cluster is told each secret's name, never its value; only the cluster VMs' identity may read it.

   database_token: projects/my-project-123456/secrets/coiled-my-team-database_token
     Read by: coiled-my-team-data@my-project-123456.iam.gserviceaccount.com (roles/secretmanager.secretAccessor on this secret only)
     Value: written by the stack from your app (in plain text there, as you allowed); change it in the app, or set it:
       gcloud secrets versions add 'coiled-my-team-database_token' --project='my-project-123456' --data-file=-

   org_token: projects/example.com:shared-secrets/secrets/org-token
     Read by: coiled-my-team-data@my-project-123456.iam.gserviceaccount.com (roles/secretmanager.secretAccessor on this secret only)
     Value: the adopted secret keeps its own value; to set a new one:
       gcloud secrets versions add 'org-token' --project='example.com:shared-secrets' --data-file=-

   The commands read the value from standard input (pipe it in, or paste it and press Ctrl-D twice; a trailing newline
   becomes part of the value), so it never reaches your shell history or a process listing.

   Pass the names to your clusters (Coiled sees only the names):

     import coiled

     environ = {
         "DATABASE_TOKEN_SECRET_NAME": "projects/my-project-123456/secrets/coiled-my-team-database_token",
         "ORG_TOKEN": "projects/example.com:shared-secrets/secrets/org-token",
     }
     cluster = coiled.Cluster(environ=environ)  # with your other arguments

   Read the values on the cluster (google-cloud-secret-manager must be in the software environment):

     import os

     from google.cloud import secretmanager


     def read_secret(variable):
         """On the cluster: the VM's service account reads the secret whose resource name the variable holds."""
         client = secretmanager.SecretManagerServiceClient()
         response = client.access_secret_version(name=f"{os.environ[variable]}/versions/latest")
         return response.payload.data.decode("utf-8")


     database_token = read_secret("DATABASE_TOKEN_SECRET_NAME")
     org_token = read_secret("ORG_TOKEN")`;

describe('the Secrets section, line for line', () => {
  test('AWS: a created secret and one adopted by ARN in another region', () => {
    expect(renderSecrets(withSecrets(AWS, [TOKEN, ADOPTED]), 6).join('\n')).toBe(AWS_SECTION);
  });

  test('GCP: a secret written from the app and one adopted from a domain-scoped project', () => {
    expect(renderSecrets(withSecrets(GCP, [GCP_TOKEN, GCP_ADOPTED]), 4).join('\n')).toBe(GCP_SECTION);
  });

  test.each<[HandoffSecret['value'], string]>([
    ['set-after-deploy', 'empty until you set it:'],
    ['generated', 'generated by Secrets Manager at deploy, seen by nobody; to replace it:'],
    ['in-template', 'written by the stack from your app (in plain text there, as you allowed); change it in the app, or set it:'],
    ['existing', 'the adopted secret keeps its own value; to set a new one:'],
  ])('a %s value: "%s"', (value, state) => {
    expect(renderSecrets(withSecrets(AWS, [{ ...TOKEN, value }]), 6)[5]).toBe(`     Value: ${state}`);
  });

  test('a list too long for an output: the header and where to look instead', () => {
    expect(renderSecrets(withSecrets(GCP, [GCP_TOKEN], true), 5)).toEqual([
      '',
      "5. Secrets: the cluster is told each secret's name, never its value; only the cluster VMs' identity may read it.",
      '   The list was too long for a stack output: see the secrets of the workspace in your app.',
    ]);
  });

  test('no secrets: no section, and snippets without entries', () => {
    expect(renderSecrets(AWS, 6)).toEqual([]);
    expect(environSnippet(GCP)).toEqual(['import coiled', '', 'environ = {', '}', 'cluster = coiled.Cluster(environ=environ)  # with your other arguments']);
    expect(readSnippet(AWS).slice(-3)).toEqual(['    return client.get_secret_value(SecretId=os.environ[variable])["SecretString"]', '', '']);
    expect(readSnippet(GCP).slice(-3)).toEqual(['    return response.payload.data.decode("utf-8")', '', '']);
  });
});

const PYTHON_KEYWORDS = 'and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield'.split(' ');
const SNIPPET_NAMES = ['os', 'boto3', 'secretmanager', 'read_secret', 'environ', 'coiled', 'cluster'];
/** The variable readSnippet assigns each secret to, for both clouds (they must agree). */
function variables(names: string[]): string[] {
  const entries = names.map((name, i) => ({ ...TOKEN, name, environmentVariable: `V${i}` }));
  const aws = readSnippet(withSecrets(AWS, entries)).slice(-names.length).map((line) => line.split(' = ')[0]);
  const gcp = readSnippet(withSecrets(GCP, entries.map((e) => ({ ...e, secretId: GCP_TOKEN.secretId })))).slice(-names.length).map((line) => line.split(' = ')[0]);
  expect(gcp).toEqual(aws);
  return aws;
}

describe('the Python variable of each secret', () => {
  test.each([...PYTHON_KEYWORDS, ...SNIPPET_NAMES])('%s (a keyword or a name of the snippet) gets _value', (name) => {
    expect([...variables([name]), ...variables([name.toUpperCase()])]).toEqual([`${name}_value`, `${name}_value`]);
  });

  test.each([
    ['API_Key', 'api_key'],
    ['osx', 'osx'],
    ['passes', 'passes'],
    ['cluster2', 'cluster2'],
    ['boto', 'boto'],
    ['none', 'none'],
    ['True', 'true'],
    ['print', 'print'],
  ])('%s is lower-cased and kept', (name, variable) => {
    expect(variables([name])).toEqual([variable]);
  });

  test('a renamed variable never takes the name of another secret', () => {
    expect(variables(['os', 'os_value'])).toEqual(['os_value_value', 'os_value']);
    expect(variables(['pass_value', 'Pass', 'pass_value_value'])).toEqual(['pass_value', 'pass_value_value_value', 'pass_value_value']);
  });
});
