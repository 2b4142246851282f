import * as core from '@actions/core';
import { Toolkit } from './toolkit';

/** The Toolkit on top of @actions/core: the only module that imports it (see toolkit.ts). */
export function actionsToolkit(): Toolkit {
  return {
    getInput: name => core.getInput(name),
    setOutput: (name, value) => core.setOutput(name, value),
    setSecret: value => core.setSecret(value),
    info: message => core.info(message),
    notice: (message, annotation) => core.notice(message, annotation),
    warning: (message, annotation) => core.warning(message, annotation),
    error: (message, annotation) => core.error(message, annotation),
    setFailed: message => core.setFailed(message),
    appendSummary: async html => {
      await core.summary.addRaw(html, true).write();
    },
  };
}
