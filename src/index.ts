export * from './core';
export * as aws from './aws';
export * as gcp from './gcp';
