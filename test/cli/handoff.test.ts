/**
 * `coiled-byoc handoff` on output files shaped exactly as the deploy tools write them, for every
 * example; and one-line errors with a non-zero exit for every kind of bad input.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { cdkOutputsFile, cdktfOutputsFile, terraformOutputJson } from './deployed-outputs';
import { listExamples } from '../../scripts/lib/examples';
import { Io, run } from '../../src/cli/main';

function handoff(file: unknown, raw?: string): { code: number; out: string; err: string } {
  let out = '';
  let err = '';
  const io: Io = {
    out: (t) => (out += `${t}\n`),
    err: (t) => (err += `${t}\n`),
    readFile: () => {
      if (raw === undefined && file === undefined) throw Object.assign(new Error('missing'), { code: 'ENOENT' });
      return raw ?? JSON.stringify(file);
    },
  };
  const code = run(['handoff', 'out.json'], io);
  return { code, out, err };
}

const aws = Object.fromEntries(listExamples('aws').map((e) => [e.name, e]));
const gcp = Object.fromEntries(listExamples('gcp').map((e) => [e.name, e]));

describe('AWS (cdk deploy --outputs-file)', () => {
  test.each(Object.keys(aws))('%s: prints every value Coiled asks for', (name) => {
    const file = cdkOutputsFile(aws[name]);
    const outputs: Record<string, string> = Object.values<any>(file)[0];
    const { code, out, err } = handoff(file);
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(out).toContain(`Role ARN                           ${outputs.CoiledControlPlaneRoleArn}`);
    expect(out).toContain(`External ID                        ${outputs.CoiledExternalId}`);
    expect(out).toContain(outputs.CoiledInstanceProfileArn);
    expect(out).toContain(`VPC                                ${outputs.CoiledVpcId}`);
    for (const subnet of outputs.CoiledSubnetIds.split(',')) expect(out).toContain(subnet);
    expect(out).toContain(`"scheduler_firewall_id": "${outputs.CoiledSchedulerSecurityGroupId}"`);
    expect(out).toContain(`"firewall_id": "${outputs.CoiledClusterSecurityGroupId}"`);
    expect(out).toContain(`Log group                          ${outputs.CoiledLogGroupName}`);
  });

  test('default: public IPs, the default ingress as a coiled.yaml fragment', () => {
    const { out } = handoff(cdkOutputsFile(aws.default));
    expect(out).toContain('give_workers_public_ip=True, use_scheduler_public_ip=True');
    expect(out).toContain(['coiled:', '      backend-options:', '        ingress:', '          - ports: [443, 8786, 8787]', '            cidr: "0.0.0.0/0"'].join('\n'));
    expect(out).toContain('"give_workers_public_ip": True,');
  });

  test('private: no public IPs, use_scheduler_public_ip false in coiled.yaml', () => {
    const { out } = handoff(cdkOutputsFile(aws['private-nat-instance']));
    expect(out).toContain('give_workers_public_ip=False, use_scheduler_public_ip=False');
    expect(out).toContain('  use_scheduler_public_ip: false');
    expect(out).toContain('"give_workers_public_ip": False,');
  });

  test('seed firewall: both rules in coiled.yaml, normalised', () => {
    const { out } = handoff(cdkOutputsFile(aws['seed-firewall']));
    expect(out).toContain('- ports: [8786]\n            cidr: "10.1.0.0/16"');
    expect(out).toContain('- ports: [8787]\n            cidr: "10.32.0.0/16"');
  });
});

describe('GCP', () => {
  test.each(Object.keys(gcp))('%s (cdktf output --outputs-file): service accounts, network, tags, key command', (name) => {
    const file = cdktfOutputsFile(gcp[name]);
    const outputs = Object.values<any>(file)[0];
    const { code, out } = handoff(file);
    expect(code).toBe(0);
    expect(out).toContain(`Service account (Coiled acts as)   ${outputs.coiled_control_plane_service_account_email}`);
    expect(out).toContain(`Instance service account (VMs)     ${outputs.coiled_data_service_account_email}`);
    expect(out).toContain(outputs.coiled_service_account_key_command);
    expect(out).toContain(`"network_id": "${outputs.coiled_network_self_link}"`);
    expect(out).toContain(`"scheduler_firewall_id": "${outputs.coiled_scheduler_network_tag}"`);
    expect(out).toContain(`"firewall_id": "${outputs.coiled_cluster_network_tag}"`);
  });

  test.each(Object.keys(gcp))('%s (terraform output -json) gives the same hand-off', (name) => {
    expect(handoff(terraformOutputJson(gcp[name])).out).toBe(handoff(cdktfOutputsFile(gcp[name])).out);
  });

  test('private: no external IPs', () => {
    expect(handoff(cdktfOutputsFile(gcp['private-cloud-nat'])).out).toContain('give_workers_public_ip=False, use_scheduler_public_ip=False');
  });
});

describe('bad input: one line on stderr, a non-zero exit, no stack trace', () => {
  test.each([
    ['a missing file', undefined, undefined, /cannot read out\.json: no such file/],
    ['not JSON', undefined, '{"oops"', /is not JSON/],
    ['a file from another tool', { Stack: { BucketName: 'x' } }, undefined, /no Coiled workspace outputs found/],
    ['a JSON array', [1, 2], undefined, /not a JSON object/],
    ['missing keys (AWS)', { Stack: { CoiledCloud: 'aws', CoiledWorkspaceName: 'x' } }, undefined, /stack Stack lacks the outputs CoiledRegion, CoiledControlPlaneRoleArn/],
    ['missing keys (terraform output -json)', { coiled_cloud: { value: 'gcp', type: 'string', sensitive: false } }, undefined, /terraform outputs lacks the outputs coiled_workspace_name/],
  ])('%s', (_, file, raw, message) => {
    const { code, out, err } = handoff(file, raw);
    expect(code).toBe(1);
    expect(out).toBe('');
    expect(err.trim().split('\n')).toHaveLength(1);
    expect(err).toMatch(message);
    expect(err).not.toMatch(/\n\s+at /);
  });

  test('wrong usage prints the usage and exits 2', () => {
    let err = '';
    expect(run(['deploy'], { out: () => undefined, err: (t) => (err += t), readFile: () => '' })).toBe(2);
    expect(err).toMatch(/usage: coiled-byoc handoff <outputs-file>/);
  });
});

test('the shipped bin runs as a command (compiled on the fly) and exits non-zero on bad input', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'handoff-'));
  const file = path.join(dir, 'out.json');
  fs.writeFileSync(file, JSON.stringify(cdkOutputsFile(aws.default)));
  const script = `require('ts-node').register({ transpileOnly: true }); process.argv = ['node', 'coiled-byoc', ...process.argv.slice(1)]; require(${JSON.stringify(path.join(__dirname, '../../src/cli/main.ts'))}).main();`;
  const ok = spawnSync(process.execPath, ['-e', script, 'handoff', file], { encoding: 'utf8' });
  expect(ok.status).toBe(0);
  expect(ok.stdout).toContain('Role ARN');
  const bad = spawnSync(process.execPath, ['-e', script, 'handoff', path.join(dir, 'missing.json')], { encoding: 'utf8' });
  expect(bad.status).toBe(1);
  expect(bad.stderr.trim().split('\n')).toHaveLength(1);
});
