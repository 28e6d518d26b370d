/**
 * What the README tells a new user is what they get: the quick starts start with `init` and name
 * the versions it pins, and the GCP names it gives are the ones a stack synthesizes.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Testing } from 'cdktf';
import { REPO_ROOT } from '../scripts/lib/examples';
import { RUN_MAIN } from '../src/cli/scaffold';
import { SCAFFOLD_VERSIONS } from '../src/cli/scaffold-versions';
import { CoiledGcpStack, CoiledGcpStackProps } from '../src/gcp';

const README = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');

function section(title: string): string {
  const start = README.indexOf(`\n## ${title}\n`);
  expect(start).toBeGreaterThan(0);
  const end = README.indexOf('\n## ', start + 1);
  return README.slice(start, end);
}

test.each(['AWS', 'GCP'])('the %s quick start begins with init', (cloud) => {
  const firstBlock = /```bash\n([\s\S]*?)```/.exec(section(`Quick start: ${cloud}`))![1];
  expect(firstBlock.split('\n')[0]).toMatch(new RegExp(`^npx coiled-byoc init ${cloud.toLowerCase()} `));
});

test('the quick starts say the versions init pins', () => {
  const aws = section('Quick start: AWS');
  const gcp = section('Quick start: GCP');
  for (const name of ['aws-cdk-lib', 'constructs'] as const) expect(aws).toContain(`${name} ${SCAFFOLD_VERSIONS[name]}`);
  expect(aws).toContain(`(aws-cdk) ${SCAFFOLD_VERSIONS['aws-cdk']}`);
  for (const name of ['cdktf', '@cdktf/provider-google', 'constructs'] as const) expect(gcp).toContain(`${name} ${SCAFFOLD_VERSIONS[name]}`);
  for (const text of [aws, gcp]) {
    expect(text).toContain(`TypeScript ${SCAFFOLD_VERSIONS.typescript}`);
    expect(text).toContain(`sucrase ${SCAFFOLD_VERSIONS.sucrase}`);
  }
});

test("the GCP quick start's synth command is the one init writes into package.json", () => {
  const lines = section('Quick start: GCP').split('\n').filter((l) => l.startsWith('npm run synth'));
  expect(lines).toEqual([`npm run synth   # ${RUN_MAIN}`]);
});

/** Service-account ids and custom-role ids a GCP stack synthesizes, for a workspace. */
function gcpNames(extra: Partial<CoiledGcpStackProps> = {}): { accounts: string[]; roles: string[]; network: string } {
  const stack = new CoiledGcpStack(Testing.app(), 'names', { projectId: 'my-project-123456', region: 'us-east1', workspaceName: 'my-team', ...extra });
  const json = JSON.parse(Testing.synth(stack));
  const ids = (type: string, key: string) => Object.values<any>(json.resource[type]).map((r) => r[key] as string);
  // Control plane first, then the VMs' account: the README names them in that order.
  const sort = (names: string[]) => names.sort((a, b) => a.length - b.length);
  return { accounts: sort(ids('google_service_account', 'account_id')), roles: sort(ids('google_project_iam_custom_role', 'role_id')), network: ids('google_compute_network', 'name')[0] };
}

test("the README's GCP names for workspace my-team are the synthesized ones", () => {
  const { accounts, roles, network } = gcpNames();
  const text = section('Quick start: GCP').replace(/\s+/g, ' ');
  expect(text).toContain(`service accounts \`${accounts[0]}\` (Coiled's control plane) and \`${accounts[1]}\` (the VMs), custom roles \`${roles[0]}\` and \`${roles[1]}\`, and network \`${network}\``);
});

test("the README's GCP names with namePrefix 'coiled' are the synthesized ones", () => {
  const { accounts, roles } = gcpNames({ namePrefix: 'coiled' });
  const text = section('Quick start: GCP').replace(/\s+/g, ' ');
  expect(text).toContain(`\`namePrefix: 'coiled'\` gives Coiled's own names instead (one workspace per project): service accounts \`${accounts[0]}\` and \`${accounts[1]}\`, custom roles \`${roles[0]}\` and \`${roles[1]}\``);
});

test("the defaults table's GCP names, with <ws> = my-team, are the synthesized ones", () => {
  const { accounts, roles } = gcpNames();
  const table = section('Default settings');
  const gcpCells = table.split('\n').filter((l) => /^\| (Control plane|VM identity) \|/.test(l)).map((l) => l.split('|')[3]);
  const named = gcpCells.flatMap((cell) => [...cell.matchAll(/`(coiled[^`]*)`/g)].map((m) => m[1]).filter((n) => n !== 'coiled setup gcp'));
  expect(named.length).toBe(4);
  const concrete = named.map((n) => (n.includes('_') ? n.replace('<ws>', 'my_team') : n.replace('<ws>', 'my-team')));
  expect(concrete.sort()).toEqual([...accounts, ...roles].sort());
});
