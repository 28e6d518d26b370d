export * from './network';
export * from './firewall';
export * from './apis';
export * from './service-accounts';
export * from './workspace';
export * from './stack';
export * from './checks';
export * from './rules/rule';
