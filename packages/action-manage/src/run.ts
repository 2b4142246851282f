import {
  describeError,
  ManagementClient,
  RetryOptions,
} from '@wheelhouse/registry-client';
import { applyOperation } from './apply';
import { loadPackageState } from './candidates';
import { ManageInputs, readManageInputs } from './inputs';
import { planOperation } from './plan';
import { manageSummary, Outcome } from './summary';
import { Toolkit } from './toolkit';

/**
 * The whole action: read inputs, plan from the registry's current state, then (unless dry-run) change each
 * planned version. A failing version does not stop the others; each failure is an error annotation with the
 * server's message and the step fails at the end. Outputs and summary always describe what happened.
 */
export async function run(
  toolkit: Toolkit,
  options: { retry?: Partial<RetryOptions>; now?: Date } = {},
): Promise<void> {
  let inputs: ManageInputs | undefined;
  const outcomes: Outcome[] = [];
  try {
    inputs = readManageInputs(toolkit);
    const client = new ManagementClient({
      apiUrl: inputs.endpoints.apiUrl,
      username: inputs.username,
      password: inputs.password,
      userAgent: 'wheelhouse-action-manage',
      transport: {
        agent: url => toolkit.proxyAgent(url),
        log: inputs.verbose ? message => toolkit.info(message) : undefined,
      },
      retry: {
        retries: inputs.retries,
        onRetry: ({ attempt, delayMs, error }) =>
          toolkit.warning(
            `Attempt ${attempt} failed (${describeError(error)}); retrying in ${(delayMs / 1000).toFixed(1)} s`,
          ),
        ...options.retry,
      },
    });
    const state = await loadPackageState(client, inputs.package, {
      includeDeleted: inputs.operation === 'restore',
    }).catch(error => {
      throw new Error(
        `Reading ${inputs!.package} from ${inputs!.endpoints.apiUrl} failed: ${describeError(error)}`,
      );
    });
    const plan = planOperation(state, {
      ...inputs,
      now: options.now ?? new Date(),
    });
    for (const skipped of plan.skipped) {
      toolkit.info(`${state.name} ${skipped.version}: skipped, ${skipped.why}`);
      outcomes.push({
        version: skipped.version,
        status:
          state.candidates.find(c => c.version === skipped.version)?.status ??
          'active',
        result: 'skipped',
        detail: skipped.why,
      });
    }
    if (!plan.targets.length)
      toolkit.notice(`${inputs.operation} ${state.name}: no version to change`);

    // Each failure is annotated with the server's message as it happens; setFailed then only sums up.
    const failures: string[] = [];
    for (const target of plan.targets) {
      if (inputs.dryRun) {
        toolkit.info(
          `Dry run: would ${inputs.operation === 'cleanup' ? 'delete' : inputs.operation} ${state.name} ${target.version} (${target.status})`,
        );
        outcomes.push({ ...target, result: 'planned' });
        continue;
      }
      try {
        await applyOperation(client, inputs, target);
        toolkit.info(
          `${inputs.operation} ${state.name} ${target.version}: done`,
        );
        outcomes.push({ ...target, result: 'done' });
      } catch (error) {
        const message = `${inputs.operation} ${state.name} ${target.version} failed: ${describeError(error)}`;
        toolkit.error(message, {
          title: `Wheelhouse ${inputs.operation} failed`,
        });
        outcomes.push({
          ...target,
          result: 'failed',
          detail: describeError(error),
        });
        failures.push(target.version);
      }
    }
    if (failures.length) {
      throw new Error(
        `${inputs.operation} failed for ${failures.length} of ${plan.targets.length} versions of ${state.name}: ${failures.join(', ')}`,
      );
    }
  } catch (error) {
    // The bundle's source map makes the stack name the TypeScript files and lines.
    if ((inputs?.verbose ?? toolkit.debugEnabled) && error instanceof Error)
      toolkit.info(error.stack ?? error.message);
    toolkit.setFailed(error instanceof Error ? error.message : String(error));
  } finally {
    const changed = outcomes
      .filter(o => o.result === 'done' || o.result === 'planned')
      .map(o => o.version);
    toolkit.setOutput('versions', JSON.stringify(changed));
    toolkit.setOutput('count', String(changed.length));
    if (inputs) {
      await toolkit.appendSummary(
        manageSummary({
          operation: inputs.operation,
          package: inputs.package,
          repository: inputs.endpoints.repository,
          dryRun: inputs.dryRun,
          outcomes,
        }),
      );
    }
  }
}
