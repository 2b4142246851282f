/** The push / pull set-up a person copies into their machine, filled in for one repository. */
export interface SetupGuide {
  repository: string;
  indexUrl: string;
  uploadUrl: string;
  push: {
    pypirc: string;
    twineWithConfig: string;
    twineInline: string;
    uvPublish: string;
    poetry: string;
  };
  pull: {
    pipInstall: string;
    pipConf: string;
    requirementsTxt: string;
    uvIndex: string;
  };
}

/**
 * Builds the user guide for a repository. `baseUrl` is where the registry is mounted (no trailing slash);
 * the password is left as a placeholder for the person's own API token.
 */
export function buildSetupGuide(options: {
  baseUrl: string;
  repository: string;
  username?: string;
}): SetupGuide {
  const base = options.baseUrl.replace(/\/+$/, '');
  const repository = options.repository;
  const uploadUrl = `${base}/${repository}/`;
  const indexUrl = `${base}/${repository}/simple/`;
  const username = options.username ?? '__token__';
  const section = `wheelhouse-${repository}`;
  const host = safeHost(base);
  return {
    repository,
    indexUrl,
    uploadUrl,
    push: {
      pypirc: [
        '[distutils]',
        'index-servers =',
        `    ${section}`,
        '',
        `[${section}]`,
        `repository = ${uploadUrl}`,
        `username = ${username}`,
        'password = <your API token>',
        '',
      ].join('\n'),
      twineWithConfig: `twine upload --repository ${section} dist/*`,
      twineInline: `twine upload --repository-url ${uploadUrl} -u ${username} -p <your API token> dist/*`,
      uvPublish: `uv publish --publish-url ${uploadUrl} --username ${username} --password <your API token>`,
      poetry: [
        `poetry config repositories.${section} ${uploadUrl}`,
        `poetry config http-basic.${section} ${username} <your API token>`,
        `poetry publish --repository ${section}`,
      ].join('\n'),
    },
    pull: {
      pipInstall: `pip install --index-url ${indexUrl} <package>`,
      pipConf: [
        '[global]',
        `index-url = ${indexUrl}`,
        ...(host ? [`trusted-host = ${host}`] : []),
        '',
      ].join('\n'),
      requirementsTxt: `--index-url ${indexUrl}\n<package>==<version>\n`,
      uvIndex: [
        '[[tool.uv.index]]',
        `name = "${section}"`,
        `url = "${indexUrl}"`,
        '',
      ].join('\n'),
    },
  };
}

/** pip only needs `trusted-host` for plain-HTTP indexes. */
function safeHost(base: string): string | undefined {
  try {
    const url = new URL(base);
    return url.protocol === 'http:' ? url.hostname : undefined;
  } catch {
    return undefined;
  }
}
