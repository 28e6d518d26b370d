import { Token } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import { ARTIFACT_REGISTRY_API, CoiledGcpApis, SECRET_MANAGER_API } from './apis';
import { CoiledGcpFirewall } from './firewall';
import { CoiledGcpNetwork, GcpNetworkMode } from './network';
import { checkCall, checkedConstructorScope } from './private/entry';
import { GenericArtifactRegistryRepositoryIamMember, GenericBigqueryDatasetIamMember, GenericProjectIamMember, GenericStorageBucketIamMember } from './private/generic-google';
import { google } from './private/provider-google';
import { gcpScope } from './private/scope';
import { reportAnnotationsAtSynth } from './private/synth-report';
import { CoiledGcpSecret, CoiledGcpSecretProps } from './secret';
import { CoiledGcpServiceAccounts } from './service-accounts';
import { ErrorCode, ValidationScope, fail } from '../core/errors';
import { WorkspaceFirewallOptions } from '../core/firewall-options';
import { IngressRule } from '../core/ingress';
import { withOuterNames } from '../core/input-names';
import { NameClaim, checkWorkspaceName, claimNames, gcpNames, gcpProjectIdSource } from '../core/naming';
import { WorkspaceNetworkModel } from '../core/network-paths';
import { SecretRegistry, checkSecretList } from '../core/secrets';

/** Props of {@link CoiledGcpWorkspace}. */
export interface CoiledGcpWorkspaceProps extends WorkspaceFirewallOptions {
  /** The GCP project the workspace lives in. */
  readonly projectId: string;
  /** The region of the subnet (and of the Artifact Registry repository). */
  readonly region: string;
  /** Your Coiled workspace slug. */
  readonly workspaceName: string;
  /**
   * The network: a new public one, a new private one (Cloud NAT), or yours.
   *
   * @default CoiledGcpNetwork.publicSubnet()
   */
  readonly network?: CoiledGcpNetwork;
  /**
   * Firewall rules logging.
   *
   * @default false
   */
  readonly firewallLogging?: boolean;
  /**
   * How many VPC firewall rules the project may hold (Compute Engine quota `FIREWALLS`, shown by
   * `gcloud compute project-info describe`). The workspace's rules (one per address family and
   * set of ports, plus internal and egress rules), with those of other workspaces of this app in
   * the same project, are counted against it at synth. Raise it here after raising the quota.
   *
   * @default 100
   */
  readonly firewallRuleQuota?: number;
  /**
   * Prefix of every name: network, subnet, tags, firewall rules, service accounts and (with `_`)
   * custom roles. Set `'coiled'` to get exactly Coiled's names (`coiled`, `coiled-data`,
   * `coiled_data`) in a project with a single workspace.
   *
   * @default 'coiled-<workspace>'
   */
  readonly namePrefix?: string;
  /**
   * Id of the control-plane service account.
   *
   * @default '<namePrefix>'
   */
  readonly controlPlaneServiceAccountId?: string;
  /**
   * Id of the VMs' service account.
   *
   * @default '<namePrefix>-data'
   */
  readonly dataServiceAccountId?: string;
  /**
   * Suffix of the custom role ids. A deleted custom role's id stays reserved for up to 37 days:
   * after a destroy, set a suffix (e.g. `'v2'`) to apply again at once.
   *
   * @default - no suffix
   */
  readonly customRoleSuffix?: string;
  /**
   * Enable the APIs Coiled needs (never disabled on destroy).
   *
   * @default true
   */
  readonly enableApis?: boolean;
  /**
   * Create the Docker repository `coiled` in Artifact Registry (Coiled's `--enable-gar`), with
   * `roles/artifactregistry.repoAdmin` on that repository only for the control-plane account.
   * The name is fixed by Coiled, so one workspace per project and region can have it.
   *
   * @default false
   */
  readonly artifactRegistry?: boolean;
  /**
   * Create the control-plane account's JSON key in Terraform (stored in state in clear text; a
   * warning says so).
   *
   * @default false - the stack outputs the `gcloud` command that creates it outside Terraform
   */
  readonly createServiceAccountKey?: boolean;
  /**
   * Secrets the cluster VMs may read (a database token, a third-party API key): each in Secret
   * Manager as `coiled-<workspace>-<name>`, readable by the data service account alone; the
   * cluster is told only its name. Construct ids derive from the names. More with `addSecret`.
   * Enables `secretmanager.googleapis.com` (never disabled on destroy).
   *
   * @default - none
   */
  readonly secrets?: CoiledGcpSecretProps[];
}

const claimsByApp = new WeakMap<IConstruct, Map<string, string>>();

/**
 * Everything Coiled needs in your GCP project: network and subnet (or yours), firewall rules by
 * network tag, the `coiled` and `coiled-data` service accounts with their custom roles, the APIs,
 * and optionally the Artifact Registry repository `coiled`.
 *
 * Data access is granted at the resource: `workspace.grantBucketRead('my-bucket')`.
 */
export class CoiledGcpWorkspace extends Construct {
  /** The Coiled workspace slug. */
  public readonly workspaceName: string;
  /** GCP project. */
  public readonly projectId: string;
  /** Region. */
  public readonly region: string;
  /** The network's shape. */
  public readonly networkMode: GcpNetworkMode;
  /** The network's selfLink (`network_id`). */
  public readonly networkSelfLink: string;
  /** The subnet's selfLink (`scheduler_subnet_id`, `worker_subnet_id`). */
  public readonly subnetSelfLink: string;
  /** Network tag of the scheduler (`scheduler_firewall_id`). */
  public readonly schedulerTag: string;
  /** Network tag of every cluster VM, scheduler included (`firewall_id`). */
  public readonly clusterTag: string;
  /** Email of the account Coiled's control plane acts as. */
  public readonly controlPlaneServiceAccountEmail: string;
  /** Email of the account the VMs run as (`instance_service_account`). */
  public readonly dataServiceAccountEmail: string;
  /** Id of the control plane's custom role. */
  public readonly controlPlaneRoleId: string;
  /** Id of the VMs' custom role. */
  public readonly dataRoleId: string;
  /** The service accounts and roles. */
  public readonly serviceAccounts: CoiledGcpServiceAccounts;
  /** The firewall rules. */
  public readonly firewall: CoiledGcpFirewall;
  /** The command that creates the control-plane key outside Terraform. */
  public readonly keyCommand: string;
  /** Whether a key was created in Terraform. */
  public readonly serviceAccountKeyCreated: boolean;
  /** Whether Coiled should give workers external IPs (`give_workers_public_ip`). */
  public readonly workersPublicIp: boolean;
  /** Whether clients should use the scheduler's external IP (`use_scheduler_public_ip`). */
  public readonly schedulerPublicIp: boolean;
  /** Docker repository URL (`<region>-docker.pkg.dev/<project>/coiled`), when created. */
  public readonly artifactRegistryRepository?: string;
  /** The scheduler ingress actually rendered (normalised). */
  public readonly ingressRules: IngressRule[];
  /** @internal */
  public readonly _networkModel: WorkspaceNetworkModel;
  /** @internal */
  public _onSecretAdded?: () => void;
  private readonly apis?: CoiledGcpApis;
  private readonly secretRegistry = new SecretRegistry();
  private readonly secretList: CoiledGcpSecret[] = [];

  constructor(scope: Construct, id: string, props: CoiledGcpWorkspaceProps) {
    super(checkedConstructorScope('gcp.CoiledGcpWorkspace.new', scope, id, props), id);
    // Without the cdktf CLI (`node main.ts`, the plain-Terraform path) warnings would reach only
    // cdktf.out/manifest.json: print them at synth.
    reportAnnotationsAtSynth(this);
    const v = gcpScope(this);
    this.workspaceName = checkWorkspaceName(v, props.workspaceName);
    this.projectId = checkProjectId(v, props.projectId);
    this.region = checkRegion(v, props.region);
    const names = gcpNames(v, this.workspaceName, {
      namePrefix: props.namePrefix,
      controlPlaneServiceAccountId: props.controlPlaneServiceAccountId,
      dataServiceAccountId: props.dataServiceAccountId,
      customRoleSuffix: props.customRoleSuffix,
    });
    this.claimNames(names, props);

    const apis = props.enableApis === false ? undefined : new CoiledGcpApis(this, 'Apis', { projectId: this.projectId, artifactRegistry: props.artifactRegistry });
    this.apis = apis;
    const computeApi = apis?.servicesNamed('compute.googleapis.com');
    const iamApis = apis?.servicesNamed('iam.googleapis.com', 'cloudresourcemanager.googleapis.com');

    const network = (props.network ?? CoiledGcpNetwork.publicSubnet()).bind(new Construct(this, 'Network'), {
      projectId: this.projectId,
      region: this.region,
      networkName: names.networkName,
      subnetName: names.subnetName,
      routerName: names.routerName,
      natName: names.natName,
      dependsOn: computeApi,
    });
    this.networkMode = network.mode;
    this.networkSelfLink = network.networkSelfLink;
    this.subnetSelfLink = network.subnetSelfLink;
    this.workersPublicIp = network.workersPublicIp;
    this.schedulerPublicIp = network.schedulerPublicIp;
    this.schedulerTag = names.schedulerTag;
    this.clusterTag = names.clusterTag;

    this.firewall = new CoiledGcpFirewall(this, 'Firewall', withOuterNames({
      projectId: this.projectId,
      network: network.networkSelfLink,
      subnetCidr: network.subnetCidr,
      schedulerTag: names.schedulerTag,
      clusterTag: names.clusterTag,
      namePrefix: names.prefix,
      ingress: props.ingress,
      schedulerPort: props.schedulerPort,
      workerPorts: props.workerPorts,
      restrictEgress: props.restrictEgress,
      dataSources: props.dataSources,
      logging: props.firewallLogging,
      ruleQuota: props.firewallRuleQuota,
      workersPublicIp: network.workersPublicIp,
      schedulerPublicIp: network.schedulerPublicIp,
      dependsOn: computeApi,
      workspaceName: this.workspaceName,
    }, { logging: 'firewallLogging', ruleQuota: 'firewallRuleQuota' }));
    this._networkModel = this.firewall._model;
    this.ingressRules = this._networkModel.ingress.map((r) => ({ ports: r.ports, cidr: r.cidr, description: r.description }));

    this.serviceAccounts = new CoiledGcpServiceAccounts(this, 'ServiceAccounts', {
      projectId: this.projectId,
      workspaceName: this.workspaceName,
      controlPlaneServiceAccountId: names.controlPlaneServiceAccountId,
      dataServiceAccountId: names.dataServiceAccountId,
      controlPlaneRoleId: names.controlPlaneRoleId,
      dataRoleId: names.dataRoleId,
      createServiceAccountKey: props.createServiceAccountKey,
      dependsOn: iamApis,
    });
    this.controlPlaneServiceAccountEmail = this.serviceAccounts.controlPlaneServiceAccount.email;
    this.dataServiceAccountEmail = this.serviceAccounts.dataServiceAccount.email;
    this.controlPlaneRoleId = names.controlPlaneRoleId;
    this.dataRoleId = names.dataRoleId;
    this.keyCommand = this.serviceAccounts.keyCommand;
    this.serviceAccountKeyCreated = this.serviceAccounts.key !== undefined;

    if (props.artifactRegistry) {
      const repository = new google.ArtifactRegistryRepository(this, 'ArtifactRegistry', {
        project: this.projectId,
        location: this.region,
        // Coiled's control plane expects exactly this name (coiled-contract §4.1, step 5).
        repositoryId: 'coiled',
        format: 'DOCKER',
        description: 'Software environments Coiled builds for this project',
        labels: { 'coiled-workspace': gcpLabel(this.workspaceName) },
        dependsOn: apis?.servicesNamed(ARTIFACT_REGISTRY_API),
      });
      new GenericArtifactRegistryRepositoryIamMember(this, 'ArtifactRegistryRepoAdmin', {
        project: this.projectId,
        location: this.region,
        repository: repository.name,
        role: 'roles/artifactregistry.repoAdmin',
        member: this.serviceAccounts.controlPlaneServiceAccount.member,
      });
      // Domain-scoped project ids (example.com:my-project) appear as example.com/my-project in the URL.
      this.artifactRegistryRepository = `${this.region}-docker.pkg.dev/${Token.isUnresolved(this.projectId) ? this.projectId : this.projectId.replace(':', '/')}/coiled`;
    }

    for (const [i, secret] of checkSecretList(gcpScope(this), props.secrets).entries()) this.createSecret(secret?.name, secret, `secrets[${i}]`);
  }

  /** The secrets the cluster VMs may read, in the order they were added. */
  public get secrets(): CoiledGcpSecret[] {
    return [...this.secretList];
  }

  /**
   * Adds a secret the cluster VMs may read: a Secret Manager secret `coiled-<workspace>-<name>`
   * (or an existing one, adopted), `roles/secretmanager.secretAccessor` on it alone for the data
   * service account, nothing for the control plane, and no version in Terraform state:
   * `npx coiled-byoc handoff` prints the `gcloud secrets versions add` command, the
   * `environ={...}` that tells the cluster its name, and the Python that reads it there.
   */
  public addSecret(id: string, props: CoiledGcpSecretProps): CoiledGcpSecret {
    checkCall('gcp.CoiledGcpWorkspace.addSecret', this.node.path, [id, props]);
    return this.createSecret(id, props, `addSecret('${id}')`);
  }

  private createSecret(id: string, props: CoiledGcpSecretProps, input: string): CoiledGcpSecret {
    const secret = CoiledGcpSecret._create(this, id, props, input, {
      projectId: this.projectId,
      workspaceName: this.workspaceName,
      label: gcpLabel(this.workspaceName),
      dataMember: this.serviceAccounts.dataServiceAccount.member,
      registry: this.secretRegistry,
      api: () => this.apis && [this.apis.enable(SECRET_MANAGER_API)],
      checkProjectId: (v, inputName, value) => checkProjectId(v, value, inputName),
    });
    if (secret.resource) {
      const root = this.node.root;
      const taken = claimsByApp.get(root) ?? new Map<string, string>();
      claimsByApp.set(root, taken);
      const where = Token.isUnresolved(secret.projectId) ? "the stack's project" : `project ${secret.projectId}`;
      claimNames(gcpScope(this), taken, [
        { input: `${input}.name`, inputValue: secret.name, key: `${secret.projectId}/secret/${secret.secretId}`, name: secret.secretId, where, fix: 'Secret Manager ids are unique per project: each workspace needs its own Coiled workspace name' },
      ]);
    }
    this.secretList.push(secret);
    this._onSecretAdded?.();
    return secret;
  }

  /** Lets the cluster VMs read objects of a GCS bucket (`roles/storage.objectViewer` on that bucket). Granting twice is harmless. */
  public grantBucketRead(bucketName: string): void {
    checkCall('gcp.CoiledGcpWorkspace.grantBucketRead', this.node.path, [bucketName]);
    this.grantBucket(bucketName, 'roles/storage.objectViewer', 'BucketRead');
  }

  /** Lets the cluster VMs read and write objects of a GCS bucket (`roles/storage.objectUser` on that bucket). Granting twice is harmless. */
  public grantBucketReadWrite(bucketName: string): void {
    checkCall('gcp.CoiledGcpWorkspace.grantBucketReadWrite', this.node.path, [bucketName]);
    this.grantBucket(bucketName, 'roles/storage.objectUser', 'BucketReadWrite');
  }

  /**
   * Lets the cluster VMs read a BigQuery dataset's tables (`roles/bigquery.dataViewer` on that
   * dataset). Running queries also needs `grantBigQueryJobUser` on the project that pays for them.
   * Granting twice is harmless.
   *
   * @param datasetId the dataset
   * @param projectId the dataset's project (defaults to the workspace project)
   */
  public grantBigQueryDatasetRead(datasetId: string, projectId?: string): void {
    checkCall('gcp.CoiledGcpWorkspace.grantBigQueryDatasetRead', this.node.path, [datasetId, projectId]);
    const v = gcpScope(this);
    checkResourceName(v, 'datasetId', datasetId, /^[A-Za-z0-9_]{1,1024}$/, 'a BigQuery dataset id (letters, digits, underscores)', (x) => x.replace(/[^A-Za-z0-9_]+/g, '_'));
    const project = projectId === undefined ? this.projectId : checkProjectId(v, projectId, 'projectId');
    const id = `DatasetRead-${project}-${datasetId}`;
    // The same grant twice is one binding: idempotent, like IAM itself.
    if (this.node.tryFindChild(id)) return;
    new GenericBigqueryDatasetIamMember(this, id, {
      project,
      datasetId,
      role: 'roles/bigquery.dataViewer',
      member: this.serviceAccounts.dataServiceAccount.member,
    });
  }

  /**
   * Lets the cluster VMs run BigQuery jobs billed to a project (`roles/bigquery.jobUser`, a
   * project-level role by nature). Granting twice is harmless.
   *
   * @param projectId the project the jobs run in (defaults to the workspace project)
   */
  public grantBigQueryJobUser(projectId?: string): void {
    checkCall('gcp.CoiledGcpWorkspace.grantBigQueryJobUser', this.node.path, [projectId]);
    const project = projectId === undefined ? this.projectId : checkProjectId(gcpScope(this), projectId, 'projectId');
    const id = `BigQueryJobUser-${project}`;
    if (this.node.tryFindChild(id)) return;
    new GenericProjectIamMember(this, id, { project, role: 'roles/bigquery.jobUser', member: this.serviceAccounts.dataServiceAccount.member });
  }

  private grantBucket(bucketName: string, role: string, kind: string): void {
    checkResourceName(gcpScope(this), 'bucketName', bucketName, BUCKET_NAME, 'a GCS bucket name (3-63 characters, or up to 222 with dots: lowercase letters, digits, dots, hyphens, underscores; starts and ends with a letter or digit)', (x) =>
      x.trim().replace(/^gs:\/\//, '').replace(/\/.*$/, '').toLowerCase(),
    );
    const id = `${kind}-${bucketName}`;
    if (this.node.tryFindChild(id)) return;
    new GenericStorageBucketIamMember(this, id, { bucket: bucketName, role, member: this.serviceAccounts.dataServiceAccount.member });
  }

  /** Fails early when another workspace of this app already creates one of our project-unique names. */
  private claimNames(names: ReturnType<typeof gcpNames>, props: CoiledGcpWorkspaceProps): void {
    const root = this.node.root;
    const taken = claimsByApp.get(root) ?? new Map<string, string>();
    claimsByApp.set(root, taken);
    const project = this.projectId;
    const inProject = Token.isUnresolved(project) ? "the stack's project" : `project ${project}`;
    const inRegion = `${inProject}, ${Token.isUnresolved(this.region) ? "the workspace's region" : `region ${this.region}`}`;
    const fix = 'give each workspace in one project its own namePrefix (or service-account ids)';
    const given: Record<string, unknown> = { ...props };
    const claim = (input: string, kind: string, name: string, where = inProject, scoped = project, why = fix): NameClaim => ({
      input,
      inputValue: given[input] ?? name,
      key: `${scoped}/${kind}/${name}`,
      name,
      where,
      fix: why,
    });
    const prefixInput = props.namePrefix !== undefined ? 'namePrefix' : 'workspaceName';
    const claims = [
      claim(props.controlPlaneServiceAccountId !== undefined ? 'controlPlaneServiceAccountId' : prefixInput, 'service-account', names.controlPlaneServiceAccountId),
      claim(props.dataServiceAccountId !== undefined ? 'dataServiceAccountId' : prefixInput, 'service-account', names.dataServiceAccountId),
      claim(prefixInput, 'role', names.controlPlaneRoleId),
      claim(prefixInput, 'role', names.dataRoleId),
      // Networks and firewall rules are global; subnets and routers regional.
      claim(prefixInput, 'network', names.networkName),
      claim(prefixInput, 'firewall', names.firewallName('internal')),
      claim(prefixInput, 'subnetwork', names.subnetName, inRegion, `${project}/${this.region}`),
      claim(prefixInput, 'router', names.routerName, inRegion, `${project}/${this.region}`),
    ];
    if (props.artifactRegistry) {
      claims.push(
        claim('artifactRegistry', 'artifact-registry', 'coiled', inRegion, `${project}/${this.region}`, 'Coiled fixes the repository name "coiled": only one workspace per project and region can create it; set artifactRegistry on one of them (the other workspaces of the project use the same repository)'),
      );
    }
    claimNames(gcpScope(this), taken, claims);
  }
}

/** GCS bucket names (Cloud Storage "Bucket names"): 3-63 characters, up to 222 when dotted. */
const BUCKET_NAME = /^(?=.{3,222}$)(?!goog)[a-z0-9](?:[a-z0-9._-]*[a-z0-9])?$/;

const REGION = /^[a-z]+-[a-z]+[0-9]+$/;

export function checkProjectId(v: ValidationScope, value: string, input = 'projectId'): string {
  if (Token.isUnresolved(value)) return value;
  const projectId = new RegExp(`^${gcpProjectIdSource()}$`);
  if (typeof value !== 'string' || !projectId.test(value)) {
    const trimmed = typeof value === 'string' ? value.trim() : '';
    fail(v, {
      code: ErrorCode.INVALID_PROJECT_ID,
      input,
      value,
      problem: 'a GCP project id has 6-30 lowercase letters, digits and hyphens, starts with a letter and does not end with a hyphen (legacy ids may start with a domain, "example.com:my-project")',
      fix: /^\d+$/.test(trimmed) ? 'that is the project *number*; use the project id (e.g. "my-project-123456")' : 'use the project *id* (e.g. "my-project-123456"), not its display name or number',
      suggestion: projectId.test(trimmed.toLowerCase()) ? { input, value: trimmed.toLowerCase() } : undefined,
    });
  }
  return value;
}

export function checkRegion(v: ValidationScope, value: string): string {
  if (Token.isUnresolved(value)) return value;
  if (typeof value !== 'string' || !REGION.test(value)) {
    const text = typeof value === 'string' ? value.trim().toLowerCase() : '';
    const fromZone = /[a-z0-9]-[a-z]$/.test(text) && REGION.test(text.replace(/-[a-z]$/, '')) ? text.replace(/-[a-z]$/, '') : undefined;
    const region = fromZone ?? (REGION.test(text) ? text : undefined);
    fail(v, {
      code: ErrorCode.INVALID_REGION,
      input: 'region',
      value,
      problem: fromZone ? 'that is a zone, not a region' : 'not a GCP region name',
      fix: region ? `use "${region}"` : 'use a region such as "us-east1"',
      suggestion: region ? { input: 'region', value: region } : undefined,
    });
  }
  return value;
}

function checkResourceName(v: ValidationScope, input: string, value: string, pattern: RegExp, what: string, clean: (text: string) => string): void {
  if (Token.isUnresolved(value)) return;
  if (typeof value !== 'string' || !pattern.test(value)) {
    const cleaned = typeof value === 'string' ? clean(value) : '';
    fail(v, {
      code: ErrorCode.INVALID_NAME,
      input,
      value,
      problem: `not ${what}`,
      fix: pattern.test(cleaned) ? `write "${cleaned}"` : 'pass the name exactly as it appears in the console',
      suggestion: pattern.test(cleaned) ? { input, value: cleaned } : undefined,
    });
  }
}

function gcpLabel(value: string): string {
  return value.toLowerCase().replace(/[^a-z0-9_-]/g, '-').slice(0, 63);
}
