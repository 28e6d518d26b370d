/**
 * The Google provider's own type information, read from the jsii assembly shipped in
 * @cdktf/provider-google: for each Terraform type, its attributes and nested blocks (by their
 * Terraform names, taken from the registry links the generator wrote into every property's docs)
 * and which of them are required.
 */
import * as fs from 'fs';

export interface BlockSchema {
  readonly attributes: Map<string, { required: boolean; block?: BlockSchema }>;
}

interface JsiiType {
  fqn: string;
  kind: string;
  datatype?: boolean;
  base?: string;
  docs?: { summary?: string };
  initializer?: { parameters?: Array<{ name: string; type: { fqn?: string } }> };
  properties?: Array<{ name: string; optional?: boolean; type: any; docs?: { remarks?: string; summary?: string } }>;
  interfaces?: string[];
}

const META_ARGUMENTS = new Set(['//', 'depends_on', 'count', 'for_each', 'provider', 'lifecycle', 'provisioner', 'connection']);

export class ProviderSchema {
  public static load(): ProviderSchema {
    const assembly = JSON.parse(fs.readFileSync(require.resolve('@cdktf/provider-google/.jsii'), 'utf8'));
    return new ProviderSchema(assembly.types as Record<string, JsiiType>);
  }

  private readonly byTerraformType = new Map<string, BlockSchema>();
  private readonly blocks = new Map<string, BlockSchema>();

  private constructor(private readonly types: Record<string, JsiiType>) {
    for (const type of Object.values(types)) {
      if (type.kind !== 'class' || (type.base !== 'cdktf.TerraformResource' && type.base !== 'cdktf.TerraformDataSource')) continue;
      const match = /docs\/(resources|data-sources)\/([a-z0-9_]+) (google_[a-z0-9_]+)/.exec(type.docs?.summary ?? '');
      const config = type.initializer?.parameters?.find((p) => p.name === 'config')?.type.fqn;
      if (!match || !config) continue;
      const key = match[1] === 'data-sources' ? `data.${match[3]}` : match[3];
      this.byTerraformType.set(key, this.block(config));
    }
  }

  /** Schema of a resource type (`google_compute_firewall`) or data source (`data.google_compute_network`). */
  public schemaOf(terraformType: string): BlockSchema | undefined {
    return this.byTerraformType.get(terraformType);
  }

  public get typeCount(): number {
    return this.byTerraformType.size;
  }

  /** Problems of one resource's configuration: unknown attributes, missing required ones. */
  public check(terraformType: string, config: Record<string, unknown>): string[] {
    const schema = this.schemaOf(terraformType);
    if (!schema) return [`${terraformType}: no such type in the provider`];
    return checkBlock(schema, config, terraformType);
  }

  private block(fqn: string): BlockSchema {
    const cached = this.blocks.get(fqn);
    if (cached) return cached;
    const attributes = new Map<string, { required: boolean; block?: BlockSchema }>();
    const schema: BlockSchema = { attributes };
    this.blocks.set(fqn, schema);
    const type = this.types[fqn];
    const inherited = (type.interfaces ?? []).filter((i) => !i.startsWith('cdktf.')).flatMap((i) => this.types[i]?.properties ?? []);
    for (const property of [...(type.properties ?? []), ...inherited]) {
      const anchor = /#([a-z0-9_]+) [A-Za-z0-9]+#/.exec(property.docs?.remarks ?? property.docs?.summary ?? '');
      const name = anchor ? anchor[1] : property.name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
      const nested = this.nestedStruct(property.type);
      attributes.set(name, { required: !property.optional, block: nested ? this.block(nested) : undefined });
    }
    return schema;
  }

  private nestedStruct(typeRef: any): string | undefined {
    const found = JSON.stringify(typeRef).match(/"fqn":"(@cdktf\/provider-google\.[^"]+)"/g) ?? [];
    for (const f of found) {
      const fqn = f.slice(7, -1);
      if (this.types[fqn]?.datatype) return fqn;
    }
    return undefined;
  }
}

function checkBlock(schema: BlockSchema, config: Record<string, unknown>, where: string): string[] {
  const problems: string[] = [];
  for (const [key, value] of Object.entries(config)) {
    if (META_ARGUMENTS.has(key)) continue;
    const attribute = schema.attributes.get(key);
    if (!attribute) {
      problems.push(`${where}: unknown attribute "${key}"`);
      continue;
    }
    if (attribute.block && value !== null && typeof value === 'object') {
      const items = Array.isArray(value) ? value : [value];
      items.forEach((item, i) => {
        if (item && typeof item === 'object') problems.push(...checkBlock(attribute.block!, item as Record<string, unknown>, `${where}.${key}[${i}]`));
      });
    }
  }
  for (const [name, attribute] of schema.attributes) {
    if (attribute.required && !(name in config)) problems.push(`${where}: missing required attribute "${name}"`);
  }
  return problems;
}
