// Coiled's firewall example on GCP: 8786 from a VPN (written 10.1.0.2/16 in Coiled's docs, used as
// 10.1.0.0/16 with a warning), 8787 from a paired VPC. Also Coiled's GCP data paragraph: the
// coiled-data account reads one bucket, granted on the bucket, not the project.
import { App } from 'cdktf';
import { gcp } from 'coiled-byoc/gcp';

export function build(app: App): gcp.CoiledGcpStack {
  const stack = new gcp.CoiledGcpStack(app, 'coiled-seed-firewall', {
    projectId: 'my-project-123456',
    region: 'us-east1',
    workspaceName: 'my-team-seed',
    ingress: [
      { ports: [8786], cidr: '10.1.0.2/16', description: 'Dask scheduler from the VPN' },
      { ports: [8787], cidr: '10.32.0.0/16', description: 'Dask dashboard from the paired VPC' },
    ],
    schedulerPort: 8786,
  });
  stack.workspace.grantBucketRead('my-team-data');
  return stack;
}

if (require.main === module) {
  const app = new App();
  build(app);
  app.synth();
}
