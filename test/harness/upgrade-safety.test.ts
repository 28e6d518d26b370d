/**
 * Upgrade safety: the logical IDs and Terraform addresses of every example equal the committed
 * manifest. A changed id replaces a customer's VPC, role or firewall on their next deploy.
 * Regenerate deliberately with `UPDATE_RESOURCE_IDS=1 npx jest test/harness/upgrade-safety`.
 */
import * as fs from 'fs';
import { MANIFEST_FILE, currentManifest, explainChanges, idsOf } from './resource-ids';
import { listExamples, synthAwsExample } from '../../scripts/lib/examples';

test('every logical ID and Terraform address is unchanged', () => {
  const actual = currentManifest();
  if (process.env.UPDATE_RESOURCE_IDS === '1') fs.writeFileSync(MANIFEST_FILE, `${JSON.stringify(actual, null, 2)}\n`);
  const expected = JSON.parse(fs.readFileSync(MANIFEST_FILE, 'utf8'));
  expect(explainChanges(expected, actual)).toEqual([]);
});

test('breaking a guard on purpose: renaming a construct id is reported with how to keep the old id', () => {
  const example = listExamples('aws').find((e) => e.name === 'default')!;
  const { template } = synthAwsExample(example, {
    beforeSynth: (_app, stack) => {
      const vpc = stack.workspace.vpc.node.defaultChild;
      vpc.overrideLogicalId('WorkspaceNetworkRenamedVpc');
    },
  });
  const expected = JSON.parse(fs.readFileSync(MANIFEST_FILE, 'utf8'));
  const messages = explainChanges({ 'aws/default': expected['aws/default'] }, { 'aws/default': idsOf(example, template) });
  expect(messages).toHaveLength(1);
  expect(messages[0]).toMatch(/WorkspaceNetworkVpc7C363279 is gone\. On upgrade, CloudFormation would DELETE the customer's resource and create a new one \(WorkspaceNetworkRenamedVpc\)/);
  expect(messages[0]).toMatch(/overrideLogicalId\('WorkspaceNetworkVpc7C363279'\)/);
});

test('the Terraform message points at moved blocks', () => {
  const messages = explainChanges({ 'gcp/default': ['google_compute_network.Workspace_Network_C1EF82AE'] }, { 'gcp/default': ['google_compute_network.Workspace_Net_12345678'] });
  expect(messages[0]).toMatch(/Terraform would DELETE .* moved block/);
});
