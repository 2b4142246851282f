// Reads a V8 .cpuprofile (node --cpu-prof) and writes what a flame graph would show, as text: self time per function
// and total time per function (its own plus its callees'), heaviest first. The .cpuprofile itself opens in Chrome's
// DevTools or speedscope.
import fs from 'node:fs';

export function summarizeProfile(file, { top = 40 } = {}) {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8'));
  const byId = new Map(profile.nodes.map(node => [node.id, node]));
  const parent = new Map();
  for (const node of profile.nodes)
    for (const child of node.children ?? []) parent.set(child, node.id);
  const selfTicks = new Map();
  for (const id of profile.samples)
    selfTicks.set(id, (selfTicks.get(id) ?? 0) + 1);
  const total = profile.samples.length || 1;
  const nameOf = node => {
    const { functionName, url, lineNumber } = node.callFrame;
    const where = url
      ? `${url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*\/packages\//, '')}:${lineNumber + 1}`
      : '';
    return `${functionName || '(anonymous)'} ${where}`.trim();
  };
  const self = new Map();
  const inclusive = new Map();
  for (const [id, ticks] of selfTicks) {
    const name = nameOf(byId.get(id));
    self.set(name, (self.get(name) ?? 0) + ticks);
    // Every function on the stack, once per sample.
    const seen = new Set();
    for (let at = id; at !== undefined; at = parent.get(at)) {
      const frame = nameOf(byId.get(at));
      if (seen.has(frame)) continue;
      seen.add(frame);
      inclusive.set(frame, (inclusive.get(frame) ?? 0) + ticks);
    }
  }
  const lines = map =>
    [...map]
      .sort((x, y) => y[1] - x[1])
      .slice(0, top)
      .map(
        ([name, ticks]) =>
          `${((100 * ticks) / total).toFixed(1).padStart(5)}%  ${name}`,
      );
  return [
    `${total} samples`,
    '',
    'self time:',
    ...lines(self),
    '',
    'total time (self + callees):',
    ...lines(inclusive),
    '',
  ].join('\n');
}
