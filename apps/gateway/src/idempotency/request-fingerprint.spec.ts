import { canonicalJson, requestFingerprint } from './request-fingerprint';

describe('requestFingerprint', () => {
  it('is the same for the same request laid out differently', () => {
    expect(requestFingerprint({ a: 1, b: { d: [1, 2], c: '社区' } })).toBe(
      requestFingerprint(JSON.parse('{ "b": { "c": "社区", "d": [1, 2] }, "a": 1 }')),
    );
    expect(canonicalJson({ b: 1, a: undefined, c: null })).toBe('{"b":1,"c":null}');
  });

  it.each([
    [{ a: 1 }, { a: 2 }],
    [{ a: 1 }, { a: 1, b: 1 }],
    [{ a: [1, 2] }, { a: [2, 1] }],
    [{ a: '1' }, { a: 1 }],
    [undefined, {}],
  ])('differs for %j and %j', (one, other) => {
    expect(requestFingerprint(one)).not.toBe(requestFingerprint(other));
  });
});
