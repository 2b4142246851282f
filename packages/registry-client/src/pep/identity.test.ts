import { versionIdentity } from './identity';

describe('versionIdentity', () => {
  it.each([
    ['1.0.0', '1'],
    ['1.0', '1'],
    ['v1.0.0-RC1', '1rc1'],
    ['1.10.0.post0', '1.10.post0'],
    ['2!1.0.0.dev3+local.1', '2!1.dev3+local.1'],
    ['0.0', '0'],
  ])('%s is %s', (text, identity) => {
    expect(versionIdentity(text)).toBe(identity);
  });

  it('is undefined for text that is no PEP 440 version', () => {
    expect(versionIdentity('one')).toBeUndefined();
  });
});
