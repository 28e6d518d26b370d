import { Lazy, TerraformOutput, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { checkedConstructorScope } from './private/entry';
import { addGoogleProvider } from './private/google-provider';
import { CoiledGcpWorkspace, CoiledGcpWorkspaceProps } from './workspace';
import { pickProps } from '../core/api-check';
import { GCP_OUTPUT_KEYS } from '../core/handoff';
import { secretsOutputValue } from '../core/handoff-secrets';

/** Props of {@link CoiledGcpStack}. */
export interface CoiledGcpStackProps extends CoiledGcpWorkspaceProps {}

/**
 * A Terraform stack with the Google provider for one project and region, one Coiled workspace,
 * and one output per value Coiled needs. Deploy with `cdktf deploy`, or with plain
 * `terraform -chdir=cdktf.out/stacks/<stack> init && terraform -chdir=... apply` (or OpenTofu),
 * then run `npx coiled-byoc handoff` on the outputs.
 *
 * The provider block is the construct `google` (a cdktf `TerraformProvider`); set any other provider
 * argument on it with `addOverride`, e.g.
 * `(stack.node.findChild('google') as TerraformProvider).addOverride('default_labels', { team: 'data' })`.
 */
export class CoiledGcpStack extends TerraformStack {
  /** The workspace. */
  public readonly workspace: CoiledGcpWorkspace;

  constructor(scope: Construct, id: string, props: CoiledGcpStackProps) {
    super(checkedConstructorScope('gcp.CoiledGcpStack.new', scope, id, props), id);
    addGoogleProvider(this, 'google', { project: props.projectId, region: props.region });
    const ws = new CoiledGcpWorkspace(this, 'Workspace', pickProps<CoiledGcpWorkspaceProps>('gcp.CoiledGcpWorkspaceProps', props));
    this.workspace = ws;

    const output = (key: keyof typeof GCP_OUTPUT_KEYS, value: string | boolean, description: string, sensitive = false) =>
      new TerraformOutput(this, GCP_OUTPUT_KEYS[key], { value, description, sensitive });

    output('cloud', 'gcp', 'Cloud of this Coiled workspace');
    output('workspaceName', ws.workspaceName, 'Coiled workspace name');
    output('projectId', ws.projectId, 'GCP project');
    output('region', ws.region, 'Region');
    output('networkSelfLink', ws.networkSelfLink, 'Network (network_id)');
    output('subnetSelfLink', ws.subnetSelfLink, 'Subnet (scheduler_subnet_id and worker_subnet_id)');
    output('schedulerTag', ws.schedulerTag, 'Scheduler network tag (scheduler_firewall_id)');
    output('clusterTag', ws.clusterTag, 'Cluster network tag, on every cluster VM (firewall_id)');
    output('controlPlaneServiceAccountEmail', ws.controlPlaneServiceAccountEmail, 'Service account Coiled acts as');
    output('dataServiceAccountEmail', ws.dataServiceAccountEmail, 'Service account of the VMs (instance_service_account)');
    output('controlPlaneRoleId', ws.controlPlaneRoleId, 'Custom role of the control-plane account');
    output('dataRoleId', ws.dataRoleId, 'Custom role of the VM account');
    output('giveWorkersPublicIp', ws.workersPublicIp, 'give_workers_public_ip');
    output('useSchedulerPublicIp', ws.schedulerPublicIp, 'use_scheduler_public_ip');
    output('ingress', JSON.stringify(ws.ingressRules.map((r) => ({ ports: r.ports, cidr: r.cidr }))), 'coiled.backend-options.ingress');
    if (ws.artifactRegistryRepository) output('artifactRegistry', ws.artifactRegistryRepository, 'Docker repository Coiled pushes software environments to');
    if (ws.serviceAccounts.key) {
      output('serviceAccountKey', ws.serviceAccounts.key.privateKey, 'Base64 JSON key of the control-plane account (also in state)', true);
    } else {
      output('keyCommand', ws.keyCommand, 'Create the control-plane key outside Terraform, then upload it to Coiled');
    }

    // Secrets may be added after this constructor (workspace.addSecret): the output appears with
    // the first one and lists every one at synth.
    const value = Lazy.stringValue({ produce: () => secretsOutputValue(ws.secrets.map((s) => s._handoff())) });
    const secretsOutput = () => output('secrets', value, 'Secrets the cluster VMs may read (npx coiled-byoc handoff prints how to set and read each)');
    if (ws.secrets.length > 0) {
      secretsOutput();
    } else {
      ws._onSecretAdded = () => {
        ws._onSecretAdded = undefined;
        secretsOutput();
      };
    }
  }
}
