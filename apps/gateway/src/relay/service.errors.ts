import { defineErrors } from '@goodloop/common';

export enum ServiceErrorCode {
  /** The service answered 5xx, did not answer in time, could not be reached, or refused the gateway. */
  ServiceUnavailable = 'SERVICE_UNAVAILABLE',
}

export class ServiceError extends defineErrors<ServiceErrorCode>({
  [ServiceErrorCode.ServiceUnavailable]: 503,
}) {
  static unavailable(service: string, why: string): ServiceError {
    return new ServiceError(
      ServiceErrorCode.ServiceUnavailable,
      `The ${service} service is unavailable (${why}); try again shortly`,
    );
  }
}
