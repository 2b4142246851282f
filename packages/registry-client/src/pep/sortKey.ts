import { parseVersion, Version } from './version';

const pad = (value: number) => String(value).padStart(15, '0');

/**
 * A string whose plain text order is the PEP 440 order of public versions, so the database can sort artifacts by
 * their latest version. After the release numbers comes a phase marker chosen below '.' in ASCII, so that
 * `1.0.post1` < `1.0.1`, and `dev` < `a` < `b` < `rc` < final < `post` within one release.
 */
export function versionSortKey(text: string): string {
  const version = parseVersion(text);
  if (!version) return '';
  const release = [...version.release];
  while (release.length > 1 && release[release.length - 1] === 0) release.pop();
  let key = `${pad(version.epoch)}!${release.map(pad).join('.')}`;
  key += preKey(version);
  key += version.post !== undefined ? `)${pad(version.post)}` : '(';
  // A dev release sorts before everything else at its level.
  if (version.dev !== undefined) key += `#${pad(version.dev)}`;
  else key += '*';
  return key;
}

function preKey(version: Version): string {
  if (version.pre) {
    const marker = { a: '$', b: '%', rc: '&' }[version.pre.label];
    return `${marker}${pad(version.pre.number)}`;
  }
  // A bare dev release (1.0.dev1) sorts before any pre-release of 1.0; a final or post release after all of them.
  if (version.dev !== undefined && version.post === undefined) return '"';
  return "'";
}
