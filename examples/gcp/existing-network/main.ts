// Bring your own network: the network and subnet exist (routing and Cloud NAT are yours); the
// workspace adds the firewall rules by network tag, the service accounts and the APIs.
import { App } from 'cdktf';
import { gcp } from 'coiled-byoc/gcp';

export function build(app: App): gcp.CoiledGcpStack {
  return new gcp.CoiledGcpStack(app, 'coiled-existing-network', {
    projectId: 'my-project-123456',
    region: 'us-east1',
    workspaceName: 'my-team-byo',
    network: gcp.CoiledGcpNetwork.existing({
      network: 'shared-vpc',
      subnetwork: 'projects/my-project-123456/regions/us-east1/subnetworks/coiled',
      workersPublicIp: false,
      schedulerPublicIp: false,
    }),
    ingress: [{ ports: [443], cidr: '172.16.0.0/12', description: 'Corporate network' }],
  });
}

if (require.main === module) {
  const app = new App();
  build(app);
  app.synth();
}
