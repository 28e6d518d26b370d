// VMs without public IPs: private subnets whose egress goes through one NAT instance (a fraction
// of a NAT gateway's price), the free S3 gateway endpoint (S3 traffic stays off the NAT), VPC flow
// logs. The scheduler is private too: clients reach it over your VPN (use_scheduler_public_ip=false),
// which is the only source the ingress allows.
import { App } from 'aws-cdk-lib';
import { aws, Ingress } from 'coiled-byoc';

export function build(app: App): aws.CoiledWorkspaceStack {
  return new aws.CoiledWorkspaceStack(app, 'CoiledPrivate', {
    workspaceName: 'my-team-private',
    externalId: app.node.getContext('coiledExternalId'),
    network: aws.CoiledNetwork.privateSubnets({
      natType: aws.NatType.INSTANCE,
      s3GatewayEndpoint: true,
      flowLogs: true,
    }),
    ingress: [Ingress.coiledDefault('10.8.0.0/16')],
  });
}

if (require.main === module) {
  const app = new App();
  build(app);
  app.synth();
}
