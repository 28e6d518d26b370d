import { AnnotationMetadataEntryType } from 'cdktf';
// Not in cdktf's index, but its only hook that runs inside a real synthesis (after aspects and
// validations, before cdktf throws on error annotations) and never in `Testing.synth`. cdktf is
// archived at 0.21 (our peer range), so this internal path cannot move under us.
import { addCustomSynthesis } from 'cdktf/lib/synthesize/synthesizer';
import { IConstruct } from 'constructs';
import { synthReportOutput } from './synth-report-output';

/**
 * The cdktf CLI runs the app with this variable set and prints every annotation of the manifest
 * itself; without the CLI (`node main.ts`, `ts-node`, `tsx`) nobody does, and warnings would only
 * land in cdktf.out/manifest.json.
 */
const CDKTF_CLI_PRINTS_ANNOTATIONS = 'CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS';

const LEVELS: Record<string, string> = { [AnnotationMetadataEntryType.WARN]: 'WARN', [AnnotationMetadataEntryType.INFO]: 'INFO' };

/**
 * Prints the warnings (and infos) on `scope` and everything under it to stderr when its stack is
 * synthesized, unless the cdktf CLI will print them. Errors need no report: the library throws
 * its own, and cdktf throws on error annotations, so both reach the terminal on every path.
 */
export function reportAnnotationsAtSynth(scope: IConstruct): void {
  addCustomSynthesis(scope, {
    onSynthesize: () => {
      if (process.env[CDKTF_CLI_PRINTS_ANNOTATIONS] === 'true') return;
      const lines = scope.node
        .findAll()
        .flatMap((c) => c.node.metadata.filter((m) => LEVELS[m.type]).map((m) => `${LEVELS[m.type]} [${c.node.path}]: ${String(m.data)}`));
      if (lines.length > 0) synthReportOutput.write(`${lines.join('\n')}\n`);
    },
  });
}
