import { DomainError } from './domain-error';
import { defineErrors } from './define-errors';
import { errorBodyOf } from './http-exception.filter';

enum SampleErrorCode {
  Missing = 'MISSING',
  Taken = 'TAKEN',
}

class SampleError extends defineErrors<SampleErrorCode>({
  [SampleErrorCode.Missing]: { status: 404, message: 'Sample not found' },
  [SampleErrorCode.Taken]: 409,
}) {
  static taken(name: string): SampleError {
    return new SampleError(SampleErrorCode.Taken, `${name} is taken`, [{ field: 'name', errors: ['taken'] }]);
  }
}

describe('defineErrors', () => {
  it('gives each code its status and default message', () => {
    const error = new SampleError(SampleErrorCode.Missing);
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toBeInstanceOf(SampleError);
    expect(error.name).toBe('SampleError');
    expect([error.status, error.code, error.message]).toEqual([404, 'MISSING', 'Sample not found']);
  });

  it('keeps the thrower’s message and details, and maps to the public error shape', () => {
    const error = SampleError.taken('阳光社区');
    expect(errorBodyOf(error)).toEqual({
      statusCode: 409,
      error: 'Conflict',
      message: '阳光社区 is taken',
      code: 'TAKEN',
      details: [{ field: 'name', errors: ['taken'] }],
    });
  });

  it('falls back to the code as the message when the table gives none', () => {
    expect(new SampleError(SampleErrorCode.Taken).message).toBe('TAKEN');
  });
});
