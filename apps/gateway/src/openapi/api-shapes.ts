import { applyDecorators } from '@nestjs/common';
import { ApiQuery } from '@nestjs/swagger';
import { propertySchemas, type ShapeClass } from './validator-schemas';

/**
 * Documents a query shape's fields as query parameters. Swagger would read them from its own
 * property decorators, which contract classes do not carry; their validation rules say the same.
 */
export function ApiQueryOf(shape: ShapeClass): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ...propertySchemas(shape).map((property) => {
      const description = 'description' in property.schema ? property.schema.description : undefined;
      return ApiQuery({
        name: property.name,
        required: property.required,
        schema: property.schema,
        ...(description ? { description } : {}),
      });
    }),
  );
}
