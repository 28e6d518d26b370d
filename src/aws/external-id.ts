import { Construct } from 'constructs';
import { checkExternalId } from './control-plane-role';
import { checkCall } from './private/entry';
import { awsScope } from './private/scope';
import { ErrorCode, fail } from '../core/errors';

/**
 * Where an app reads the external ID Coiled presents when it assumes the control-plane role.
 *
 * It is a secret-ish per-customer value: it belongs on the command line or in the environment of
 * the deploy, never in a file committed next to the app. `fromContext` reads it from
 * `cdk deploy -c coiledExternalId=...` or the `COILED_EXTERNAL_ID` environment variable and fails
 * at synth, with the exact command, when neither is set.
 *
 * @example
 * new aws.CoiledWorkspaceStack(app, 'Coiled', { workspaceName: 'my-team', externalId: aws.ExternalId.fromContext(app) });
 */
export class ExternalId {
  /** The context key `fromContext` reads by default (`cdk deploy -c coiledExternalId=...`). */
  public static readonly CONTEXT_KEY = 'coiledExternalId';
  /** The environment variable `fromContext` reads when the context key is absent. */
  public static readonly ENV_VAR = 'COILED_EXTERNAL_ID';

  /**
   * The external ID from context (`-c <contextKey>=...`), else from `COILED_EXTERNAL_ID`, checked.
   *
   * @param scope any construct of the app (the app itself is fine)
   * @param contextKey the context key to read
   */
  public static fromContext(scope: Construct, contextKey: string = ExternalId.CONTEXT_KEY): string {
    checkCall('aws.ExternalId.fromContext', Construct.isConstruct(scope) ? scope.node.path || 'App' : 'ExternalId.fromContext()', [scope, contextKey]);
    const given: unknown = scope.node.tryGetContext(contextKey);
    // `-c coiledExternalId=` (nothing after the =) gives an empty string: treat it as not given.
    const fromContext = given === '' || given === null ? undefined : given;
    const fromEnv = process.env[ExternalId.ENV_VAR];
    const value = fromContext ?? (fromEnv === undefined || fromEnv.trim() === '' ? undefined : fromEnv);
    const v = { ...awsScope(scope), path: scope.node.path || 'App' };
    if (value === undefined) {
      fail(v, {
        code: ErrorCode.INVALID_EXTERNAL_ID,
        input: `context "${contextKey}"`,
        value: undefined,
        problem: `no external ID was given (neither -c ${contextKey}=... nor ${ExternalId.ENV_VAR})`,
        fix: `copy the external ID from Coiled's AWS role setup form and run \`cdk deploy -c ${contextKey}=<external-id>\` (or export ${ExternalId.ENV_VAR}=<external-id>)`,
      });
    }
    return checkExternalId(v, value, fromContext !== undefined ? `context "${contextKey}"` : ExternalId.ENV_VAR);
  }

  private constructor() {}
}
