// Bring your own network: the VPC and subnets exist (routing, NAT and peering are yours); the
// workspace adds the security groups, the VM identity and the control-plane role, which Coiled
// may launch only into this VPC.
import { App, Validations } from 'aws-cdk-lib';
import { aws } from 'coiled-byoc/aws';

export function build(app: App): aws.CoiledWorkspaceStack {
  const stack = new aws.CoiledWorkspaceStack(app, 'CoiledExistingVpc', {
    workspaceName: 'my-team-byo',
    externalId: aws.ExternalId.fromContext(app),
    network: aws.CoiledNetwork.existing({
      vpcId: 'vpc-0123456789abcdef0',
      subnetIds: ['subnet-0123456789abcdef0', 'subnet-0fedcba9876543210'],
      // These subnets route to your NAT; clients come in over the corporate network.
      workersPublicIp: false,
      schedulerPublicIp: false,
    }),
    ingress: [{ ports: [443], cidr: '172.16.0.0/12', description: 'Corporate network' }],
  });

  // Compliance-pack (cdk-nag) acknowledgements for this example's choices, with the reasons.
  // Log groups are encrypted at rest by CloudWatch Logs with service-owned keys. A customer-managed
  // key (encryptLogs: true) adds ~$1/month; organisations that mandate one turn it on.
  for (const pack of ['NIST.800.53.R5', 'HIPAA.Security', 'PCI.DSS.321']) {
    Validations.of(stack).acknowledge({ id: `${pack}-CloudWatchLogGroupEncrypted`, reason: 'Encrypted at rest by CloudWatch Logs service keys; customer-managed KMS is opt-in (encryptLogs)' });
  }
  return stack;
}

if (require.main === module) {
  const app = new App();
  build(app);
  app.synth();
}
