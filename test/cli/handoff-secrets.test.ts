/**
 * The secrets part of `coiled-byoc handoff`: the exact text printed for each example with secrets
 * (the command that sets the value, the environ={...} with only names, the Python that reads the
 * value on the cluster), the Python syntax-checked when a Python interpreter is present, and one-line
 * errors for a secrets output that is not what the stack writes.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { cdkOutputsFile, cdktfOutputsFile, terraformOutputJson } from './deployed-outputs';
import { REPO_ROOT, listExamples } from '../../scripts/lib/examples';
import { Io, run } from '../../src/cli/main';
import { AwsHandoff, GcpHandoff, parseOutputsFile, shellQuote } from '../../src/core/handoff';
import { HandoffSecret, environSnippet, readSnippet, setValueCommand } from '../../src/core/handoff-secrets';

function handoff(file: unknown): { code: number; out: string; err: string } {
  let out = '';
  let err = '';
  const io: Io = { out: (t) => (out += `${t}\n`), err: (t) => (err += `${t}\n`), readFile: () => JSON.stringify(file) };
  return { code: run(['handoff', 'out.json'], io), out, err };
}
const example = (cloud: 'aws' | 'gcp', name: string) => listExamples(cloud).find((e) => e.name === name)!;
const section = (out: string) => out.slice(out.indexOf('6. Secrets'));

const AWS_SECTION = `6. Secrets: the cluster is told each secret's name, never its value; only the cluster VMs' identity may read it.

   database_token: coiled/my-team/database_token
     Read by: role coiled-my-team (secretsmanager:GetSecretValue on this secret only)
     Value: empty until you set it:
       aws secretsmanager put-secret-value --region 'us-east-1' --secret-id 'coiled/my-team/database_token' --secret-string file:///dev/stdin

   The commands read the value from standard input (pipe it in, or paste it and press Ctrl-D twice; a trailing newline
   becomes part of the value), so it never reaches your shell history or a process listing.

   Pass the names to your clusters (Coiled sees only the names):

     import coiled

     environ = {
         "DATABASE_TOKEN_SECRET_NAME": "coiled/my-team/database_token",
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
`;

const GCP_SECTION = `6. Secrets: the cluster is told each secret's name, never its value; only the cluster VMs' identity may read it.

   database_token: projects/my-project-123456/secrets/coiled-my-team-database_token
     Read by: coiled-my-team-data@my-project-123456.iam.gserviceaccount.com (roles/secretmanager.secretAccessor on this secret only)
     Value: empty until you set it:
       gcloud secrets versions add 'coiled-my-team-database_token' --project='my-project-123456' --data-file=-

   The commands read the value from standard input (pipe it in, or paste it and press Ctrl-D twice; a trailing newline
   becomes part of the value), so it never reaches your shell history or a process listing.

   Pass the names to your clusters (Coiled sees only the names):

     import coiled

     environ = {
         "DATABASE_TOKEN_SECRET_NAME": "projects/my-project-123456/secrets/coiled-my-team-database_token",
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
`;

describe('the exact text for each example with a secret', () => {
  test('aws/data-access (cdk deploy --outputs-file)', () => {
    const { code, out, err } = handoff(cdkOutputsFile(example('aws', 'data-access')));
    expect([code, err]).toEqual([0, '']);
    expect(section(out)).toBe(AWS_SECTION);
  });

  test('gcp/data-access (cdktf output --outputs-file, and terraform output -json)', () => {
    for (const file of [cdktfOutputsFile(example('gcp', 'data-access')), terraformOutputJson(example('gcp', 'data-access'))]) {
      const { code, out, err } = handoff(file);
      expect([code, err]).toEqual([0, '']);
      expect(section(out)).toBe(GCP_SECTION);
    }
  });

  test.each(listExamples().filter((e) => e.name !== 'data-access').map((e) => [`${e.cloud}/${e.name}`, e] as const))('%s has no secrets: no section', (_, e) => {
    expect(handoff(e.cloud === 'aws' ? cdkOutputsFile(e) : cdktfOutputsFile(e)).out).not.toContain('Secrets');
  });
});

/** A hand-off parsed from the data-access example, with the secrets replaced. */
function withSecrets(cloud: 'aws' | 'gcp', entries: HandoffSecret[]): AwsHandoff | GcpHandoff {
  const file = cloud === 'aws' ? cdkOutputsFile(example('aws', 'data-access')) : cdktfOutputsFile(example('gcp', 'data-access'));
  const outputs: Record<string, unknown> = Object.values<any>(file)[0];
  outputs[cloud === 'aws' ? 'CoiledSecrets' : 'coiled_secrets'] = JSON.stringify(entries);
  return parseOutputsFile(file)[0];
}
const secret = (overrides: Partial<HandoffSecret>): HandoffSecret => ({ name: 'token', secretId: 'coiled/my-team/token', environmentVariable: 'TOKEN_SECRET_NAME', value: 'set-after-deploy', ...overrides });

describe('commands and snippets for every kind of secret', () => {
  test('AWS: a secret adopted by ARN in another region is set and read in its own region', () => {
    const arn = 'arn:aws:secretsmanager:eu-west-1:444455556666:secret:shared/api-Zx9Yw8';
    const h = withSecrets('aws', [secret({ secretId: arn, value: 'existing' })]);
    expect(setValueCommand(h, h.secrets!.entries[0])).toBe(`aws secretsmanager put-secret-value --region 'eu-west-1' --secret-id '${arn}' --secret-string file:///dev/stdin`);
    expect(readSnippet(h).at(-1)).toBe('token = read_secret("TOKEN_SECRET_NAME", "eu-west-1")');
  });

  test('GCP: a secret in another project is set in that project', () => {
    const h = withSecrets('gcp', [secret({ secretId: 'projects/shared-secrets-1/secrets/org-token', value: 'existing' })]);
    expect(setValueCommand(h, h.secrets!.entries[0])).toBe("gcloud secrets versions add 'org-token' --project='shared-secrets-1' --data-file=-");
  });

  test('what each value source says', () => {
    const sources: Array<[HandoffSecret['value'], RegExp]> = [
      ['set-after-deploy', /Value: empty until you set it:/],
      ['generated', /Value: generated by Secrets Manager at deploy, seen by nobody; to replace it:/],
      ['in-template', /Value: written by the stack from your app \(in plain text there, as you allowed\)/],
      ['existing', /Value: the adopted secret keeps its own value; to set a new one:/],
    ];
    for (const [value, text] of sources) expect(handoff(fileWith('aws', [secret({ value })])).out).toMatch(text);
  });

  test('Python variables never shadow a keyword or the snippet\'s own names', () => {
    const h = withSecrets('aws', ['pass', 'os', 'Read_Secret', 'API_key'].map((name) => secret({ name, environmentVariable: `${name.toUpperCase()}_SECRET_NAME` })));
    expect(readSnippet(h).slice(-4)).toEqual([
      'pass_value = read_secret("PASS_SECRET_NAME", "us-east-1")',
      'os_value = read_secret("OS_SECRET_NAME", "us-east-1")',
      'read_secret_value = read_secret("READ_SECRET_SECRET_NAME", "us-east-1")',
      'api_key = read_secret("API_KEY_SECRET_NAME", "us-east-1")',
    ]);
  });

  test('the stack wrote a note instead of a list that was too long', () => {
    const file = cdkOutputsFile(example('aws', 'data-access'));
    Object.values<any>(file)[0].CoiledSecrets = 'too long for an output: see the secrets of the workspace in your app';
    expect(handoff(file).out).toMatch(/6\. Secrets.*\n {3}The list was too long for a stack output/);
  });
});

function fileWith(cloud: 'aws' | 'gcp', entries: unknown): any {
  const file = cloud === 'aws' ? cdkOutputsFile(example('aws', 'data-access')) : cdktfOutputsFile(example('gcp', 'data-access'));
  Object.values<any>(file)[0][cloud === 'aws' ? 'CoiledSecrets' : 'coiled_secrets'] = typeof entries === 'string' ? entries : JSON.stringify(entries);
  return file;
}

describe('a secrets output that is not what the stack writes: one line on stderr, exit 1, nothing printed', () => {
  test.each<[string, 'aws' | 'gcp', unknown, RegExp]>([
    ['not JSON', 'aws', '[{"name"', /output CoiledSecrets: not the JSON list of secrets the stack writes/],
    ['not a list', 'aws', '{"name":"x"}', /not the JSON list of secrets/],
    ['a shell command for a name', 'aws', [secret({ name: 'x; rm -rf ~' })], /output CoiledSecrets: secret 1: name is not a secret name/],
    ['a command substitution for the secret id', 'aws', [secret({ secretId: 'coiled/$(curl evil)/x' })], /secretId is not a Secrets Manager secret name or ARN/],
    ['a newline in the environment variable', 'aws', [secret({ environmentVariable: 'A\nB' })], /environmentVariable is not an environment variable name/],
    ['an ARN of another service', 'aws', [secret({ secretId: 'arn:aws:ssm:us-east-1:123456789012:parameter/x' })], /secretId is not/],
    ['a GCP id without its project', 'gcp', [secret({ secretId: 'coiled-my-team-token' })], /projects\/<project>\/secrets\/<id>/],
    ['a value source nobody writes', 'gcp', [secret({ secretId: 'projects/my-project-123456/secrets/x', value: 'plain' as never })], /value is not one of set-after-deploy, generated, in-template, existing/],
    ['a missing field', 'aws', [{ name: 'x' }], /secretId is not/],
  ])('%s', (_, cloud, entries, message) => {
    const { code, out, err } = handoff(fileWith(cloud, entries));
    expect(code).toBe(1);
    expect(out).toBe('');
    expect(err.trim().split('\n')).toHaveLength(1);
    expect(err).toMatch(message);
  });
});

describe("shellQuote (the hand-off's one quoting function): one shell word, whatever the value", () => {
  test.each([
    ['coiled/my-team/token', "'coiled/my-team/token'"],
    ['arn:aws:secretsmanager:us-east-1:123456789012:secret:a-AbCdEf', "'arn:aws:secretsmanager:us-east-1:123456789012:secret:a-AbCdEf'"],
    ['a b', "'a b'"],
    ["it's", "'it'\\''s'"],
    ['$(id)', "'$(id)'"],
    ['x;y', "'x;y'"],
    ['', "''"],
  ])('%j -> %s', (value, quoted) => {
    expect(shellQuote(value)).toBe(quoted);
  });

  test('a shell reads each quoted value back as exactly one word, unchanged', () => {
    for (const value of ['a b', "it's", '$(id)', '`id`', 'x;y', '*', 'new\nline', '"q"', '\\']) {
      const echoed = spawnSync('sh', ['-c', `printf '%s' ${shellQuote(value)}`], { encoding: 'utf8' });
      expect(echoed.stdout).toBe(value);
    }
  });
});

/** `python3`, when this machine has one; the syntax checks skip cleanly otherwise. */
const PYTHON = ['python3', 'python'].find((bin) => spawnSync(bin, ['--version']).status === 0);
const pythonTest = PYTHON ? test : test.skip;
const syntaxErrors = (source: string) => {
  const result = spawnSync(PYTHON!, ['-c', 'import ast, sys; ast.parse(sys.stdin.read())'], { input: source, encoding: 'utf8' });
  return result.status === 0 ? '' : result.stderr;
};

describe(`Python snippets are valid Python (${PYTHON ?? 'no interpreter here: skipped'})`, () => {
  pythonTest('the hand-off snippets, for both clouds and awkward names', () => {
    const names = ['database_token', 'pass', 'os', 'X'];
    const handoffs = [
      withSecrets('aws', names.map((name) => secret({ name, environmentVariable: `${name.toUpperCase()}_VAR` }))),
      withSecrets('gcp', names.map((name) => secret({ name, secretId: `projects/my-project-123456/secrets/coiled-my-team-${name}`, environmentVariable: `${name.toUpperCase()}_VAR` }))),
    ];
    for (const h of handoffs) {
      expect(syntaxErrors(environSnippet(h).join('\n'))).toBe('');
      expect(syntaxErrors(readSnippet(h).join('\n'))).toBe('');
    }
  });

  pythonTest('every ```python block of the README and docs', () => {
    const files = ['README.md', ...fs.readdirSync(path.join(REPO_ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];
    const blocks = files.flatMap((f) => [...fs.readFileSync(path.join(REPO_ROOT, f), 'utf8').matchAll(/```python\n([\s\S]*?)```/g)].map((m) => ({ f, source: m[1] })));
    expect(blocks.length).toBeGreaterThanOrEqual(3);
    for (const { f, source } of blocks) expect({ f, errors: syntaxErrors(source) }).toEqual({ f, errors: '' });
  });

  test("the README's Python is what the hand-off prints for the data-access examples", () => {
    const readme = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
    const aws = parseOutputsFile(cdkOutputsFile(example('aws', 'data-access')))[0];
    const gcp = parseOutputsFile(cdktfOutputsFile(example('gcp', 'data-access')))[0];
    for (const snippet of [environSnippet(aws), readSnippet(aws), readSnippet(gcp)]) expect(readme).toContain(`\`\`\`python\n${snippet.join('\n')}\n\`\`\``);
    expect(readme).toContain(`\`\`\`bash\n${setValueCommand(aws, aws.secrets!.entries[0])}\n${setValueCommand(gcp, gcp.secrets!.entries[0])}\n\`\`\``);
  });

  pythonTest('the checker can fail: a broken snippet is reported', () => {
    expect(syntaxErrors('environ = {\n')).toMatch(/SyntaxError|was never closed/);
  });
});
