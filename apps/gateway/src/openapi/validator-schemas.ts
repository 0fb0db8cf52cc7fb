import { fieldDocOf, type FieldDoc } from '@goodloop/contracts';
import type { OpenAPIObject, ReferenceObject, SchemaObject } from '@nestjs/swagger';
import type { TypeMetadata } from 'class-transformer';
import { getMetadataStorage } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';

/*
 * OpenAPI schemas from class-validator rules. The public shapes live in @goodloop/contracts,
 * which knows nothing of Swagger: a shape says what a field holds with its validation rules
 * (`@IsInt() @Min(1)`), and this converter reads those rules back as JSON Schema. Prose and
 * examples come from the shape's `@Doc`, null from `@Nullable` (docs/api.md, "Shapes").
 */

/** A contract class: its rules are registered on the class, its fields on the prototype. */
export type ShapeClass = abstract new (...args: never[]) => unknown;

interface TypeStorage {
  findTypeMetadata(target: ShapeClass, property: string): TypeMetadata | undefined;
}
// class-transformer keeps `@Type(() => X)` here and has no public accessor for it.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { defaultMetadataStorage } = require('class-transformer/cjs/storage') as { defaultMetadataStorage: TypeStorage };

/** What one rule says about the value it checks (or, with `each`, about every item). */
function fragment(meta: ValidationMetadata): SchemaObject {
  const [first, second] = meta.constraints ?? [];
  switch (meta.name ?? '') {
    case 'isString':
      return { type: 'string' };
    case 'isInt':
    case 'isSafeInteger':
      return { type: 'integer' };
    case 'isNumber':
      return { type: 'number' };
    case 'isBoolean':
      return { type: 'boolean' };
    case 'isIn': {
      const values = first as unknown[];
      const type = values.every((v) => typeof v === 'string') ? 'string' : values.every(Number.isInteger) ? 'integer' : undefined;
      return { ...(type ? { type } : {}), enum: [...values] };
    }
    case 'isUuid':
      return { type: 'string', format: 'uuid' };
    case 'isIso8601':
      return { type: 'string', format: 'date-time' };
    case 'isEmail':
      return { type: 'string', format: 'email' };
    case 'isObject':
      return { type: 'object' };
    case 'min':
      return { minimum: first as number };
    case 'max':
      return { maximum: first as number };
    case 'isLength':
      return { minLength: first as number, ...(second !== undefined ? { maxLength: second as number } : {}) };
    case 'minLength':
      return { minLength: first as number };
    case 'maxLength':
      return { maxLength: first as number };
    case 'isNotEmpty':
      return { minLength: 1 };
    case 'matches':
      return { pattern: (first as RegExp).source };
    default:
      return {};
  }
}

const ARRAY_RULES: Record<string, (meta: ValidationMetadata) => SchemaObject> = {
  isArray: () => ({}),
  arrayMinSize: (meta) => ({ minItems: meta.constraints[0] as number }),
  arrayMaxSize: (meta) => ({ maxItems: meta.constraints[0] as number }),
};

function isOptional(meta: ValidationMetadata): boolean {
  return meta.type === 'conditionalValidation' && meta.name === 'isOptional';
}

function isNullable(meta: ValidationMetadata): boolean {
  return meta.type === 'conditionalValidation' && (meta.context as { nullable?: boolean } | undefined)?.nullable === true;
}

/** `{ $ref }`, or an `allOf` around it when something must sit beside the reference (OpenAPI 3.0). */
function refTo(target: ShapeClass, extra: SchemaObject): SchemaObject | ReferenceObject {
  const ref = { $ref: `#/components/schemas/${target.name}` };
  return Object.keys(extra).length === 0 ? ref : { allOf: [ref], ...extra };
}

function nestedClass(target: ShapeClass, property: string): ShapeClass | undefined {
  const typed = defaultMetadataStorage.findTypeMetadata(target, property);
  const type = typed?.typeFunction() as ShapeClass | undefined;
  if (type && type !== Object && type !== Array) return type;
  const design = Reflect.getMetadata('design:type', target.prototype, property) as ShapeClass | undefined;
  return design && ![Object, Array, String, Number, Boolean, Date].includes(design as never) ? design : undefined;
}

function docFields(doc: FieldDoc | undefined): SchemaObject {
  if (!doc) return {};
  const out: SchemaObject = {};
  if (doc.description !== undefined) out.description = doc.description;
  if (doc.example !== undefined) out.example = doc.example;
  if (doc.format !== undefined) out.format = doc.format;
  if (doc.default !== undefined) out.default = doc.default;
  return out;
}

export interface PropertySchema {
  name: string;
  required: boolean;
  schema: SchemaObject | ReferenceObject;
  /** Shape classes this property refers to. */
  refs: ShapeClass[];
}

/** Every validated property of a shape (inherited ones first), as JSON Schema. */
export function propertySchemas(target: ShapeClass): PropertySchema[] {
  const storage = getMetadataStorage();
  const grouped = storage.groupByPropertyName(storage.getTargetValidationMetadatas(target, '', true, false));
  return Object.entries(grouped).map(([name, metas]) => {
    // Decorators run bottom-up; read them top-down, as written.
    const rules = [...metas].reverse();
    const optional = rules.some(isOptional);
    const nullable = rules.some(isNullable);
    const isArray = rules.some((m) => m.each || m.name === 'isArray' || (m.type === 'nestedValidation' && m.each));
    const nested = rules.some((m) => m.type === 'nestedValidation') ? nestedClass(target, name) : undefined;
    const doc = docFields(fieldDocOf(target as never, name));
    const refs = nested ? [nested] : [];

    let value: SchemaObject = {};
    let container: SchemaObject = {};
    for (const meta of rules) {
      if (meta.type !== 'customValidation') continue;
      const name = meta.name ?? '';
      if (isArray && name in ARRAY_RULES) container = { ...container, ...ARRAY_RULES[name]!(meta) };
      else if (!isArray || meta.each) value = { ...value, ...fragment(meta) };
    }
    // A timestamp's own pattern only restates its format.
    if (value.format === 'date-time') delete value.pattern;
    if (value.type === undefined && !nested) {
      const design = Reflect.getMetadata('design:type', target.prototype, name) as unknown;
      if (design === String) value.type = 'string';
      else if (design === Number) value.type = 'number';
      else if (design === Boolean) value.type = 'boolean';
    }

    let schema: SchemaObject | ReferenceObject;
    if (isArray) {
      const items = nested ? refTo(nested, {}) : value;
      schema = { type: 'array', items, ...container, ...doc, ...(nullable ? { nullable: true } : {}) };
    } else if (nested) {
      schema = refTo(nested, { ...doc, ...(nullable ? { nullable: true } : {}) });
    } else {
      schema = { ...value, ...doc, ...(nullable ? { nullable: true } : {}) };
    }
    return { name, required: !optional, schema, refs };
  });
}

/** The schema of one shape, and the shapes it refers to. */
export function schemaOf(target: ShapeClass): { schema: SchemaObject; refs: ShapeClass[] } {
  const properties = propertySchemas(target);
  const required = properties.filter((p) => p.required).map((p) => p.name);
  return {
    schema: {
      type: 'object',
      properties: Object.fromEntries(properties.map((p) => [p.name, p.schema])),
      ...(required.length > 0 ? { required } : {}),
    },
    refs: properties.flatMap((p) => p.refs),
  };
}

/** Schemas for the shapes and every shape they refer to, by class name. */
export function schemasFor(targets: Iterable<ShapeClass>): Record<string, SchemaObject> {
  const out: Record<string, SchemaObject> = {};
  const seen = new Map<string, ShapeClass>();
  const queue = [...targets];
  for (let next = queue.shift(); next; next = queue.shift()) {
    const known = seen.get(next.name);
    if (known === next) continue;
    if (known) throw new Error(`Two shapes are named ${next.name}; OpenAPI needs distinct names`);
    seen.set(next.name, next);
    const { schema, refs } = schemaOf(next);
    out[next.name] = schema;
    queue.push(...refs);
  }
  return out;
}

/**
 * Puts the shapes' schemas into a document Swagger built. Swagger names a class it meets in
 * `@Body()`, `type:` or a route's response after the class but, for a shape without Swagger
 * decorators, writes an empty object there; this fills in the real schema.
 */
export function addShapeSchemas(document: OpenAPIObject, shapes: Iterable<ShapeClass>): void {
  document.components ??= {};
  document.components.schemas = { ...(document.components.schemas ?? {}), ...schemasFor(shapes) };
}
