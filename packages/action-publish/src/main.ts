import { actionsToolkit } from './actionsToolkit';
import { run } from './run';

// No top-level await: the root typecheck compiles this file as CommonJS.
void run(actionsToolkit());
