import { NotAcceptableError } from '../errors';
import { negotiateSimpleFormat } from './negotiate';

describe('negotiateSimpleFormat', () => {
  it('reads ?format= with a literal + (decoded as a space) or %2B', () => {
    expect(
      negotiateSimpleFormat(undefined, 'application/vnd.pypi.simple.v1 json'),
    ).toBe('json');
    expect(
      negotiateSimpleFormat(undefined, 'application/vnd.pypi.simple.v1+json'),
    ).toBe('json');
  });

  it.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty'])(
    'refuses the inherited property name %s as a format or a type (found by upload-fuzz: a 500)',
    name => {
      expect(() => negotiateSimpleFormat(undefined, name)).toThrow(
        NotAcceptableError,
      );
      expect(() => negotiateSimpleFormat(name)).toThrow(NotAcceptableError);
    },
  );

  it('prefers JSON among equally rated types, and HTML without Accept', () => {
    expect(
      negotiateSimpleFormat(
        'application/vnd.pypi.simple.v1+html, application/vnd.pypi.simple.v1+json',
      ),
    ).toBe('json');
    expect(negotiateSimpleFormat(undefined)).toBe('text-html');
    expect(negotiateSimpleFormat('*/*')).toBe('text-html');
  });
});
