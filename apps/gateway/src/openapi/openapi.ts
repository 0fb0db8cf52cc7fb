import type { INestApplication } from '@nestjs/common';
import * as contracts from '@goodloop/contracts';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { getMetadataStorage } from 'class-validator';
import { addShapeSchemas, type ShapeClass } from './validator-schemas';

export const API_PREFIX = 'api/v1';

const TAGS: [string, string][] = [
  ['auth', 'Accounts and tokens'],
  ['me', 'The signed-in user'],
  ['orgs', 'Organisations and their members'],
  ['users', 'Account administration'],
  ['activities', 'Volunteer activities and signups (volunteers service)'],
  ['attendance', 'Check-in, check-out and verified hours (volunteers service)'],
  ['wallet', 'Points balances and statements (ledger service)'],
  ['ledger', 'The books (ledger service)'],
  ['health', 'Liveness'],
];

/** Swagger UI at `/api/docs`, the OpenAPI JSON at `/api/docs-json`. */
export function setupOpenApi(app: INestApplication): void {
  const builder = new DocumentBuilder()
    .setTitle('GoodLoop API')
    .setDescription(
      'Public HTTP API v1 of GoodLoop, the community public-welfare platform. JSON in and out; ' +
        'errors as `{ statusCode, error, message, code?, details? }`; amounts are whole points or integer fen. ' +
        'Sign in with POST /auth/login and send `Authorization: Bearer <accessToken>`.',
    )
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'Access token from /auth/login' });
  for (const [name, description] of TAGS) builder.addTag(name, description);
  const document = SwaggerModule.createDocument(app, builder.build());
  fillContractSchemas(document);
  SwaggerModule.setup('api/docs', app, document, {
    jsonDocumentUrl: 'api/docs-json',
    customSiteTitle: 'GoodLoop API',
    swaggerOptions: { persistAuthorization: true },
  });
}

/** The classes of @goodloop/contracts that carry validation rules: the public shapes (and messages). */
function contractShapes(): ShapeClass[] {
  const storage = getMetadataStorage();
  return (Object.values(contracts) as unknown[]).filter(
    (value): value is ShapeClass =>
      typeof value === 'function' && storage.getTargetValidationMetadatas(value, '', true, false).length > 0,
  );
}

/**
 * Swagger names every class a route mentions but, for the contract classes (which carry no
 * Swagger decorators), writes an empty object: the real schemas come from their rules.
 */
export function fillContractSchemas(document: OpenAPIObject): void {
  const named = new Set(Object.keys(document.components?.schemas ?? {}));
  addShapeSchemas(
    document,
    contractShapes().filter((shape) => named.has(shape.name)),
  );
}
