// VMs without public IPs: private subnets whose egress goes through one NAT instance (a fraction
// of a NAT gateway's price), the free S3 gateway endpoint (S3 traffic stays off the NAT), VPC flow
// logs. The scheduler is private too: clients reach it over your VPN (use_scheduler_public_ip=false),
// which is the only source the ingress allows.
import { App, Validations } from 'aws-cdk-lib';
import { aws, Ingress } from 'coiled-byoc/aws';

export function build(app: App): aws.CoiledWorkspaceStack {
  const stack = new aws.CoiledWorkspaceStack(app, 'CoiledPrivate', {
    workspaceName: 'my-team-private',
    externalId: aws.ExternalId.fromContext(app),
    network: aws.CoiledNetwork.privateSubnets({
      natType: aws.NatType.INSTANCE,
      s3GatewayEndpoint: true,
      flowLogs: true,
    }),
    ingress: [Ingress.coiledDefault('10.8.0.0/16')],
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
