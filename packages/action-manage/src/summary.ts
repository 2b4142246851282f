import { Candidate } from './candidates';

export interface Outcome {
  version: string;
  status: Candidate['status'];
  /** `done`; `planned` in a dry run; `failed` with the server's message; `skipped` with why. */
  result: 'done' | 'planned' | 'failed' | 'skipped';
  detail?: string;
}

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

const RESULT: Record<Outcome['result'], string> = {
  done: 'done',
  planned: 'would change (dry run)',
  failed: 'failed',
  skipped: 'skipped',
};

/** The job summary: what was asked, then one row per version with its status before and what happened. */
export function manageSummary(options: {
  operation: string;
  package: string;
  repository: string;
  dryRun: boolean;
  outcomes: Outcome[];
}): string {
  const title = `${options.dryRun ? 'Dry run: ' : ''}${options.operation} ${options.package} in Wheelhouse repository ${options.repository}`;
  const lines = [`<h2>${escapeHtml(title)}</h2>`];
  if (!options.outcomes.length) {
    lines.push('<p>No version matched: nothing to do.</p>');
  } else {
    lines.push(
      '<table>',
      '<tr><th>Version</th><th>Status before</th><th>Result</th></tr>',
    );
    for (const outcome of options.outcomes) {
      const result = outcome.detail
        ? `${RESULT[outcome.result]}: ${outcome.detail}`
        : RESULT[outcome.result];
      lines.push(
        `<tr><td><code>${escapeHtml(outcome.version)}</code></td><td>${escapeHtml(outcome.status)}</td><td>${escapeHtml(result)}</td></tr>`,
      );
    }
    lines.push('</table>');
  }
  return `${lines.join('\n')}\n`;
}
