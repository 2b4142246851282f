import { RunContext } from './toolkit';

/**
 * Where a build came from, as custom metadata keys on the version: enough to trace any installed version back to
 * its commit and workflow run. Empty values (a variable not set outside Actions) are left out.
 */
export function buildMetadata(context: RunContext): Record<string, string> {
  const runUrl =
    context.serverUrl && context.repository && context.runId
      ? `${context.serverUrl.replace(/\/+$/, '')}/${context.repository}/actions/runs/${context.runId}`
      : '';
  const entries: [string, string][] = [
    ['github.sha', context.sha],
    ['github.ref', context.ref],
    ['github.repository', context.repository],
    ['github.workflow', context.workflow],
    ['github.run_id', context.runId],
    ['github.run_url', runUrl],
    ['github.actor', context.actor],
    ['github.event_name', context.eventName],
  ];
  return Object.fromEntries(entries.filter(([, value]) => value !== ''));
}
