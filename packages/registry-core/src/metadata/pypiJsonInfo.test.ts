import { parseCoreMetadata } from '@wheelhouse/registry-client';
import {
  SAMPLE_DESCRIPTION,
  SAMPLE_METADATA_2_4,
} from '@wheelhouse/test-utils/sampleMetadata';
import { toPypiJsonInfo } from './pypiJsonInfo';

const parse = (text: string) => parseCoreMetadata(Buffer.from(text, 'utf8'));
const lines = (...l: string[]) => l.join('\n');

describe('toPypiJsonInfo', () => {
  it('maps to the snake_case info fields of the PyPI JSON API', () => {
    expect(toPypiJsonInfo(parse(SAMPLE_METADATA_2_4))).toEqual({
      author: null,
      author_email: 'Zoë Example <zoe@example.com>',
      classifiers: [
        'Programming Language :: Python :: 3',
        'Operating System :: OS Independent',
      ],
      description: SAMPLE_DESCRIPTION,
      description_content_type: 'text/markdown',
      download_url: null,
      dynamic: ['License-File'],
      home_page: null,
      keywords: 'demo,packaging,wheel',
      license: null,
      license_expression: 'MIT AND (Apache-2.0 OR BSD-2-Clause)',
      license_files: ['LICENSE', 'licenses/NOTICE.txt'],
      maintainer: null,
      maintainer_email: null,
      name: 'demo-pkg',
      platform: null,
      project_urls: {
        Homepage: 'https://example.com',
        'Source Code': 'https://example.com/src',
      },
      provides_extra: ['cli'],
      requires_dist: ['requests>=2.0', 'rich; extra == "cli"'],
      requires_python: '>=3.9',
      summary: 'A demo package for Wheelhouse',
      version: '1.0.0',
    });
  });

  it('uses null for absent values and empty lists, except classifiers', () => {
    expect(toPypiJsonInfo(parse('Name: bare\nVersion: 0.1\n'))).toEqual({
      author: null,
      author_email: null,
      classifiers: [],
      description: null,
      description_content_type: null,
      download_url: null,
      dynamic: null,
      home_page: null,
      keywords: null,
      license: null,
      license_expression: null,
      license_files: null,
      maintainer: null,
      maintainer_email: null,
      name: 'bare',
      platform: null,
      project_urls: null,
      provides_extra: null,
      requires_dist: null,
      requires_python: null,
      summary: null,
      version: '0.1',
    });
  });

  it('lists Home-page and Download-URL first in project_urls, without repeating them', () => {
    const info = toPypiJsonInfo(
      parse(
        lines(
          'Name: x',
          'Version: 1',
          'Home-page: https://home.example',
          'Download-URL: https://dl.example',
          'Project-URL: Home-Page, https://home.example',
          'Project-URL: Tracker, https://bugs.example',
          'Platform: linux',
          'Platform: win32',
          '',
        ),
      ),
    );
    expect(info.project_urls).toEqual({
      Homepage: 'https://home.example',
      Download: 'https://dl.example',
      Tracker: 'https://bugs.example',
    });
    expect(info.platform).toBe('linux, win32');
  });
});
