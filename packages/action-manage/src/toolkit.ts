/**
 * What action-manage needs from GitHub Actions: what both actions need (registry-client's `ActionToolkit`) and
 * notices. The real one (actionsToolkit.ts) wraps @actions/core, which is ESM-only and cannot load under jest; tests
 * pass a recording fake instead.
 */
import type { ActionToolkit, Annotation } from '@wheelhouse/registry-client';

export interface Toolkit extends ActionToolkit {
  notice(message: string, annotation?: Annotation): void;
}
