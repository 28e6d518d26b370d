import { Annotations, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { ValidationScope } from '../../core/errors';

/** The core model's view of an AWS construct: its path, CDK tokens, CDK warnings. */
export function awsScope(construct: IConstruct): ValidationScope {
  return {
    path: construct.node.path,
    isUnresolved: (value) => Token.isUnresolved(value),
    warn: (id, message) => Annotations.of(construct).addWarningV2(id, message),
  };
}
