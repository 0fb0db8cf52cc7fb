import { errorBodyOf } from './http-exception.filter';

/** body-parser's errors as it throws them: http-errors with `type`, `status` and `expose`. */
function bodyParserError(type: string, status: number): Error {
  return Object.assign(new Error('raw body-parser text'), { type, status, statusCode: status, expose: true });
}

describe('errorBodyOf', () => {
  it('answers a body over the limit with 413 in the public shape', () => {
    expect(errorBodyOf(bodyParserError('entity.too.large', 413))).toEqual({
      statusCode: 413,
      error: 'Payload Too Large',
      message: 'The request body is too large (at most 100 kB)',
      code: 'INVALID_BODY',
    });
  });

  it('answers malformed JSON and unknown encodings with their 4xx', () => {
    expect(errorBodyOf(bodyParserError('entity.parse.failed', 400))).toMatchObject({ statusCode: 400, code: 'INVALID_BODY' });
    expect(errorBodyOf(bodyParserError('encoding.unsupported', 415))).toMatchObject({ statusCode: 415 });
  });

  it('keeps anything else unknown a 500 that says nothing of its insides', () => {
    expect(errorBodyOf(Object.assign(new Error('db password is hunter2'), { status: 400 }))).toEqual({
      statusCode: 500,
      error: 'Internal Server Error',
      message: 'Internal server error',
    });
    expect(errorBodyOf(bodyParserError('entity.too.large', 500))).toMatchObject({ statusCode: 500 });
  });
});
