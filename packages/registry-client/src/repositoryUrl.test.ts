import { fileUrl, parseRepositoryUrl } from './repositoryUrl';

describe('parseRepositoryUrl', () => {
  it('derives every endpoint from the upload URL of a standalone registry', () => {
    expect(parseRepositoryUrl('https://pypi.example.com/default/')).toEqual({
      baseUrl: 'https://pypi.example.com',
      repository: 'default',
      uploadUrl: 'https://pypi.example.com/default/',
      indexUrl: 'https://pypi.example.com/default/simple/',
      apiUrl: 'https://pypi.example.com/api/v1/repositories/default',
    });
  });

  it('keeps a mount path (Backstage) and accepts the legacy/, simple/ and slash-less spellings', () => {
    for (const url of [
      'https://backstage.example.com/api/pypi/ml-models/',
      'https://backstage.example.com/api/pypi/ml-models',
      'https://backstage.example.com/api/pypi/ml-models/legacy/',
      'https://backstage.example.com/api/pypi/ml-models/simple/',
    ]) {
      expect(parseRepositoryUrl(url)).toMatchObject({
        baseUrl: 'https://backstage.example.com/api/pypi',
        repository: 'ml-models',
        apiUrl:
          'https://backstage.example.com/api/pypi/api/v1/repositories/ml-models',
      });
    }
  });

  it('refuses URLs without a repository, with credentials, or of another scheme', () => {
    expect(() => parseRepositoryUrl('https://pypi.example.com/')).toThrow(
      /does not name a repository/,
    );
    expect(() =>
      parseRepositoryUrl('https://u:p@pypi.example.com/default/'),
    ).toThrow(/must not contain credentials/);
    expect(() => parseRepositoryUrl('ftp://pypi.example.com/default/')).toThrow(
      /http or https/,
    );
    expect(() => parseRepositoryUrl('not a url')).toThrow(/is not a URL/);
  });

  it('builds download links as the simple index does', () => {
    const endpoints = parseRepositoryUrl('http://127.0.0.1:8080/default/');
    expect(
      fileUrl(endpoints, { sha256: 'ab12', filename: 'a-1.0.tar.gz' }),
    ).toBe('http://127.0.0.1:8080/default/files/ab12/a-1.0.tar.gz');
  });
});
