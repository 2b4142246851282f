/**
 * A clean environment for the Python tools (pip, twine, build) started by the tests:
 * the machine's PIP_* settings (find-links, config files), virtualenv and PYTHONPATH
 * variables would otherwise leak into what we are testing, and loopback traffic must
 * never go through a proxy.
 */
import os from 'node:os';

export function pythonToolEnv(
  extra: NodeJS.ProcessEnv = {},
): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (
      /^(PIP_|TWINE_|PYTHONPATH$|PYTHONHOME$|PYTHONSTARTUP$|PYTHONUSERBASE$|VIRTUAL_ENV$|CONDA_)/.test(
        key,
      )
    )
      continue;
    if (/^(https?_proxy|all_proxy)$/i.test(key)) continue;
    env[key] = value;
  }
  Object.assign(env, {
    PIP_CONFIG_FILE: os.devNull,
    PIP_NO_INPUT: '1',
    PIP_KEYRING_PROVIDER: 'disabled',
    PYTHON_KEYRING_BACKEND: 'keyring.backends.null.Keyring',
    PYTHONNOUSERSITE: '1',
    PYTHONDONTWRITEBYTECODE: '1',
    NO_PROXY: '127.0.0.1,localhost',
    no_proxy: '127.0.0.1,localhost',
  });
  return Object.assign(env, extra);
}
