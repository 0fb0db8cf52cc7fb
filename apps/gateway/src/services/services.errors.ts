import { DomainError } from '@goodloop/common';

export enum ServicesErrorCode {
  /** The service answered 5xx, did not answer in time, could not be reached, or refused the gateway. */
  ServiceUnavailable = 'SERVICE_UNAVAILABLE',
}

export class ServicesError extends DomainError {
  readonly status = 503;

  constructor(
    readonly service: string,
    message: string,
  ) {
    super(ServicesErrorCode.ServiceUnavailable, message);
  }

  static unavailable(service: string, why: string): ServicesError {
    return new ServicesError(service, `The ${service} service is unavailable (${why}); try again shortly`);
  }
}
