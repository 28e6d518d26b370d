import type { ProjectService } from '@cdktf/provider-google/lib/project-service';
import { Construct } from 'constructs';
import { checkCall, checkedConstructorScope } from './private/entry';
import { google } from './private/provider-google';

/**
 * APIs a Coiled workspace needs: what `coiled setup gcp` enables (coiled-contract §4.1: compute,
 * bigquery, logging, monitoring; artifactregistry with the registry), plus IAM and Resource Manager,
 * which Terraform itself needs to create the service accounts, custom roles and bindings.
 * `orgpolicy` is left out: the CLI uses it only to relax an organisation policy around its key
 * upload, which this library does not do.
 */
export const REQUIRED_APIS = [
  'compute.googleapis.com',
  'bigquery.googleapis.com',
  'logging.googleapis.com',
  'monitoring.googleapis.com',
  'iam.googleapis.com',
  'cloudresourcemanager.googleapis.com',
];
export const ARTIFACT_REGISTRY_API = 'artifactregistry.googleapis.com';
/** Enabled with a workspace's first secret. */
export const SECRET_MANAGER_API = 'secretmanager.googleapis.com';

/** Props of {@link CoiledGcpApis}. */
export interface CoiledGcpApisProps {
  /** GCP project. */
  readonly projectId: string;
  /**
   * Also enable Artifact Registry.
   *
   * @default false
   */
  readonly artifactRegistry?: boolean;
}

/**
 * Enables the workspace's APIs, additively: destroying the workspace never switches an API off
 * (`disable_on_destroy = false`), since other workloads in the project depend on Compute and co.
 */
export class CoiledGcpApis extends Construct {
  /** One resource per API. */
  public readonly services: ProjectService[];
  private readonly byName = new Map<string, ProjectService>();
  private readonly projectId: string;

  constructor(scope: Construct, id: string, props: CoiledGcpApisProps) {
    super(checkedConstructorScope('gcp.CoiledGcpApis.new', scope, id, props), id);
    this.projectId = props.projectId;
    this.services = [];
    for (const service of [...REQUIRED_APIS, ...(props.artifactRegistry ? [ARTIFACT_REGISTRY_API] : [])]) this.enable(service);
  }

  /** Enables one more API, as additively as the others (never disabled on destroy); returns its resource. */
  public enable(service: string): ProjectService {
    checkCall('gcp.CoiledGcpApis.enable', this.node.path, [service]);
    const known = this.byName.get(service);
    if (known) return known;
    // The id is the service's own name, so adding an API never renames another.
    const resource = new google.ProjectService(this, service.split('.')[0], {
      project: this.projectId,
      service,
      disableOnDestroy: false,
      disableDependentServices: false,
    });
    this.byName.set(service, resource);
    this.services.push(resource);
    return resource;
  }

  /** The resources enabling the named APIs (those this construct enables). */
  public servicesNamed(...names: string[]): ProjectService[] {
    checkCall('gcp.CoiledGcpApis.servicesNamed', this.node.path, names);
    return names.map((n) => this.byName.get(n)).filter((s): s is ProjectService => s !== undefined);
  }
}
