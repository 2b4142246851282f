import * as core from '@actions/core';
import { getProxyUrl, HttpClient } from '@actions/http-client';
import { Toolkit } from './toolkit';

/** The Toolkit on top of @actions/core: the only module that imports it (see toolkit.ts). */
export function actionsToolkit(): Toolkit {
  // @actions/http-client knows the runner's proxy variables and tunnels through the proxy with CONNECT.
  const proxy = new HttpClient('wheelhouse-action');
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
    proxyAgent: url => proxyFor(proxy, url),
    debugEnabled: core.isDebug() || process.env.ACTIONS_STEP_DEBUG === 'true',
  };
}

/** Only an agent for a proxied URL: Node's default agent serves the rest (as @actions/http-client decides). */
function proxyFor(proxy: HttpClient, url: URL) {
  return getProxyUrl(url.href) ? proxy.getAgent(url.href) : undefined;
}
