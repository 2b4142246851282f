import { ManagementClient } from '@wheelhouse/registry-client';
import { Candidate } from './candidates';
import { ManageInputs } from './inputs';

/** Carries out the operation on one planned version through the management API. */
export async function applyOperation(
  client: ManagementClient,
  inputs: ManageInputs,
  target: Candidate,
): Promise<void> {
  const { package: name } = inputs;
  const { version } = target;
  switch (inputs.operation) {
    case 'disable':
      await client.disable(name, version, inputs.reason!);
      return;
    case 'enable':
      await client.enable(name, version);
      return;
    case 'yank':
      await client.yank(name, version, inputs.reason);
      return;
    case 'unyank':
      await client.unyank(name, version);
      return;
    case 'delete':
      await client.delete(name, version, inputs.reason);
      return;
    case 'cleanup':
      await client.delete(
        name,
        version,
        inputs.reason ?? cleanupReason(inputs),
      );
      return;
    case 'restore':
      await client.restore(name, version);
      return;
    case 'set-metadata':
      await client.updateMetadata(name, version, { set: inputs.metadata });
      return;
    case 'remove-metadata':
      await client.updateMetadata(name, version, { remove: inputs.keys });
      return;
    case 'tag':
      await client.setTag(name, inputs.tag!, version);
      return;
    case 'untag':
      await client.removeTag(name, inputs.tag!);
      return;
    default:
      // Unreachable: inputs.ts accepts only the operations above.
      throw new Error(`Unknown operation: ${String(inputs.operation)}`);
  }
}

/** Recorded in the audit trail and the recycle bin, so nobody wonders later who deleted these. */
export function cleanupReason(inputs: Pick<ManageInputs, 'cleanup'>): string {
  const rules = [];
  if (inputs.cleanup.keepNewest !== undefined)
    rules.push(`keep the newest ${inputs.cleanup.keepNewest}`);
  if (inputs.cleanup.olderThanDays !== undefined)
    rules.push(`older than ${inputs.cleanup.olderThanDays} days`);
  if (inputs.cleanup.prereleasesOnly) rules.push('pre-releases only');
  else if (inputs.cleanup.includePrereleases)
    rules.push('counting pre-releases');
  return `cleanup (${rules.join(', ')})`;
}
