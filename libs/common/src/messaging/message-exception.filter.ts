import { Catch, type RpcExceptionFilter } from '@nestjs/common';
import { throwError, type Observable } from 'rxjs';

/**
 * The Kafka transport's global RPC exception filter: hands the handler's own error back to the
 * transport. Nest's default filter turns anything but an RpcException into a generic
 * `{ status: 'error', message: 'Internal server error' }` and logs it as an error; the transport
 * needs the error itself to decide (a PermanentMessageError dead-letters the message, anything
 * else retries it) and logs it at the level that decision deserves. Filters a handler declares
 * with `@UseFilters` still run before this one.
 */
@Catch()
export class MessageExceptionFilter implements RpcExceptionFilter<unknown> {
  catch(exception: unknown): Observable<never> {
    return throwError(() => exception);
  }
}
