// Coiled's firewall example: the Dask scheduler port (8786) from a VPN, the dashboard (8787) from
// a paired VPC. Coiled's docs write the VPN block as 10.1.0.2/16; it is used as 10.1.0.0/16, with
// a warning naming both forms. Also Coiled's remote-data example: clusters read one S3 bucket with
// the VM identity, no keys handed over.
import { App } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { aws } from 'coiled-byoc';

export function build(app: App): aws.CoiledWorkspaceStack {
  const stack = new aws.CoiledWorkspaceStack(app, 'CoiledSeedFirewall', {
    workspaceName: 'my-team-seed',
    externalId: app.node.getContext('coiledExternalId'),
    ingress: [
      { ports: [8786], cidr: '10.1.0.2/16', description: 'Dask scheduler from the VPN' },
      { ports: [8787], cidr: '10.32.0.0/16', description: 'Dask dashboard from the paired VPC' },
    ],
    schedulerPort: 8786,
  });
  const data = s3.Bucket.fromBucketName(stack, 'Data', 'my-team-data');
  data.grantRead(stack.workspace);
  return stack;
}

if (require.main === module) {
  const app = new App();
  build(app);
  app.synth();
}
