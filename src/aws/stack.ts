import { Aws, CfnOutput, Fn, Lazy, Stack, StackProps } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { checkedConstructorScope } from './private/entry';
import { CoiledWorkspace, CoiledWorkspaceProps } from './workspace';
import { pickProps } from '../core/api-check';
import { AWS_OUTPUT_KEYS, INGRESS_TOO_LONG_NOTE, MAX_OUTPUT_VALUE_LENGTH } from '../core/handoff';
import { SECRETS_TOO_LONG_NOTE, secretsOutputValue } from '../core/handoff-secrets';

/** Props of {@link CoiledWorkspaceStack}. */
export interface CoiledWorkspaceStackProps extends StackProps, CoiledWorkspaceProps {}

/**
 * A stack holding one Coiled workspace and one output per value Coiled needs, ready for
 * `cdk deploy --outputs-file out.json` followed by `npx coiled-byoc handoff out.json`.
 */
export class CoiledWorkspaceStack extends Stack {
  /** The workspace. */
  public readonly workspace: CoiledWorkspace;

  constructor(scope: Construct, id: string, props: CoiledWorkspaceStackProps) {
    super(checkedConstructorScope('aws.CoiledWorkspaceStack.new', scope, id, props), id, props);
    const ws = new CoiledWorkspace(this, 'Workspace', pickProps<CoiledWorkspaceProps>('aws.CoiledWorkspaceProps', props));
    this.workspace = ws;

    const output = (key: keyof typeof AWS_OUTPUT_KEYS, value: string, description: string) =>
      new CfnOutput(this, AWS_OUTPUT_KEYS[key], { value, description });
    const list = (values: string[]) => (values.length === 0 ? '' : Fn.join(',', values));

    output('cloud', 'aws', 'Cloud of this Coiled workspace');
    output('workspaceName', ws.workspaceName, 'Coiled workspace name');
    output('region', Aws.REGION, 'Region');
    output('controlPlaneRoleArn', ws.controlPlane.roleArn, 'Coiled setup: Role ARN');
    output('externalId', ws.externalId, 'Coiled setup: External ID');
    output('instanceProfileArn', ws.instanceProfile.instanceProfileArn, 'Coiled infrastructure: instance profile ARN');
    output('instanceProfileName', ws.instanceProfile.instanceProfileName, 'Coiled infrastructure: instance profile name');
    output('instanceRoleArn', ws.instanceRole.roleArn, 'Role the cluster VMs run as');
    output('vpcId', ws.vpc.vpcId, 'Coiled infrastructure: VPC (network_id)');
    output('subnetIds', list(ws.subnetIds), 'Coiled infrastructure: subnets');
    output('schedulerSubnetIds', list(ws.schedulerSubnetIds), 'Subnets for the scheduler (scheduler_subnet_id)');
    output('workerSubnetIds', list(ws.workerSubnetIds), 'Subnets for workers (worker_subnet_id)');
    output('schedulerSecurityGroupId', ws.schedulerSecurityGroup.securityGroupId, 'Scheduler security group (scheduler_firewall_id)');
    output('clusterSecurityGroupId', ws.clusterSecurityGroup.securityGroupId, 'Cluster security group (firewall_id)');
    output('logGroupName', ws.logGroupName, 'CloudWatch log group of the clusters');
    output('giveWorkersPublicIp', String(ws.workersPublicIp), 'give_workers_public_ip');
    output('useSchedulerPublicIp', String(ws.schedulerPublicIp), 'use_scheduler_public_ip');
    const ingress = JSON.stringify(ws.ingressRules.map((r) => ({ ports: r.ports, cidr: r.cidr })));
    // A CloudFormation output holds at most 4 KB: a longer list is replaced by a note the hand-off
    // command recognises and explains.
    const note = `${INGRESS_TOO_LONG_NOTE}: ${ws.ingressRules.length} rules, ${ingress.length} characters; copy the list from the ingress prop of the stack`;
    output('ingress', ingress.length <= MAX_OUTPUT_VALUE_LENGTH ? ingress : note, 'coiled.backend-options.ingress');
    if (ws.natPublicIps.length > 0) output('natPublicIps', list(ws.natPublicIps), 'Static egress IPs (allow-list these at your data sources)');

    // Secrets may be added after this constructor (workspace.addSecret): the output appears with
    // the first one and lists every one at synth.
    const secretsOutput = () => {
      const value = Lazy.string({
        produce: () => {
          const json = secretsOutputValue(ws.secrets.map((s) => s._handoff()));
          return json.length <= MAX_OUTPUT_VALUE_LENGTH ? json : SECRETS_TOO_LONG_NOTE;
        },
      });
      output('secrets', value, 'Secrets the cluster VMs may read (npx coiled-byoc handoff prints how to set and read each)');
    };
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
