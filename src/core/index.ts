// The cloud-neutral types users write in both clouds' props. Everything else in src/core is
// internal to the library.
export { IngressRule, EgressRule, Ingress } from './ingress';
export { SchedulerPorts, WorkerPorts } from './ports';
export { WorkspaceFirewallOptions } from './firewall-options';
export { CoiledSecretOptions } from './secrets';
