import { RequestMethod, type DynamicModule } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import { randomUUID } from 'node:crypto';
import { LoggerModule } from 'nestjs-pino';
import { CORRELATION_HEADER, requestContext } from '../context/request-context';

/**
 * Structured JSON logs (pino) for one service. Every line carries the service name and, inside
 * a request or a consumed message, its correlation id — the same id across the gateway, the
 * Kafka headers and every service the action touches.
 */
export function createLoggerModule(service: string, level: string): DynamicModule {
  return LoggerModule.forRoot({
    forRoutes: [{ path: '{*splat}', method: RequestMethod.ALL }],
    pinoHttp: {
      level,
      base: { service },
      mixin: () => {
        const context = requestContext.get();
        return context ? { correlationId: context.correlationId } : {};
      },
      // correlationMiddleware has already chosen the id and written it on the request.
      genReqId: (req: IncomingMessage) => String(req.headers[CORRELATION_HEADER] ?? randomUUID()),
      autoLogging: { ignore: (req: IncomingMessage) => (req.url ?? '').includes('/health') },
      redact: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-goodloop-internal-token"]'],
      serializers: {
        req: (req: { method: string; url: string }) => ({ method: req.method, url: req.url }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
    },
  });
}
