/**
 * Every CloudFormation logical ID and Terraform resource address of every example: the public
 * contract an upgrade must keep (a changed id replaces the customer's resource).
 */
import { Example, listExamples, synthAwsExample, synthGcpExample } from '../../scripts/lib/examples';

export const MANIFEST_FILE = `${__dirname}/resource-ids.json`;

export type IdManifest = Record<string, string[]>;

export function idsOf(example: Example, output: any): string[] {
  if (example.cloud === 'aws') return Object.keys(output.Resources).sort();
  const ids: string[] = [];
  for (const section of ['resource', 'data'] as const) {
    for (const [type, byName] of Object.entries<any>(output[section] ?? {})) {
      for (const name of Object.keys(byName)) ids.push(`${section === 'data' ? 'data.' : ''}${type}.${name}`);
    }
  }
  return ids.sort();
}

export function currentManifest(): IdManifest {
  const manifest: IdManifest = {};
  for (const example of listExamples()) {
    const output = example.cloud === 'aws' ? synthAwsExample(example).template : synthGcpExample(example).json;
    manifest[`${example.cloud}/${example.name}`] = idsOf(example, output);
  }
  return manifest;
}

/** Explains every difference as the change a customer's next deploy would make. */
export function explainChanges(expected: IdManifest, actual: IdManifest): string[] {
  const messages: string[] = [];
  for (const key of new Set([...Object.keys(expected), ...Object.keys(actual)])) {
    const before = new Set(expected[key] ?? []);
    const after = new Set(actual[key] ?? []);
    const removed = [...before].filter((id) => !after.has(id));
    const added = [...after].filter((id) => !before.has(id));
    const aws = key.startsWith('aws/');
    for (const id of removed) {
      messages.push(
        `${key}: ${id} is gone. On upgrade, ${aws ? 'CloudFormation' : 'Terraform'} would DELETE the customer's resource` +
          (added.length ? ` and create a new one (${added.join(', ')})` : '') +
          `. To keep it, ${aws ? `call overrideLogicalId('${id}') on the new CfnResource` : `add a moved block through cdktf (resource.moveFromId('${id}') / moveTo) so Terraform moves the state`}` +
          ', or, if the change is intended, regenerate the manifest (UPDATE_RESOURCE_IDS=1) and say in the changelog that it replaces resources.',
      );
    }
    if (removed.length === 0) {
      for (const id of added) messages.push(`${key}: new resource ${id}. If intended, regenerate the manifest with UPDATE_RESOURCE_IDS=1.`);
    }
  }
  return messages;
}
