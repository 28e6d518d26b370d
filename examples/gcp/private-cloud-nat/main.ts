// VMs without external IPs: Cloud Router + Cloud NAT for egress, Private Google Access for GCS and
// BigQuery, flow logs on the subnet. Clients reach the scheduler over your VPN.
import { App } from 'cdktf';
import { Ingress, gcp } from 'coiled-byoc/gcp';

export function build(app: App): gcp.CoiledGcpStack {
  return new gcp.CoiledGcpStack(app, 'coiled-private', {
    projectId: 'my-project-123456',
    region: 'us-east1',
    workspaceName: 'my-team-private',
    network: gcp.CoiledGcpNetwork.privateSubnet({ flowLogs: true }),
    ingress: [Ingress.coiledDefault('10.8.0.0/16')],
  });
}

if (require.main === module) {
  const app = new App();
  build(app);
  app.synth();
}
