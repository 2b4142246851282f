import { parseHtmlPage, parseJsonPage } from './parseUpstreamPage';

const SHA = 'a'.repeat(64);
const META = 'b'.repeat(64);
const PAGE = 'https://upstream.example/simple/demo/';

describe('upstream project pages', () => {
  it('reads PEP 503 HTML with hashes, yank, requires-python and PEP 658 metadata', () => {
    const page = parseHtmlPage(
      `<!DOCTYPE html><html><body>
        <a href="../../files/demo-1.0-py3-none-any.whl#sha256=${SHA}" data-requires-python="&gt;=3.8" data-core-metadata="sha256=${META}">demo-1.0-py3-none-any.whl</a>
        <a href="https://cdn.example/demo-0.9.tar.gz#sha256=${SHA}" data-yanked="broken">demo-0.9.tar.gz</a>
        <a href="demo-0.8.tar.gz">demo-0.8.tar.gz</a>
        <a href="evil.whl#sha256=${SHA}">../evil.whl</a>
      </body></html>`,
      PAGE,
      'demo',
    );
    expect(page.files).toEqual([
      {
        filename: 'demo-1.0-py3-none-any.whl',
        url: 'https://upstream.example/files/demo-1.0-py3-none-any.whl',
        sha256: SHA,
        requiresPython: '>=3.8',
        metadataSha256: META,
        yanked: undefined,
        size: undefined,
        uploadTime: undefined,
      },
      expect.objectContaining({
        filename: 'demo-0.9.tar.gz',
        url: 'https://cdn.example/demo-0.9.tar.gz',
        yanked: 'broken',
      }),
    ]);
  });

  it('reads PEP 691 JSON, keeping only files it can check', () => {
    const page = parseJsonPage(
      JSON.stringify({
        meta: { 'api-version': '1.1' },
        name: 'Demo',
        versions: ['1.0'],
        files: [
          {
            filename: 'demo-1.0.tar.gz',
            url: 'demo-1.0.tar.gz',
            hashes: { sha256: SHA },
            yanked: true,
            size: 12,
            'upload-time': '2026-01-01T00:00:00Z',
            'core-metadata': { sha256: META },
          },
          { filename: 'demo-0.1.tar.gz', url: 'x', hashes: { md5: 'x' } },
        ],
      }),
      PAGE,
      'demo',
    );
    expect(page).toEqual({
      name: 'Demo',
      versions: ['1.0'],
      files: [
        {
          filename: 'demo-1.0.tar.gz',
          url: `${PAGE}demo-1.0.tar.gz`,
          sha256: SHA,
          requiresPython: undefined,
          yanked: '',
          size: 12,
          uploadTime: '2026-01-01T00:00:00Z',
          metadataSha256: META,
        },
      ],
    });
  });
});
