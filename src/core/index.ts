// The cloud-neutral types users write in both clouds' props. Everything else in src/core is
// internal to the library.
export { IngressRule, EgressRule, Ingress, IpFamily } from './ingress';
export { SchedulerPorts, WorkerPorts } from './ports';
export { WorkspaceFirewallOptions } from './firewall-options';
export { CoiledSecretOptions } from './secrets';
// Users catch and branch on the library's errors (TypeScript/JavaScript: `instanceof
// CoiledByocError`; every language: CoiledByocErrors.codeOf).
export { CoiledByocError, CoiledByocErrors, ErrorCode } from './errors';
