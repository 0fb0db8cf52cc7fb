import { Transform, Type } from 'class-transformer';
import { IsArray, IsISO8601, IsString, Matches, ValidateIf, ValidateNested } from 'class-validator';
import type { Page } from './page.v1';
import { normalizeEmail } from '../email';

/*
 * Helpers for the public HTTP shapes (`<service>/http.v1.ts`). A shape is a class whose
 * class-validator rules say what a field holds; the gateway validates with them and turns the
 * same rules into its OpenAPI schemas. What the rules cannot say (prose, an example) goes in
 * `@Doc`; a value that may be null says so with `@Nullable`.
 */

/** Prose for the API reference: plain reflect metadata, read by the gateway's OpenAPI converter. */
export interface FieldDoc {
  description?: string;
  example?: unknown;
  /** A JSON Schema format the rules do not imply, e.g. `date-time` on a view's timestamp. */
  format?: string;
  default?: unknown;
}

export const FIELD_DOC = 'goodloop:field-doc';

export function Doc(doc: FieldDoc | string): PropertyDecorator {
  return (target, propertyName) => {
    Reflect.defineMetadata(FIELD_DOC, typeof doc === 'string' ? { description: doc } : doc, target, propertyName);
  };
}

/** The doc of `propertyName`, on the class or the nearest class it extends. */
export function fieldDocOf(target: abstract new (...args: never[]) => unknown, propertyName: string): FieldDoc | undefined {
  return Reflect.getMetadata(FIELD_DOC, target.prototype as object, propertyName) as FieldDoc | undefined;
}

/**
 * The field is always present and may be null: the rules after it apply to any other value.
 * (`@IsOptional()` is for a field that may be left out.) The converter reads `context.nullable`.
 */
export const Nullable = (): PropertyDecorator =>
  ValidateIf((_object: unknown, value: unknown) => value !== null, { context: { nullable: true } });

/** Trims a string field before validation, so "  " fails a length-1 rule. */
export const Trim = (): PropertyDecorator =>
  Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value));

/** The stored form (NFKC, trimmed, lower-cased): `Wang@Example.org ` and `ｗａｎｇ＠ｅｘａｍｐｌｅ．ｏｒｇ` are one account. */
export const NormaliseEmail = (): PropertyDecorator =>
  Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? normalizeEmail(value) : value));

/** A date and a time with its offset, e.g. `2026-12-01T02:00:00.000Z` or `2026-12-01T10:00+08:00`. */
const DATE_TIME_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i;

/** An ISO 8601 instant. A bare date or a time without offset would depend on the server's zone. */
export const IsInstant = (): PropertyDecorator => (target, propertyName) => {
  IsISO8601({ strict: true })(target, propertyName);
  Matches(DATE_TIME_WITH_OFFSET, {
    message: ({ property }) => `${property} must be an ISO 8601 date-time with a time zone, e.g. 2026-12-01T02:00:00.000Z`,
  })(target, propertyName);
};

/**
 * The class of one page of `item`s. Extend it to name the page: `class ActivityPageView extends
 * PageOf(ActivityView) {}` (the name is the schema's name in the API reference).
 */
export function PageOf<T>(item: new () => T): new () => Page<T> {
  class PageShape implements Page<T> {
    @IsArray()
    @ValidateNested({ each: true })
    @Type(() => item)
    items: T[];

    @Nullable()
    @IsString()
    @Doc('The cursor of the next page; null on the last page')
    nextCursor: string | null;
  }
  return PageShape;
}
