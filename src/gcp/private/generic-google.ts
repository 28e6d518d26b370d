/**
 * The provider-google kinds the library creates but never hands to users (the workspace's network,
 * subnetwork, Cloud Router, Cloud NAT, and its IAM members: project, BigQuery dataset, bucket,
 * secret and Artifact Registry repository grants), written with cdktf's generic
 * `TerraformResource` instead of their binding classes.
 *
 * Why: each binding module is a generated class for every attribute and block of its kind, 40 to
 * 220 kB, and loading one takes 1 to 6 ms (issue 15): 7 ms of a default workspace's synth, 16 ms of
 * a private one's, for resources with a handful of settings. The kinds the API does expose
 * (firewall rules, custom roles, service accounts, project services, keys, secrets) stay binding
 * classes.
 *
 * What Terraform reads is the same. Each kind below lists the attributes the library sets, in the
 * bindings' order (plain attributes by name, then blocks by name), with the bindings' JSON and HCL
 * forms; test/gcp/generic-google.test.ts holds each kind, in every shape the library writes, to
 * what its binding class writes, byte for byte. The configurations are typed with the bindings' own
 * config interfaces (a type-only import, nothing loads), and an attribute the kind does not list is
 * refused when it synthesizes, never dropped.
 */
import type { ArtifactRegistryRepositoryIamMemberConfig } from '@cdktf/provider-google/lib/artifact-registry-repository-iam-member';
import type { BigqueryDatasetIamMemberConfig } from '@cdktf/provider-google/lib/bigquery-dataset-iam-member';
import type { ComputeNetworkConfig } from '@cdktf/provider-google/lib/compute-network';
import type { ComputeRouterConfig } from '@cdktf/provider-google/lib/compute-router';
import type { ComputeRouterNatConfig } from '@cdktf/provider-google/lib/compute-router-nat';
import type { ComputeSubnetworkConfig } from '@cdktf/provider-google/lib/compute-subnetwork';
import type { ProjectIamMemberConfig } from '@cdktf/provider-google/lib/project-iam-member';
import type { SecretManagerSecretIamMemberConfig } from '@cdktf/provider-google/lib/secret-manager-secret-iam-member';
import type { StorageBucketIamMemberConfig } from '@cdktf/provider-google/lib/storage-bucket-iam-member';
import {
  ITerraformDependable,
  TerraformResource,
  Tokenization,
  booleanToHclTerraform,
  canInspect,
  booleanToTerraform,
  listMapper,
  listMapperHcl,
  numberToHclTerraform,
  numberToTerraform,
  stringToHclTerraform,
  stringToTerraform,
} from 'cdktf';
import { Construct } from 'constructs';
import { recordedGoogleProviderVersion } from './google-provider';
import { hasOwnKey } from '../../core/own-key';

type Scalar = 'string' | 'boolean' | 'number' | 'stringSet';

/** A block: one (`single`, a JSON object) or a set of them, with the binding's HCL storage class. */
interface BlockKind {
  readonly block: 'single' | 'set';
  readonly storageClassType: string;
  readonly fields: Readonly<Record<string, Scalar>>;
}

/** A resource kind: its Terraform type and its attributes by camelCase config name, in the binding's order. */
interface Kind {
  readonly type: string;
  readonly attributes: Readonly<Record<string, Scalar | BlockKind>>;
}

const KINDS: Kind[] = [];

function kind(type: string, attributes: Kind['attributes']): Kind {
  const declared = { type, attributes };
  KINDS.push(declared);
  return declared;
}

/** The Terraform types written here: none of them loads a binding module. */
export function genericGoogleTypes(): string[] {
  return KINDS.map((k) => k.type);
}

const snake = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

function scalarJson(type: Scalar, value: any): any {
  if (type === 'boolean') return booleanToTerraform(value);
  if (type === 'number') return numberToTerraform(value);
  if (type === 'stringSet') return listMapper(stringToTerraform, false)(value);
  return stringToTerraform(value);
}

function scalarHcl(type: Scalar, value: any): any {
  if (type === 'stringSet') {
    return { value: listMapperHcl(stringToHclTerraform, false)(value), isBlock: false, type: 'set', storageClassType: 'stringList' };
  }
  const render = type === 'boolean' ? booleanToHclTerraform : type === 'number' ? numberToHclTerraform : stringToHclTerraform;
  return { value: render(value), isBlock: false, type: 'simple', storageClassType: type };
}

/** The bindings' rule: an absent block or a token passes through as it is. */
const inspectable = (value: any) => canInspect(value) && !Tokenization.isResolvable(value);

/** The bindings drop an HCL attribute whose value is undefined. */
const definedOnly = (attributes: Record<string, any>) =>
  Object.fromEntries(Object.entries(attributes).filter(([, attribute]) => attribute !== undefined && attribute.value !== undefined));

function blockJson(block: BlockKind, struct: any): any {
  if (!inspectable(struct)) return struct;
  return Object.fromEntries(Object.entries(block.fields).map(([name, type]) => [snake(name), scalarJson(type, struct[name])]));
}

function blockHcl(block: BlockKind, struct: any): any {
  if (!inspectable(struct)) return struct;
  return definedOnly(Object.fromEntries(Object.entries(block.fields).map(([name, type]) => [snake(name), scalarHcl(type, struct[name])])));
}

/** The one meta-argument the library gives these kinds (to TerraformResource itself); any other is refused like an unknown attribute. */
const META = new Set(['dependsOn']);

/** A resource of one kind, written from its config. */
export class GenericGoogleResource extends TerraformResource {
  private readonly genericKind: Kind;
  private readonly genericConfig: Readonly<Record<string, any>>;

  constructor(scope: Construct, id: string, of: Kind, config: { dependsOn?: ITerraformDependable[] }) {
    const version = recordedGoogleProviderVersion();
    super(scope, id, {
      terraformResourceType: of.type,
      // The provider's name lets cdktf check that the stack has a google provider, as for a binding.
      terraformGeneratorMetadata: version === undefined ? undefined : { providerName: 'google', providerVersion: version },
      dependsOn: config.dependsOn,
    });
    this.genericKind = of;
    this.genericConfig = config;
  }

  protected synthesizeAttributes(): { [name: string]: any } {
    return Object.fromEntries(
      this.entries().map(([name, type, value]) => {
        if (typeof type === 'string') return [snake(name), scalarJson(type, value)];
        return [snake(name), type.block === 'single' ? blockJson(type, value) : listMapper((s: any) => blockJson(type, s), true)(value)];
      }),
    );
  }

  protected synthesizeHclAttributes(): { [name: string]: any } {
    return definedOnly(
      Object.fromEntries(
        this.entries().map(([name, type, value]) => {
          if (typeof type === 'string') return [snake(name), scalarHcl(type, value)];
          const rendered = type.block === 'single' ? blockHcl(type, value) : listMapperHcl((s: any) => blockHcl(type, s), true)(value);
          return [snake(name), { value: rendered, isBlock: true, type: type.block === 'single' ? 'list' : 'set', storageClassType: type.storageClassType }];
        }),
      ),
    );
  }

  private entries(): Array<[string, Scalar | BlockKind, any]> {
    const unknown = Object.keys(this.genericConfig).filter((name) => !META.has(name) && !hasOwnKey(this.genericKind.attributes, name));
    if (unknown.length > 0) {
      throw new Error(`${this.terraformResourceType} at ${this.node.path}: the library sets ${unknown.join(', ')}, which its generic form does not render; add it to the kind in generic-google.ts`);
    }
    return Object.entries(this.genericKind.attributes).map(([name, type]) => {
      const value = this.genericConfig[name];
      if (typeof type !== 'string' && type.block === 'single' && Tokenization.isResolvable(value)) {
        // The bindings leave such a block out of the JSON; the library never writes one, so refuse rather than copy that.
        throw new Error(`${this.terraformResourceType} at ${this.node.path}: ${name} is one token for the whole block, which the generic form does not write`);
      }
      return [name, type, value];
    });
  }
}

/** The class of a kind whose resources the library only creates (no attribute is read back). */
function createOnly<Config extends { dependsOn?: ITerraformDependable[] }>(
  of: Kind,
): new (scope: Construct, id: string, config: Config) => GenericGoogleResource {
  return class extends GenericGoogleResource {
    constructor(scope: Construct, id: string, config: Config) {
      super(scope, id, of, config);
    }
  };
}

const NETWORK = kind('google_compute_network', { autoCreateSubnetworks: 'boolean', description: 'string', name: 'string', project: 'string', routingMode: 'string' });

/** google_compute_network, as `ComputeNetwork` writes it. */
export class GenericComputeNetwork extends GenericGoogleResource {
  constructor(scope: Construct, id: string, config: ComputeNetworkConfig) {
    super(scope, id, NETWORK, config);
  }
  public get id(): string {
    return this.getStringAttribute('id');
  }
  public get name(): string {
    return this.getStringAttribute('name');
  }
  public get selfLink(): string {
    return this.getStringAttribute('self_link');
  }
}

const SUBNETWORK = kind('google_compute_subnetwork', {
  ipCidrRange: 'string',
  name: 'string',
  network: 'string',
  privateIpGoogleAccess: 'boolean',
  project: 'string',
  region: 'string',
  logConfig: {
    block: 'single',
    storageClassType: 'ComputeSubnetworkLogConfigList',
    fields: { aggregationInterval: 'string', filterExpr: 'string', flowSampling: 'number', metadata: 'string', metadataFields: 'stringSet' },
  },
});

/** google_compute_subnetwork, as `ComputeSubnetwork` writes it. */
export class GenericComputeSubnetwork extends GenericGoogleResource {
  constructor(scope: Construct, id: string, config: ComputeSubnetworkConfig) {
    super(scope, id, SUBNETWORK, config);
  }
  public get id(): string {
    return this.getStringAttribute('id');
  }
  public get selfLink(): string {
    return this.getStringAttribute('self_link');
  }
}

const ROUTER = kind('google_compute_router', { name: 'string', network: 'string', project: 'string', region: 'string' });

/** google_compute_router, as `ComputeRouter` writes it. */
export class GenericComputeRouter extends GenericGoogleResource {
  constructor(scope: Construct, id: string, config: ComputeRouterConfig) {
    super(scope, id, ROUTER, config);
  }
  public get name(): string {
    return this.getStringAttribute('name');
  }
}

/** google_compute_router_nat, as `ComputeRouterNat` writes it. */
export const GenericComputeRouterNat = createOnly<ComputeRouterNatConfig>(
  kind('google_compute_router_nat', {
    minPortsPerVm: 'number',
    name: 'string',
    natIpAllocateOption: 'string',
    project: 'string',
    region: 'string',
    router: 'string',
    sourceSubnetworkIpRangesToNat: 'string',
    logConfig: { block: 'single', storageClassType: 'ComputeRouterNatLogConfigList', fields: { enable: 'boolean', filter: 'string' } },
    subnetwork: {
      block: 'set',
      storageClassType: 'ComputeRouterNatSubnetworkList',
      fields: { name: 'string', secondaryIpRangeNames: 'stringSet', sourceIpRangesToNat: 'stringSet' },
    },
  }),
);

// The IAM members: one grant each, attributes by name as their bindings order them.

/** google_project_iam_member, as `ProjectIamMember` writes it. */
export const GenericProjectIamMember = createOnly<ProjectIamMemberConfig>(kind('google_project_iam_member', { member: 'string', project: 'string', role: 'string' }));

/** google_bigquery_dataset_iam_member, as `BigqueryDatasetIamMember` writes it. */
export const GenericBigqueryDatasetIamMember = createOnly<BigqueryDatasetIamMemberConfig>(
  kind('google_bigquery_dataset_iam_member', { datasetId: 'string', member: 'string', project: 'string', role: 'string' }),
);

/** google_storage_bucket_iam_member, as `StorageBucketIamMember` writes it. */
export const GenericStorageBucketIamMember = createOnly<StorageBucketIamMemberConfig>(kind('google_storage_bucket_iam_member', { bucket: 'string', member: 'string', role: 'string' }));

/** google_secret_manager_secret_iam_member, as `SecretManagerSecretIamMember` writes it. */
export const GenericSecretManagerSecretIamMember = createOnly<SecretManagerSecretIamMemberConfig>(
  kind('google_secret_manager_secret_iam_member', { member: 'string', project: 'string', role: 'string', secretId: 'string' }),
);

/** google_artifact_registry_repository_iam_member, as `ArtifactRegistryRepositoryIamMember` writes it. */
export const GenericArtifactRegistryRepositoryIamMember = createOnly<ArtifactRegistryRepositoryIamMemberConfig>(
  kind('google_artifact_registry_repository_iam_member', { location: 'string', member: 'string', project: 'string', repository: 'string', role: 'string' }),
);
