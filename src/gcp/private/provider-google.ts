/**
 * The provider-google resource classes this library creates, each required on first use.
 *
 * Why not plain imports: TypeScript turns `import { X } from '...'` into a require at load, so an
 * app loaded the bindings of every resource kind the library can create (Artifact Registry, Secret
 * Manager, Cloud NAT, BigQuery and bucket grants, data sources, keys), whatever it used: 20 modules
 * where a default workspace needs 7, about a third of the GCP library's load time (issue 15). With
 * the getters an app loads exactly the kinds its configuration has (test/gcp/deep-imports.test.ts
 * holds the loaded modules to the synthesized resource types). The provider block needs none of
 * them (./google-provider.ts); GoogleProvider stays here for bindings that record no version. The
 * paths are deep imports: the provider's barrel takes ~2 s and ~450 MB to load.
 */
/* eslint-disable @typescript-eslint/no-require-imports -- the point of this file: deferred requires */
import type { ArtifactRegistryRepository } from '@cdktf/provider-google/lib/artifact-registry-repository';
import type { ArtifactRegistryRepositoryIamMember } from '@cdktf/provider-google/lib/artifact-registry-repository-iam-member';
import type { BigqueryDatasetIamMember } from '@cdktf/provider-google/lib/bigquery-dataset-iam-member';
import type { ComputeFirewall } from '@cdktf/provider-google/lib/compute-firewall';
import type { ComputeNetwork } from '@cdktf/provider-google/lib/compute-network';
import type { ComputeRouter } from '@cdktf/provider-google/lib/compute-router';
import type { ComputeRouterNat } from '@cdktf/provider-google/lib/compute-router-nat';
import type { ComputeSubnetwork } from '@cdktf/provider-google/lib/compute-subnetwork';
import type { DataGoogleComputeNetwork } from '@cdktf/provider-google/lib/data-google-compute-network';
import type { DataGoogleComputeSubnetwork } from '@cdktf/provider-google/lib/data-google-compute-subnetwork';
import type { ProjectIamCustomRole } from '@cdktf/provider-google/lib/project-iam-custom-role';
import type { ProjectIamMember } from '@cdktf/provider-google/lib/project-iam-member';
import type { ProjectService } from '@cdktf/provider-google/lib/project-service';
import type { GoogleProvider } from '@cdktf/provider-google/lib/provider';
import type { SecretManagerSecret } from '@cdktf/provider-google/lib/secret-manager-secret';
import type { SecretManagerSecretIamMember } from '@cdktf/provider-google/lib/secret-manager-secret-iam-member';
import type { SecretManagerSecretVersion } from '@cdktf/provider-google/lib/secret-manager-secret-version';
import type { ServiceAccount } from '@cdktf/provider-google/lib/service-account';
import type { ServiceAccountKey } from '@cdktf/provider-google/lib/service-account-key';
import type { StorageBucketIamMember } from '@cdktf/provider-google/lib/storage-bucket-iam-member';

// Each class once: a cached require still resolves its path (~1.7 µs a call, 8.6 ms for a
// 5,000-rule firewall).
const loaded: { [name: string]: any } = {};

export const google = {
  get ArtifactRegistryRepository(): typeof ArtifactRegistryRepository {
    return (loaded.ArtifactRegistryRepository ??= require('@cdktf/provider-google/lib/artifact-registry-repository').ArtifactRegistryRepository);
  },
  get ArtifactRegistryRepositoryIamMember(): typeof ArtifactRegistryRepositoryIamMember {
    return (loaded.ArtifactRegistryRepositoryIamMember ??= require('@cdktf/provider-google/lib/artifact-registry-repository-iam-member').ArtifactRegistryRepositoryIamMember);
  },
  get BigqueryDatasetIamMember(): typeof BigqueryDatasetIamMember {
    return (loaded.BigqueryDatasetIamMember ??= require('@cdktf/provider-google/lib/bigquery-dataset-iam-member').BigqueryDatasetIamMember);
  },
  get ComputeFirewall(): typeof ComputeFirewall {
    return (loaded.ComputeFirewall ??= require('@cdktf/provider-google/lib/compute-firewall').ComputeFirewall);
  },
  get ComputeNetwork(): typeof ComputeNetwork {
    return (loaded.ComputeNetwork ??= require('@cdktf/provider-google/lib/compute-network').ComputeNetwork);
  },
  get ComputeRouter(): typeof ComputeRouter {
    return (loaded.ComputeRouter ??= require('@cdktf/provider-google/lib/compute-router').ComputeRouter);
  },
  get ComputeRouterNat(): typeof ComputeRouterNat {
    return (loaded.ComputeRouterNat ??= require('@cdktf/provider-google/lib/compute-router-nat').ComputeRouterNat);
  },
  get ComputeSubnetwork(): typeof ComputeSubnetwork {
    return (loaded.ComputeSubnetwork ??= require('@cdktf/provider-google/lib/compute-subnetwork').ComputeSubnetwork);
  },
  get DataGoogleComputeNetwork(): typeof DataGoogleComputeNetwork {
    return (loaded.DataGoogleComputeNetwork ??= require('@cdktf/provider-google/lib/data-google-compute-network').DataGoogleComputeNetwork);
  },
  get DataGoogleComputeSubnetwork(): typeof DataGoogleComputeSubnetwork {
    return (loaded.DataGoogleComputeSubnetwork ??= require('@cdktf/provider-google/lib/data-google-compute-subnetwork').DataGoogleComputeSubnetwork);
  },
  get ProjectIamCustomRole(): typeof ProjectIamCustomRole {
    return (loaded.ProjectIamCustomRole ??= require('@cdktf/provider-google/lib/project-iam-custom-role').ProjectIamCustomRole);
  },
  get ProjectIamMember(): typeof ProjectIamMember {
    return (loaded.ProjectIamMember ??= require('@cdktf/provider-google/lib/project-iam-member').ProjectIamMember);
  },
  get ProjectService(): typeof ProjectService {
    return (loaded.ProjectService ??= require('@cdktf/provider-google/lib/project-service').ProjectService);
  },
  get GoogleProvider(): typeof GoogleProvider {
    return (loaded.GoogleProvider ??= require('@cdktf/provider-google/lib/provider').GoogleProvider);
  },
  get SecretManagerSecret(): typeof SecretManagerSecret {
    return (loaded.SecretManagerSecret ??= require('@cdktf/provider-google/lib/secret-manager-secret').SecretManagerSecret);
  },
  get SecretManagerSecretIamMember(): typeof SecretManagerSecretIamMember {
    return (loaded.SecretManagerSecretIamMember ??= require('@cdktf/provider-google/lib/secret-manager-secret-iam-member').SecretManagerSecretIamMember);
  },
  get SecretManagerSecretVersion(): typeof SecretManagerSecretVersion {
    return (loaded.SecretManagerSecretVersion ??= require('@cdktf/provider-google/lib/secret-manager-secret-version').SecretManagerSecretVersion);
  },
  get ServiceAccount(): typeof ServiceAccount {
    return (loaded.ServiceAccount ??= require('@cdktf/provider-google/lib/service-account').ServiceAccount);
  },
  get ServiceAccountKey(): typeof ServiceAccountKey {
    return (loaded.ServiceAccountKey ??= require('@cdktf/provider-google/lib/service-account-key').ServiceAccountKey);
  },
  get StorageBucketIamMember(): typeof StorageBucketIamMember {
    return (loaded.StorageBucketIamMember ??= require('@cdktf/provider-google/lib/storage-bucket-iam-member').StorageBucketIamMember);
  },
};
