import path from 'node:path';
import * as core from '@actions/core';
import { getProxyUrl, HttpClient } from '@actions/http-client';
import * as exec from '@actions/exec';
import * as github from '@actions/github';
import * as glob from '@actions/glob';
import { Toolkit } from './toolkit';

/** The Toolkit on top of @actions/*: the only module that imports them (see toolkit.ts). */
export function actionsToolkit(): Toolkit {
  // @actions/http-client knows the runner's proxy variables and tunnels through the proxy with CONNECT.
  const proxy = new HttpClient('wheelhouse-action');
  const { context } = github;
  return {
    getInput: name => core.getInput(name),
    setOutput: (name, value) => core.setOutput(name, value),
    setSecret: value => core.setSecret(value),
    info: message => core.info(message),
    warning: (message, annotation) => core.warning(message, annotation),
    error: (message, annotation) => core.error(message, annotation),
    setFailed: message => core.setFailed(message),
    appendSummary: async html => {
      await core.summary.addRaw(html, true).write();
    },
    exec: (command, args, options) =>
      exec.exec(command, args, { cwd: options.cwd, ignoreReturnCode: true }),
    glob: async (patterns, options) => {
      // @actions/glob matches relative patterns against the process's directory, so anchor them first.
      const anchored = patterns.map(pattern => {
        const negated = pattern.startsWith('!');
        const body = negated ? pattern.slice(1) : pattern;
        return `${negated ? '!' : ''}${path.isAbsolute(body) ? body : path.join(options.cwd, body)}`;
      });
      const globber = await glob.create(anchored.join('\n'), {
        matchDirectories: false,
      });
      return globber.glob();
    },
    context: {
      sha: context.sha ?? '',
      ref: context.ref ?? '',
      repository: process.env.GITHUB_REPOSITORY ?? '',
      workflow: context.workflow ?? '',
      runId: process.env.GITHUB_RUN_ID ?? '',
      serverUrl: context.serverUrl ?? 'https://github.com',
      actor: context.actor ?? '',
      eventName: context.eventName ?? '',
    },
    workspace: process.env.GITHUB_WORKSPACE || process.cwd(),
    proxyAgent: url => proxyFor(proxy, url),
    debugEnabled: core.isDebug() || process.env.ACTIONS_STEP_DEBUG === 'true',
    idTokenAvailable: Boolean(
      process.env.ACTIONS_ID_TOKEN_REQUEST_URL &&
      process.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN,
    ),
    getIdToken: audience => core.getIDToken(audience),
  };
}

/** Only an agent for a proxied URL: Node's default agent serves the rest (as @actions/http-client decides). */
function proxyFor(proxy: HttpClient, url: URL) {
  return getProxyUrl(url.href) ? proxy.getAgent(url.href) : undefined;
}
