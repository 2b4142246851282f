/** A Metadata-Version 2.4 file as a modern build backend writes it, with non-ASCII text and a Markdown body. */
export const SAMPLE_METADATA_2_4 = [
  'Metadata-Version: 2.4',
  'Name: demo-pkg',
  'Version: 1.0.0',
  'Summary: A demo package for Wheelhouse',
  'Author-email: Zoë Example <zoe@example.com>',
  'License-Expression: MIT AND (Apache-2.0 OR BSD-2-Clause)',
  'License-File: LICENSE',
  'License-File: licenses/NOTICE.txt',
  'Project-URL: Homepage, https://example.com',
  'Project-URL: Source Code, https://example.com/src',
  'Keywords: demo,packaging , wheel',
  'Classifier: Programming Language :: Python :: 3',
  'Classifier: Operating System :: OS Independent',
  'Requires-Python: >=3.9',
  'Requires-Dist: requests>=2.0',
  'Requires-Dist: rich; extra == "cli"',
  'Provides-Extra: cli',
  'Dynamic: License-File',
  'Description-Content-Type: text/markdown',
  '',
  '# demo-pkg',
  '',
  'A demo with **Markdown**.',
  '',
  '    indented code',
  'Non-ASCII: ünïcödé ✓',
  '',
].join('\n');

export const SAMPLE_DESCRIPTION =
  '# demo-pkg\n\nA demo with **Markdown**.\n\n    indented code\nNon-ASCII: ünïcödé ✓\n';
