import type { ProjectIamCustomRole } from '@cdktf/provider-google/lib/project-iam-custom-role';
import type { ServiceAccount } from '@cdktf/provider-google/lib/service-account';
import type { ServiceAccountKey } from '@cdktf/provider-google/lib/service-account-key';
import { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { COILED_DATA_ROLE_PERMISSIONS, COILED_ROLE_PERMISSIONS } from './permissions';
import { checkDependsOn, checkedConstructorScope } from './private/entry';
import { GenericProjectIamMember } from './private/generic-google';
import { google } from './private/provider-google';
import { gcpScope } from './private/scope';
import { shellQuote } from '../core/handoff';

/** Props of {@link CoiledGcpServiceAccounts}. */
export interface CoiledGcpServiceAccountsProps {
  /** GCP project. */
  readonly projectId: string;
  /** The Coiled workspace slug (for descriptions). */
  readonly workspaceName: string;
  /** Id of the account Coiled's control plane acts as (Coiled's CLI: `coiled`). */
  readonly controlPlaneServiceAccountId: string;
  /** Id of the account the VMs run as (Coiled's CLI: `coiled-data`). */
  readonly dataServiceAccountId: string;
  /** Id of the control plane's custom role (Coiled's CLI: `coiled`). */
  readonly controlPlaneRoleId: string;
  /** Id of the VMs' custom role (Coiled's CLI: `coiled_data`). */
  readonly dataRoleId: string;
  /**
   * Create a JSON key for the control-plane account in Terraform. The key then sits in Terraform
   * state in clear text, and organisation policy `iam.disableServiceAccountKeyCreation` (on by
   * default in new organisations) may block it.
   *
   * @default false - output the `gcloud` command that creates the key outside Terraform
   */
  readonly createServiceAccountKey?: boolean;
  /**
   * Resources (the IAM API) the accounts must wait for.
   *
   * @default - none
   */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * The two service accounts of a Coiled workspace, the custom roles `coiled` and `coiled_data` with
 * exactly the permissions `coiled setup gcp` grants, and additive project bindings
 * (`google_project_iam_member`: never authoritative, never removing anyone else's access).
 */
export class CoiledGcpServiceAccounts extends Construct {
  /** The account Coiled's control plane acts as. */
  public readonly controlPlaneServiceAccount: ServiceAccount;
  /** The account the cluster VMs run as. */
  public readonly dataServiceAccount: ServiceAccount;
  /** Custom role `coiled`. */
  public readonly controlPlaneRole: ProjectIamCustomRole;
  /** Custom role `coiled_data`. */
  public readonly dataRole: ProjectIamCustomRole;
  /** The key, when `createServiceAccountKey` is true. */
  public readonly key?: ServiceAccountKey;
  /** The command that creates the key outside Terraform. */
  public readonly keyCommand: string;

  constructor(scope: Construct, id: string, props: CoiledGcpServiceAccountsProps) {
    super(checkedConstructorScope('gcp.CoiledGcpServiceAccounts.new', scope, id, props), id);
    checkDependsOn(this.node.path, 'dependsOn', props.dependsOn);
    const project = props.projectId;
    this.controlPlaneRole = new google.ProjectIamCustomRole(this, 'ControlPlaneRole', {
      project,
      roleId: props.controlPlaneRoleId,
      title: 'coiled',
      description: `used by Coiled control-plane for creating infrastructure and clusters (workspace ${props.workspaceName})`,
      stage: 'GA',
      permissions: [...COILED_ROLE_PERMISSIONS],
      dependsOn: props.dependsOn,
    });
    this.dataRole = new google.ProjectIamCustomRole(this, 'DataRole', {
      project,
      roleId: props.dataRoleId,
      title: 'coiled-data',
      description: `service account attached to cluster instances for data access (workspace ${props.workspaceName})`,
      stage: 'GA',
      permissions: [...COILED_DATA_ROLE_PERMISSIONS],
      dependsOn: props.dependsOn,
    });
    this.controlPlaneServiceAccount = new google.ServiceAccount(this, 'ControlPlane', {
      project,
      accountId: props.controlPlaneServiceAccountId,
      displayName: `Coiled control plane (${props.workspaceName})`,
      description: 'Coiled acts as this account to create VMs, firewalls and logs for the workspace',
      dependsOn: props.dependsOn,
    });
    this.dataServiceAccount = new google.ServiceAccount(this, 'Data', {
      project,
      accountId: props.dataServiceAccountId,
      displayName: `Coiled cluster VMs (${props.workspaceName})`,
      description: 'Cluster VMs run as this account; grant it access to your data',
      dependsOn: props.dependsOn,
    });
    new GenericProjectIamMember(this, 'ControlPlaneRoleMember', { project, role: this.controlPlaneRole.name, member: this.controlPlaneServiceAccount.member });
    new GenericProjectIamMember(this, 'DataRoleMember', { project, role: this.dataRole.name, member: this.dataServiceAccount.member });

    // Every value quoted: the command is printed for the user to copy.
    this.keyCommand = `gcloud iam service-accounts keys create coiled-key.json --iam-account=${shellQuote(this.controlPlaneServiceAccount.email)} --project=${shellQuote(project)}`;
    if (props.createServiceAccountKey) {
      gcpScope(this).warn(
        'coiled-byoc:serviceAccountKeyInState',
        'createServiceAccountKey is on: the private key of the control-plane service account will be stored in clear text in Terraform state. Protect the state backend, or leave this off and run the printed gcloud command instead.',
      );
      this.key = new google.ServiceAccountKey(this, 'Key', { serviceAccountId: this.controlPlaneServiceAccount.name });
    }
  }
}
