import { Annotations, Token } from 'cdktf';
import { IConstruct } from 'constructs';
import { ValidationScope } from '../../core/errors';

/** The core model's view of a CDKTF construct: its path, CDKTF tokens, CDKTF warnings. */
export function gcpScope(construct: IConstruct): ValidationScope {
  return {
    path: construct.node.path,
    isUnresolved: (value) => Token.isUnresolved(value),
    warn: (id, message) => Annotations.of(construct).addWarning(`[${id}] ${message}`),
  };
}
