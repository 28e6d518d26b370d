/**
 * Every resource and data source of every GCP example, checked against the Google provider's own
 * type information (the jsii assembly of @cdktf/provider-google): no unknown attribute, no
 * missing required one, nested blocks included.
 */
import { ProviderSchema } from './gcp-provider-schema';
import { listExamples, synthGcpExample } from '../../scripts/lib/examples';

const schema = ProviderSchema.load();

function problems(json: any): string[] {
  const found: string[] = [];
  for (const [section, prefix] of [
    ['resource', ''],
    ['data', 'data.'],
  ] as const) {
    for (const [type, byName] of Object.entries<any>(json[section] ?? {})) {
      for (const [name, config] of Object.entries<any>(byName)) found.push(...schema.check(`${prefix}${type}`, config).map((p) => p.replace(`${prefix}${type}`, `${prefix}${type}.${name}`)));
    }
  }
  return found;
}

test('the provider assembly describes the resource types we use', () => {
  expect(schema.typeCount).toBeGreaterThan(900);
  expect(schema.schemaOf('google_compute_firewall')!.attributes.get('network')).toEqual({ required: true, block: undefined });
  expect(schema.schemaOf('google_compute_firewall')!.attributes.get('allow')!.block!.attributes.get('protocol')!.required).toBe(true);
});

test.each(listExamples('gcp').map((e) => [e.name, e] as const))('%s: every resource matches the provider schema', (_, example) => {
  const { json } = synthGcpExample(example);
  expect(Object.keys(json.resource).length).toBeGreaterThan(0);
  expect(problems(json)).toEqual([]);
});

test('breaking a guard on purpose: dropping a required attribute through an override is found', () => {
  const example = listExamples('gcp').find((e) => e.name === 'default')!;
  const { json } = synthGcpExample(example, {
    beforeSynth: (stack: any) => {
      const firewall = stack.node.findAll().find((c: any) => c.terraformResourceType === 'google_compute_firewall');
      firewall.addOverride('network', undefined);
    },
  });
  expect(problems(json).join('\n')).toMatch(/google_compute_firewall\..*: missing required attribute "network"/);
});

test('breaking a guard on purpose: an attribute the provider does not know is found', () => {
  const example = listExamples('gcp').find((e) => e.name === 'default')!;
  const { json } = synthGcpExample(example, {
    beforeSynth: (stack: any) => {
      const network = stack.node.findAll().find((c: any) => c.terraformResourceType === 'google_compute_network');
      network.addOverride('auto_create_subnets', false);
    },
  });
  expect(problems(json).join('\n')).toMatch(/unknown attribute "auto_create_subnets"/);
});
