/**
 * The flow matrix and the contract check, as a reviewer reads them: a Markdown table (it reads
 * as plain text in a terminal or a CI log, and renders in docs), and JSON for scripts.
 */
import { FlowCell, FlowMatrix, FlowSource, ROLES } from './flow-analysis';
import { Finding, NetworkAnalysis } from './flow-contract';

/** A Markdown table cell ends at a `|` and its row at a line break: both kept out of the text. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** What a cell admits: `TCP 443` and, when only part of the source gets it, says so. */
export function describeCell(c: FlowCell): string {
  const parts: string[] = [];
  if (!c.full.isEmpty()) parts.push(c.full.toString());
  if (!c.partial.isEmpty()) parts.push(`${c.partial} (from part of it)`);
  return parts.join('; ');
}

function routeOf(analysis: NetworkAnalysis, c: FlowCell, source: FlowSource): string {
  if (c.path) return c.path.kind === 'none' ? `no route: ${c.path.via}` : c.path.kind === 'unknown' ? `unknown: ${c.path.via}` : c.path.via;
  const role = ROLES.find((r) => r === c.destination);
  if (source.kind === 'internet' && role) {
    const publicAddress = analysis.input.roles[role].publicAddress;
    return publicAddress === 'yes' ? 'public IP' : publicAddress === 'no' ? 'no public IP: firewall only' : 'public IP not in this file';
  }
  return '';
}

/** The matrix as a Markdown table, in source then destination order. */
export function matrixTable(analysis: NetworkAnalysis, matrix: FlowMatrix = analysis.matrix): string[] {
  const rows = ['| Source | Destination | Allowed | Route | Allowed by |', '|---|---|---|---|---|'];
  const sources = new Map(matrix.sources.map((s, i) => [s.id, { source: s, rank: i }]));
  const destinations = new Map(matrix.destinations.map((d, i) => [d.id, { destination: d, rank: i }]));
  const rank = (c: FlowCell) => sources.get(c.source)!.rank * (matrix.destinations.length + 1) + destinations.get(c.destination)!.rank;
  const cells = [...matrix.cells].sort((a, b) => rank(a) - rank(b));
  for (const c of cells) {
    const source = sources.get(c.source)!.source;
    const destination = destinations.get(c.destination)!.destination.label;
    rows.push(`| ${cell(source.label)} | ${cell(destination)} | ${cell(describeCell(c))} | ${cell(routeOf(analysis, c, source))} | ${cell(c.allowedBy.map((r) => `\`${r}\``).join(', '))} |`);
  }
  return rows;
}

/** Who the cluster's VMs are, in the file's own terms. */
export function rolesSummary(analysis: NetworkAnalysis): string[] {
  return ROLES.map((name) => {
    const r = analysis.input.roles[name];
    return `- **${name === 'scheduler' ? 'Scheduler' : 'Workers'}**: ${r.membershipLabel}; addresses ${r.addressLabel}; public IP: ${r.publicAddress}; internet: ${r.internet.via}; ${analysis.input.objectStore.label}: ${r.objectStore.via}`;
  });
}

export function findingsList(findings: readonly Finding[]): string[] {
  const order: Record<Finding['severity'], number> = { violation: 0, warning: 1, note: 2 };
  const counts = (s: Finding['severity']) => findings.filter((f) => f.severity === s).length;
  const head = `${counts('violation')} violation(s), ${counts('warning')} warning(s), ${counts('note')} note(s)`;
  return [head, ...[...findings].sort((a, b) => order[a.severity] - order[b.severity]).map((f) => `- ${f.severity.toUpperCase()} [${f.code}] ${f.message}`)];
}

/** Everything `coiled-byoc analyze` prints. */
export function renderAnalysis(analysis: NetworkAnalysis, file: string): string {
  const { input } = analysis;
  return [
    `Coiled workspace "${input.workspace}" on ${input.cloud.toUpperCase()}: network flows of ${file} (${input.origin}); contract ${input.contractSource}`,
    '',
    ...rolesSummary(analysis),
    '',
    ...matrixTable(analysis),
    '',
    `Check against Coiled's network contract: ${findingsList(analysis.findings).join('\n')}`,
  ].join('\n');
}

/** The same, for scripts. */
export function analysisJson(analysis: NetworkAnalysis): unknown {
  // Every cell of a computed matrix names one of its own rows and columns (as in matrixTable).
  const label = (list: ReadonlyArray<{ id: string; label: string }>, id: string) => list.find((x) => x.id === id)!.label;
  return {
    workspace: analysis.input.workspace,
    cloud: analysis.input.cloud,
    contract: analysis.input.contract ?? null,
    flows: analysis.matrix.cells.map((c) => ({
      source: label(analysis.matrix.sources, c.source),
      destination: label(analysis.matrix.destinations, c.destination),
      allowed: c.full.toString(),
      allowedFromPartOfSource: c.partial.isEmpty() ? undefined : c.partial.toString(),
      route: c.path,
      allowedBy: c.allowedBy,
    })),
    findings: analysis.findings,
  };
}
