/**
 * Reading an outputs file back, the parts a user meets when the file is not what they think it is:
 * the encodings Windows and Unix tools write, the three deploy tools' file shapes, several stacks in
 * one file, a stack of the other cloud, missing outputs, the ingress output in each form the stacks
 * write it and every way a rule in it can be wrong. Each refusal is pinned word for word: it is the
 * one line the user reads.
 */
import { HandoffInputError, decodeOutputsFile, displayText, parseOutputsFile } from '../../src/core/handoff';

const AWS_OUTPUTS = {
  CoiledCloud: 'aws',
  CoiledWorkspaceName: 'my-team',
  CoiledRegion: 'us-east-1',
  CoiledControlPlaneRoleArn: 'arn:aws:iam::123456789012:role/coiled-my-team-control-plane',
  CoiledExternalId: '7f3c9a1e5b2d8046c1e9f0a3b7d5c248',
  CoiledInstanceProfileArn: 'arn:aws:iam::123456789012:instance-profile/coiled-my-team',
  CoiledInstanceProfileName: 'coiled-my-team',
  CoiledVpcId: 'vpc-0123456789abcdef0',
  CoiledSubnetIds: 'subnet-0aaaaaaaaaaaaaaaa',
  CoiledSchedulerSecurityGroupId: 'sg-0123456789abcdef0',
  CoiledClusterSecurityGroupId: 'sg-0fedcba9876543210',
  CoiledLogGroupName: 'my-team',
};
const GCP_OUTPUTS = {
  coiled_cloud: 'gcp',
  coiled_workspace_name: 'my-team',
  coiled_project_id: 'my-project-123456',
  coiled_region: 'us-east1',
  coiled_network_self_link: 'https://www.googleapis.com/compute/v1/projects/my-project-123456/global/networks/coiled-my-team',
  coiled_subnet_self_link: 'https://www.googleapis.com/compute/v1/projects/my-project-123456/regions/us-east1/subnetworks/coiled-my-team-subnet',
  coiled_scheduler_network_tag: 'coiled-my-team-scheduler',
  coiled_cluster_network_tag: 'coiled-my-team-cluster',
  coiled_control_plane_service_account_email: 'coiled-my-team@my-project-123456.iam.gserviceaccount.com',
  coiled_data_service_account_email: 'coiled-my-team-data@my-project-123456.iam.gserviceaccount.com',
};
const terraformShape = (outputs: Record<string, unknown>) => Object.fromEntries(Object.entries(outputs).map(([k, value]) => [k, { value, type: 'string', sensitive: false }]));

function refusal(read: () => unknown): string {
  try {
    read();
  } catch (e) {
    if (e instanceof HandoffInputError) return e.message;
    throw e;
  }
  throw new Error('expected a HandoffInputError, and nothing was thrown');
}

describe('decodeOutputsFile: the encodings deploy tools and shells write', () => {
  const text = '{"a":"é"}';
  const le = Buffer.from(text, 'utf16le');
  const be = Buffer.from(text, 'utf16le').swap16();
  test.each([
    ['UTF-8', Buffer.from(text, 'utf8')],
    ['UTF-8 with a byte-order mark (removed)', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')])],
    ['UTF-16LE with a byte-order mark (Windows PowerShell `>`)', Buffer.concat([Buffer.from([0xff, 0xfe]), le])],
    ['UTF-16BE with a byte-order mark', Buffer.concat([Buffer.from([0xfe, 0xff]), be])],
    ['UTF-16LE without a byte-order mark (ASCII first, then zero)', le],
    ['UTF-16BE without a byte-order mark (zero first)', be],
  ])('%s', (_, bytes) => {
    expect(decodeOutputsFile(new Uint8Array(bytes))).toBe(text);
  });

  test.each([
    ['one byte', [0x37], '7'],
    ['nothing', [], ''],
    ['a byte-order mark and nothing else (UTF-8)', [0xef, 0xbb, 0xbf], ''],
    ['a byte-order mark and nothing else (UTF-16LE)', [0xff, 0xfe], ''],
    ['a byte-order mark and nothing else (UTF-16BE)', [0xfe, 0xff], ''],
    ['two UTF-8 bytes that only start like a byte-order mark', [0xef, 0xbb], undefined],
  ])('%s', (_, bytes, expected) => {
    if (expected === undefined) {
      expect(refusal(() => decodeOutputsFile(new Uint8Array(bytes)))).toBe('is neither UTF-8 nor UTF-16 text: give the JSON file your deploy tool wrote');
    } else {
      expect(decodeOutputsFile(new Uint8Array(bytes))).toBe(expected);
    }
  });

  test.each([
    ['invalid UTF-8', [0x7b, 0xff, 0x7d], 'is neither UTF-8 nor UTF-16 text: give the JSON file your deploy tool wrote'],
    ['UTF-16 with an odd number of bytes after its byte-order mark', [0xff, 0xfe, 0x7b], 'is cut off in the middle of a UTF-16 character: give the complete file'],
    ['UTF-16 without a byte-order mark and an odd number of bytes', [0x7b, 0x00, 0x7d], 'is cut off in the middle of a UTF-16 character: give the complete file'],
    ['UTF-16LE holding half a surrogate pair', [0xff, 0xfe, 0x00, 0xd8], 'is not valid UTF-16 text: give the JSON file your deploy tool wrote'],
    ['UTF-16BE holding half a surrogate pair', [0xfe, 0xff, 0xd8, 0x00], 'is not valid UTF-16 text: give the JSON file your deploy tool wrote'],
    ['UTF-32LE (read as UTF-16, it holds NULs)', [0x7b, 0x00, 0x00, 0x00], 'holds NUL characters (a binary or UTF-32 file): give the JSON file your deploy tool wrote'],
    ['UTF-8 holding a NUL', [0x7b, 0x7d, 0x00, 0x00], 'holds NUL characters (a binary or UTF-32 file): give the JSON file your deploy tool wrote'],
    ['a lone NUL byte (too short to be UTF-16)', [0x00], 'holds NUL characters (a binary or UTF-32 file): give the JSON file your deploy tool wrote'],
    ['half a UTF-16LE byte-order mark: 0xff, then not 0xfe', [0xff, 0x41], 'is neither UTF-8 nor UTF-16 text: give the JSON file your deploy tool wrote'],
    ['the other half: not 0xff, then 0xfe', [0x41, 0xfe], 'is neither UTF-8 nor UTF-16 text: give the JSON file your deploy tool wrote'],
    ['half a UTF-16BE byte-order mark: 0xfe, then not 0xff', [0xfe, 0x41], 'is neither UTF-8 nor UTF-16 text: give the JSON file your deploy tool wrote'],
    ['two zero bytes, then bytes UTF-8 refuses (not taken for UTF-16 without a byte-order mark)', [0x00, 0x00, 0xff, 0xff], 'is neither UTF-8 nor UTF-16 text: give the JSON file your deploy tool wrote'],
  ])('%s is refused', (_, bytes, message) => {
    expect(refusal(() => decodeOutputsFile(new Uint8Array(bytes)))).toBe(message);
  });

  test('the byte order decides which character two bytes are', () => {
    expect(decodeOutputsFile(new Uint8Array([0xff, 0xfe, 0x41, 0x30]))).toBe('\u3041');
    expect(decodeOutputsFile(new Uint8Array([0xfe, 0xff, 0x41, 0x30]))).toBe('\u4130');
  });
});

describe('displayText: nothing from a file can forge a line or recolour the terminal', () => {
  // Both sides of every range the hand-off escapes: the first and last character in it are shown
  // as escapes, their neighbours outside it are printed as they are.
  const escaped = ['\u0000', '\u001f', '\u007f', '\u009f', '\u00ad', '\u061c', '\u180e', '\u200b', '\u200f', '\u2028', '\u202e', '\u2060', '\u206f', '\ufeff', '\ufff9', '\ufffb'];
  const kept = [' ', '~', '\u00a0', '\u00ac', '\u00ae', '\u061b', '\u061d', '\u180d', '\u180f', '\u200a', '\u2010', '\u2027', '\u202f', '\u205f', '\u2070', '\ufefe', '\uff00', '\ufff8', '\ufffc'];
  test.each(escaped.map((c) => [c.charCodeAt(0).toString(16).padStart(4, '0'), c]))('U+%s is shown as an escape', (code, c) => {
    expect(displayText(`a${c}b`)).toBe(`a\\u${code}b`);
  });
  test.each(kept.map((c) => [c.charCodeAt(0).toString(16).padStart(4, '0'), c]))('U+%s is printed as it is', (_, c) => {
    expect(displayText(`a${c}b`)).toBe(`a${c}b`);
  });

  test('an ANSI colour sequence and a newline become visible text', () => {
    expect(displayText('\u001b[31mred\nnext')).toBe('\\u001b[31mred\\u000anext');
  });

  test.each([
    ['exactly the limit: kept whole', 'x'.repeat(20), 20, 'x'.repeat(20)],
    ['one over: cut to the limit, ending in ...', 'x'.repeat(21), 20, `${'x'.repeat(17)}...`],
    ['the default limit is 200', 'y'.repeat(200), undefined, 'y'.repeat(200)],
    ['over the default limit', 'y'.repeat(201), undefined, `${'y'.repeat(197)}...`],
    ['the limit counts the escapes, not the raw characters', '\u0000'.repeat(4), 20, `${'\\u0000'.repeat(2)}\\u000...`],
  ])('%s', (_, value, max, expected) => {
    expect(displayText(value, max)).toBe(expected);
  });

  test.each([
    ['a number', 7, '7'],
    ['an object', { a: [1] }, '{"a":[1]}'],
    ['null', null, 'null'],
    ['undefined', undefined, 'undefined'],
  ])('%s is shown as JSON', (_, value, expected) => {
    expect(displayText(value)).toBe(expected);
  });
});

describe('the file\'s shape', () => {
  test('a terraform output -json file is read through each output\'s value', () => {
    const [h] = parseOutputsFile(terraformShape({ ...GCP_OUTPUTS, coiled_give_workers_public_ip: false }));
    expect(h.cloud).toBe('gcp');
    expect(h.giveWorkersPublicIp).toBe(false);
  });

  test('a bad value in a terraform output -json file is said to be in the terraform outputs', () => {
    expect(refusal(() => parseOutputsFile(terraformShape({ ...GCP_OUTPUTS, coiled_region: 'us-east-1' })))).toBe('terraform outputs: output coiled_region = "us-east-1" is not a GCP region (e.g. us-east1)');
  });

  test('the error is a HandoffInputError by name too (what a stack trace shows)', () => {
    let error: unknown;
    try {
      parseOutputsFile([]);
    } catch (e) {
      error = e;
    }
    expect((error as Error).name).toBe('HandoffInputError');
  });

  test.each([
    ['a list', []],
    ['null', null],
    ['a bare value', 'x'],
    ['an object without value', { type: 'string' }],
  ])('a terraform output -json entry that is %s is refused, naming it', (_, entry) => {
    expect(refusal(() => parseOutputsFile({ ...terraformShape(GCP_OUTPUTS), 'bad\nkey': entry }))).toBe(
      'terraform outputs: output bad\\u000akey is not {"value": ...} as `terraform output -json` writes it',
    );
  });

  test('a coiled_cloud output that is not in {value} form makes the file a cdktf one, not a terraform one', () => {
    expect(refusal(() => parseOutputsFile({ coiled_cloud: null }))).toMatch(/^no Coiled workspace outputs found/);
    expect(refusal(() => parseOutputsFile({ coiled_cloud: 'gcp' }))).toMatch(/^no Coiled workspace outputs found/);
    expect(refusal(() => parseOutputsFile({ coiled_cloud: ['gcp'] }))).toMatch(/^no Coiled workspace outputs found/);
  });

  test('every workspace stack in a file is read, in the file\'s order; other stacks and values are passed over', () => {
    const handoffs = parseOutputsFile({
      Other: { BucketName: 'b' },
      First: { ...AWS_OUTPUTS, CoiledWorkspaceName: 'first' },
      scalar: 7,
      nothing: null,
      list: [AWS_OUTPUTS],
      Second: { ...GCP_OUTPUTS, coiled_workspace_name: 'second' },
    });
    expect(handoffs.map((h) => [h.cloud, h.workspaceName])).toEqual([
      ['aws', 'first'],
      ['gcp', 'second'],
    ]);
  });

  test.each([
    ['a list', [1, 2]],
    ['null', null],
    ['a string', 'x'],
    ['a number', 7],
  ])('a file that is %s is refused', (_, json) => {
    expect(refusal(() => parseOutputsFile(json))).toBe('the file is not a JSON object of stack outputs');
  });

  test('a file with no workspace stack says which files to give', () => {
    expect(refusal(() => parseOutputsFile({}))).toBe(
      'no Coiled workspace outputs found: give the file written by `cdk deploy --outputs-file out.json`, `cdktf output --outputs-file out.json`, or `terraform output -json > out.json`, for a stack built with coiled-byoc',
    );
  });

  test.each([
    ['AWS', { S: { ...AWS_OUTPUTS, CoiledCloud: 'gcp' } }, 'stack S: output CoiledCloud = "gcp" is not "aws"'],
    ['GCP', { S: { ...GCP_OUTPUTS, coiled_cloud: 'aws' } }, 'stack S: output coiled_cloud = "aws" is not "gcp"'],
    ['AWS, not a string', { S: { ...AWS_OUTPUTS, CoiledCloud: 1 } }, 'stack S: output CoiledCloud = 1 is not "aws"'],
  ])('a stack that names the other cloud is refused (%s)', (_, json, message) => {
    expect(refusal(() => parseOutputsFile(json))).toBe(message);
  });

  test('a stack name with control characters is shown escaped', () => {
    expect(refusal(() => parseOutputsFile({ 'S\u001b[2J': { ...AWS_OUTPUTS, CoiledCloud: 'x' } }))).toBe('stack S\\u001b[2J: output CoiledCloud = "x" is not "aws"');
  });

  test('a refused value is quoted when it is text, shown as JSON otherwise, and cut at 120 characters', () => {
    expect(refusal(() => parseOutputsFile({ S: { ...AWS_OUTPUTS, CoiledVpcId: 'vpc-1' } }))).toBe('stack S: output CoiledVpcId = "vpc-1" is not a VPC id (vpc- followed by 8 or 17 hex digits)');
    expect(refusal(() => parseOutputsFile({ S: { ...AWS_OUTPUTS, CoiledVpcId: { id: 1 } } }))).toBe('stack S: output CoiledVpcId = {"id":1} is not a VPC id (vpc- followed by 8 or 17 hex digits)');
    expect(refusal(() => parseOutputsFile({ S: { ...AWS_OUTPUTS, CoiledVpcId: 'v'.repeat(200) } }))).toBe(`stack S: output CoiledVpcId = "${'v'.repeat(116)}... is not a VPC id (vpc- followed by 8 or 17 hex digits)`);
  });
});

describe('missing outputs: the stack was built by another version', () => {
  test.each([
    ['one, singular', { ...AWS_OUTPUTS, CoiledRegion: undefined }, 'stack S lacks the output CoiledRegion: redeploy it with this version of coiled-byoc'],
    ['null is missing', { ...AWS_OUTPUTS, CoiledLogGroupName: null }, 'stack S lacks the output CoiledLogGroupName: redeploy it with this version of coiled-byoc'],
    ['two, plural, in the order the hand-off needs them', { ...AWS_OUTPUTS, CoiledVpcId: undefined, CoiledRegion: undefined }, 'stack S lacks the outputs CoiledRegion, CoiledVpcId: redeploy it with this version of coiled-byoc'],
  ])('AWS: %s', (_, outputs, message) => {
    expect(refusal(() => parseOutputsFile({ S: outputs }))).toBe(message);
  });

  test.each(Object.keys(AWS_OUTPUTS).filter((k) => k !== 'CoiledCloud'))('AWS %s is required', (key) => {
    expect(refusal(() => parseOutputsFile({ S: { ...AWS_OUTPUTS, [key]: undefined } }))).toBe(`stack S lacks the output ${key}: redeploy it with this version of coiled-byoc`);
  });

  test.each(Object.keys(GCP_OUTPUTS).filter((k) => k !== 'coiled_cloud'))('GCP %s is required', (key) => {
    expect(refusal(() => parseOutputsFile({ S: { ...GCP_OUTPUTS, [key]: null } }))).toBe(`stack S lacks the output ${key}: redeploy it with this version of coiled-byoc`);
  });

  test('optional outputs may be left out: the hand-off takes the stack\'s defaults', () => {
    const [h] = parseOutputsFile({ S: AWS_OUTPUTS });
    expect(h).toMatchObject({ schedulerSubnetIds: ['subnet-0aaaaaaaaaaaaaaaa'], workerSubnetIds: ['subnet-0aaaaaaaaaaaaaaaa'], natPublicIps: [], giveWorkersPublicIp: true, useSchedulerPublicIp: true, ingress: undefined, ingressOmitted: undefined, secrets: undefined });
    const [g] = parseOutputsFile({ S: GCP_OUTPUTS });
    expect(g).toMatchObject({ artifactRegistry: undefined, keyCommand: undefined, keyCreated: true });
  });

  test('a key command means the key was not created by Terraform', () => {
    const [g] = parseOutputsFile({ S: { ...GCP_OUTPUTS, coiled_service_account_key_command: 'gcloud iam service-accounts keys create key.json' } });
    expect(g).toMatchObject({ keyCommand: 'gcloud iam service-accounts keys create key.json', keyCreated: false });
  });
});

describe('the ingress output', () => {
  const aws = (ingress: unknown) => parseOutputsFile({ S: { ...AWS_OUTPUTS, CoiledIngress: ingress } })[0];
  const gcp = (ingress: unknown) => parseOutputsFile({ S: { ...GCP_OUTPUTS, coiled_ingress: ingress } })[0];
  const EXPECTED = 'expected the JSON list of {"ports": [numbers 1-65535], "cidr": "<CIDR block>"} the stack writes';

  test('as JSON text (CloudFormation) and as a JSON list (cdktf), read alike; blocks normalised', () => {
    const rules = [
      { ports: [443, 8786], cidr: '10.1.2.3/16' },
      { ports: [1, 65535], cidr: '2001:db8::1/32' },
    ];
    const read = [
      { ports: [443, 8786], cidr: '10.1.0.0/16' },
      { ports: [1, 65535], cidr: '2001:db8::/32' },
    ];
    expect(aws(JSON.stringify(rules)).ingress).toEqual(read);
    expect(gcp(rules).ingress).toEqual(read);
    expect(aws('[]').ingress).toEqual([]);
  });

  test('a null ingress output is no ingress list', () => {
    const h = aws(null);
    expect([h.ingress, h.ingressOmitted]).toEqual([undefined, undefined]);
  });

  test.each([
    ['with its rule count', 'too long for an output (12 rules): see your app', { rules: 12 }],
    ['without a count', 'too long for an output', { rules: undefined }],
  ])('the too-long note, %s', (_, note, omitted) => {
    const h = aws(note);
    expect(h.ingressOmitted).toEqual(omitted);
    expect(h.ingress).toBeUndefined();
  });

  test.each([
    ['not JSON', '[{', 'stack S: output CoiledIngress = "[{" is not the JSON list of {"ports": [numbers 1-65535], "cidr": "<CIDR block>"} the stack writes'],
    ['JSON, not a list', '{"ports":[443]}', 'stack S: output CoiledIngress = "{\\"ports\\":[443]}" is not the JSON list of {"ports": [numbers 1-65535], "cidr": "<CIDR block>"} the stack writes'],
    ['a number', 443, 'stack S: output CoiledIngress = 443 is not the JSON list of {"ports": [numbers 1-65535], "cidr": "<CIDR block>"} the stack writes'],
    ['a note that only contains the words', 'not too long for an output', 'stack S: output CoiledIngress = "not too long for an output" is not the JSON list of {"ports": [numbers 1-65535], "cidr": "<CIDR block>"} the stack writes'],
  ])('%s is refused', (_, value, message) => {
    expect(refusal(() => aws(value))).toBe(message);
  });

  test.each([
    ['null', [null], 'not an object'],
    ['a list', [[443]], 'not an object'],
    ['a number', [443], 'not an object'],
    ['no ports', [{ cidr: '10.0.0.0/8' }], 'ports is not a list of port numbers'],
    ['ports as text', [{ ports: '443', cidr: '10.0.0.0/8' }], 'ports is not a list of port numbers'],
    ['an empty port list', [{ ports: [], cidr: '10.0.0.0/8' }], 'ports is not a list of port numbers'],
    ['port 0', [{ ports: [0], cidr: '10.0.0.0/8' }], 'ports is not a list of port numbers'],
    ['port 65536', [{ ports: [443, 65536], cidr: '10.0.0.0/8' }], 'ports is not a list of port numbers'],
    ['a fractional port', [{ ports: [443.5], cidr: '10.0.0.0/8' }], 'ports is not a list of port numbers'],
    ['a port as text', [{ ports: ['443'], cidr: '10.0.0.0/8' }], 'ports is not a list of port numbers'],
    ['no cidr', [{ ports: [443] }], 'cidr is not a CIDR block (a CIDR block must be a string)'],
    ['a bad cidr', [{ ports: [443], cidr: '10.0.0.0/33' }], 'cidr is not a CIDR block (the prefix length /33 is larger than /32, the maximum for IPv4)'],
  ])('a rule with %s is refused, naming its position', (_, rules, why) => {
    const all = [{ ports: [22], cidr: '10.0.0.0/8' }, ...rules];
    const message = refusal(() => gcp(all));
    expect(message.startsWith(`stack S: output coiled_ingress, rule 1 = ${displayText(JSON.stringify(rules[0]) ?? 'undefined', 120)}: `)).toBe(true);
    expect(message.endsWith(`: ${why}; ${EXPECTED}`)).toBe(true);
  });

  test('the ports at the edges of the range are accepted', () => {
    expect(gcp([{ ports: [1, 65535], cidr: '0.0.0.0/0' }]).ingress).toEqual([{ ports: [1, 65535], cidr: '0.0.0.0/0' }]);
  });
});

// Mutation testing (issue 16): the secrets output's refusal is the hand-off's own, naming the output.
describe('a secrets output that is not what the stack writes', () => {
  test.each([
    ['AWS', (o: Record<string, unknown>) => ({ MyStack: { ...AWS_OUTPUTS, CoiledSecrets: o } }), 'stack MyStack: output CoiledSecrets: '],
    ['GCP', (o: Record<string, unknown>) => terraformShape({ ...GCP_OUTPUTS, coiled_secrets: o }), 'terraform outputs: output coiled_secrets: '],
  ])('%s: refused as a hand-off input error that names the output', (_, outputs, prefix) => {
    expect(refusal(() => parseOutputsFile(outputs({ not: 'a list' })))).toBe(`${prefix}not the JSON list of secrets the stack writes`);
  });
});

// Mutation testing (issue 16): survivors of the 2026-12-07 focused run of handoff.ts (98.7%).
describe('the secrets output is read for its own cloud', () => {
  const AWS_SECRET = { name: 'database_token', secretId: 'coiled/my-team/database_token', environmentVariable: 'DATABASE_TOKEN_SECRET_NAME', value: 'set-after-deploy' };
  const GCP_SECRET = { ...AWS_SECRET, secretId: 'projects/my-project-123456/secrets/coiled-my-team-database_token', value: 'in-template' };
  test('an AWS secret name on AWS, a GCP secret resource on GCP', () => {
    expect(parseOutputsFile({ MyStack: { ...AWS_OUTPUTS, CoiledSecrets: JSON.stringify([AWS_SECRET]) } })[0].secrets?.entries).toEqual([AWS_SECRET]);
    expect(parseOutputsFile(terraformShape({ ...GCP_OUTPUTS, coiled_secrets: JSON.stringify([GCP_SECRET]) }))[0].secrets?.entries).toEqual([GCP_SECRET]);
  });
});

describe('list outputs name what each item must be', () => {
  test.each([
    ['subnets', 'CoiledSubnetIds', 'subnet-0aaaaaaaaaaaaaaaa,vpc-0123', 'subnet ids (subnet- followed by 8 or 17 hex digits) (at least one)'],
    ['NAT addresses', 'CoiledNatPublicIps', '203.0.113.7,203.0.113', 'IPv4 addresses'],
  ])('%s', (_, key, value, what) => {
    expect(refusal(() => parseOutputsFile({ MyStack: { ...AWS_OUTPUTS, [key]: value } }))).toBe(`stack MyStack: output ${key} = ${JSON.stringify(value)} is not a comma-separated list of ${what}`);
  });
});
