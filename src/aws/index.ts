export * from './network';
export * from './security-groups';
export * from './instance-identity';
export * from './control-plane-role';
export * from './external-id';
export * from './secret';
export * from './workspace';
export * from './stack';
