/**
 * The secrets part of the hand-off: the stack output that lists a workspace's secrets, reading it
 * back (every field's shape checked, since the file comes from outside), and what the `handoff`
 * command prints for them: the command that sets each value, the `environ={...}` that passes only
 * the names to `coiled.Cluster`, and the Python that reads the values on the cluster.
 *
 * Commands: `aws secretsmanager put-secret-value` (AWS CLI v2; `file://` loads a parameter from a
 * file, here standard input) and `gcloud secrets versions add --data-file=-` (reads standard
 * input), so a value never passes through shell history or a process listing; every value in them
 * goes through the hand-off's one quoting function. Python:
 * boto3's `get_secret_value` and google-cloud-secret-manager's `access_secret_version`.
 */
import { Handoff, shellQuote } from './handoff';
import { gcpProjectIdSource } from './naming';
import { SecretValueSource, SecretValueSourceValue } from './secrets';

/** One secret as the stack outputs it and the hand-off reads it. */
export interface HandoffSecret {
  /** The name within the workspace. */
  readonly name: string;
  /**
   * What the cluster is told: AWS, the secret's name (or its ARN when adopted by ARN); GCP, its
   * resource name `projects/<project>/secrets/<id>`.
   */
  readonly secretId: string;
  /** The environment variable that carries `secretId`. */
  readonly environmentVariable: string;
  readonly value: SecretValueSourceValue;
}

export interface HandoffSecrets {
  readonly entries: HandoffSecret[];
  /** The list was too long for a stack output; the stack wrote a note instead. */
  readonly tooLong: boolean;
}

/** What the stack writes instead of the list when it would not fit an output. */
export const SECRETS_TOO_LONG_NOTE = 'too long for an output: see the secrets of the workspace in your app';

/** The output's value: the list as JSON. */
export function secretsOutputValue(entries: HandoffSecret[]): string {
  return JSON.stringify(entries.map((e) => ({ name: e.name, secretId: e.secretId, environmentVariable: e.environmentVariable, value: e.value })));
}

/** A problem with the secrets output, said in one line (the caller turns it into its input error). */
export class SecretsOutputError extends Error {}

/**
 * Reads the secrets output back; undefined when the stack has none. Throws SecretsOutputError
 * when the output is not what the stack writes.
 */
export function parseSecretsOutput(cloud: 'aws' | 'gcp', value: unknown): HandoffSecrets | undefined {
  // The shapes are built per call, not when the module loads, so that mutation testing ties each
  // to the tests that read it (docs/mutation.md).
  const name = /^[A-Za-z][A-Za-z0-9_]{0,254}$/;
  const variable = /^[A-Za-z_][A-Za-z0-9_]{0,254}$/;
  const awsSecretName = /^[A-Za-z0-9/_+=.@-]{1,512}$/;
  const awsSecretArn = /^arn:aws(-[a-z]+)*:secretsmanager:[a-z]{2}(-[a-z]+)+-\d{1,2}:\d{12}:secret:[A-Za-z0-9/_+=.@-]{1,512}$/;
  const gcpSecretName = new RegExp(`^projects/${gcpProjectIdSource()}/secrets/[A-Za-z0-9_-]{1,255}$`);
  const valueSources: readonly string[] = Object.values(SecretValueSource);
  if (value === undefined || value === null) return undefined;
  if (value === SECRETS_TOO_LONG_NOTE) return { entries: [], tooLong: true };
  let parsed: unknown = value;
  if (typeof value === 'string') {
    try {
      parsed = JSON.parse(value);
    } catch {
      // Not JSON: it stays text, which the next line refuses as not a list.
    }
  }
  if (!Array.isArray(parsed)) throw new SecretsOutputError('not the JSON list of secrets the stack writes');
  const entries = parsed.map((entry, i): HandoffSecret => {
    const e = (entry ?? {}) as Record<string, unknown>;
    const field = (key: string, valid: (v: string) => boolean, what: string): string => {
      const v = e[key];
      if (typeof v !== 'string' || !valid(v)) throw new SecretsOutputError(`secret ${i + 1}: ${key} is not ${what}`);
      return v;
    };
    const secretId =
      cloud === 'aws'
        ? field('secretId', (v) => (v.startsWith('arn:') ? awsSecretArn.test(v) : awsSecretName.test(v)), 'a Secrets Manager secret name or ARN')
        : field('secretId', (v) => gcpSecretName.test(v), 'a Secret Manager resource name (projects/<project>/secrets/<id>)');
    return {
      name: field('name', (v) => name.test(v), 'a secret name (a letter, then letters, digits and underscores)'),
      secretId,
      environmentVariable: field('environmentVariable', (v) => variable.test(v), 'an environment variable name'),
      value: field('value', (v) => valueSources.includes(v), `one of ${valueSources.join(', ')}`) as SecretValueSourceValue,
    };
  });
  return { entries, tooLong: false };
}

/** A Python string literal (the values are checked: printable ASCII, no backslashes needed beyond JSON's). */
function pyString(value: string): string {
  return JSON.stringify(value);
}

/**
 * The Python variable each secret's value is read into: its name in lower case, with `_value`
 * appended when that would shadow a keyword or a name the snippet uses, again while it is another
 * secret's name (`os` beside `os_value`). Names are unique without case (SecretRegistry), so two
 * renamed variables never meet.
 */
function pythonVariables(entries: readonly HandoffSecret[]): string[] {
  const keywords = new Set(
    'and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield'.split(' '),
  );
  const snippetNames = new Set(['os', 'boto3', 'secretmanager', 'read_secret', 'environ', 'coiled', 'cluster']);
  const names = new Set(entries.map((s) => s.name.toLowerCase()));
  return entries.map((s) => {
    let variable = s.name.toLowerCase();
    if (!keywords.has(variable) && !snippetNames.has(variable)) return variable;
    do {
      variable += '_value';
    } while (names.has(variable));
    return variable;
  });
}

/** The region a secret lives in: an ARN's own, otherwise the workspace's. */
function awsRegionOf(secret: HandoffSecret, workspaceRegion: string): string {
  return secret.secretId.startsWith('arn:') ? secret.secretId.split(':')[3] : workspaceRegion;
}

/** The command that sets a secret's value, reading it from standard input. */
export function setValueCommand(h: Handoff, secret: HandoffSecret): string {
  if (h.cloud === 'aws') {
    return `aws secretsmanager put-secret-value --region ${shellQuote(awsRegionOf(secret, h.region))} --secret-id ${shellQuote(secret.secretId)} --secret-string file:///dev/stdin`;
  }
  const [, project, , id] = secret.secretId.split('/');
  return `gcloud secrets versions add ${shellQuote(id)} --project=${shellQuote(project)} --data-file=-`;
}

/** What the section says about a secret's value, by where it comes from. */
function valueState(value: SecretValueSourceValue): string {
  const states: Record<SecretValueSourceValue, string> = {
    'set-after-deploy': 'empty until you set it:',
    'generated': 'generated by Secrets Manager at deploy, seen by nobody; to replace it:',
    'in-template': 'written by the stack from your app (in plain text there, as you allowed); change it in the app, or set it:',
    'existing': 'the adopted secret keeps its own value; to set a new one:',
  };
  return states[value];
}

/** The "Secrets" section of the hand-off (nothing when the workspace has none). */
export function renderSecrets(h: Handoff, section: number): string[] {
  if (!h.secrets) return [];
  const out = ['', `${section}. Secrets: the cluster is told each secret's name, never its value; only the cluster VMs' identity may read it.`];
  if (h.secrets.tooLong) {
    out.push('   The list was too long for a stack output: see the secrets of the workspace in your app.');
    return out;
  }
  const reader = h.cloud === 'aws' ? `role ${h.instanceProfileName} (secretsmanager:GetSecretValue on this secret only)` : `${h.dataServiceAccountEmail} (roles/secretmanager.secretAccessor on this secret only)`;
  for (const secret of h.secrets.entries) {
    out.push('', `   ${secret.name}: ${secret.secretId}`, `     Read by: ${reader}`, `     Value: ${valueState(secret.value)}`, `       ${setValueCommand(h, secret)}`);
  }
  out.push(
    '',
    '   The commands read the value from standard input (pipe it in, or paste it and press Ctrl-D twice; a trailing newline',
    '   becomes part of the value), so it never reaches your shell history or a process listing.',
    '',
    '   Pass the names to your clusters (Coiled sees only the names):',
    '',
    ...indent(environSnippet(h)),
    '',
    `   Read the values on the cluster (${h.cloud === 'aws' ? 'boto3' : 'google-cloud-secret-manager'} must be in the software environment):`,
    '',
    ...indent(readSnippet(h)),
  );
  return out;
}

function indent(lines: string[]): string[] {
  return lines.map((l) => (l === '' ? '' : `     ${l}`));
}

/** Client side: `coiled.Cluster(environ=...)` with every secret's name. */
export function environSnippet(h: Handoff): string[] {
  const entries = h.secrets?.entries ?? [];
  return ['import coiled', '', 'environ = {', ...entries.map((s) => `    ${pyString(s.environmentVariable)}: ${pyString(s.secretId)},`), '}', 'cluster = coiled.Cluster(environ=environ)  # with your other arguments'];
}

/** Cluster side: a function that reads a secret with the VM's identity, and one call per secret. */
export function readSnippet(h: Handoff): string[] {
  const entries = h.secrets?.entries ?? [];
  const variables = pythonVariables(entries);
  if (h.cloud === 'aws') {
    return [
      'import os',
      '',
      'import boto3',
      '',
      '',
      'def read_secret(variable, region):',
      '    """On the cluster: the VM\'s own role reads the secret whose name the variable holds."""',
      '    client = boto3.client("secretsmanager", region_name=region)',
      '    return client.get_secret_value(SecretId=os.environ[variable])["SecretString"]',
      '',
      '',
      ...entries.map((s, i) => `${variables[i]} = read_secret(${pyString(s.environmentVariable)}, ${pyString(awsRegionOf(s, h.region))})`),
    ];
  }
  return [
    'import os',
    '',
    'from google.cloud import secretmanager',
    '',
    '',
    'def read_secret(variable):',
    '    """On the cluster: the VM\'s service account reads the secret whose resource name the variable holds."""',
    '    client = secretmanager.SecretManagerServiceClient()',
    '    response = client.access_secret_version(name=f"{os.environ[variable]}/versions/latest")',
    '    return response.payload.data.decode("utf-8")',
    '',
    '',
    ...entries.map((s, i) => `${variables[i]} = read_secret(${pyString(s.environmentVariable)})`),
  ];
}
