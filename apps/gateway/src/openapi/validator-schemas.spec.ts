import { Doc, IsInstant, IsSafeInteger, Nullable, PageOf } from '@goodloop/contracts';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { schemaOf, schemasFor } from './validator-schemas';

class Tag {
  @IsString() @Length(1, 20) label: string;
}

class Thing {
  @IsUUID() id: string;
  @IsString() @MaxLength(120) @Doc({ description: 'What it is called', example: '读报' }) name: string;
  @IsOptional() @IsEmail() email?: string;
  @IsInt() @Min(1) @Max(10) count: number;
  @IsSafeInteger() @Min(0) amount: number;
  @IsIn(['a', 'b']) kind: 'a' | 'b';
  @IsBoolean() done: boolean;
  @IsInstant() at: string;
  @Nullable() @IsString() note: string | null;
  @Matches(/^\d{6}$/) code: string;
  @IsIn(['x', 'y'], { each: true }) letters: string[];
  @IsArray() @ArrayMaxSize(3) @ValidateNested({ each: true }) @Type(() => Tag) tags: Tag[];
  @Nullable() @ValidateNested() @Type(() => Tag) @Doc('The main tag') main: Tag | null;
  @IsOptional() @ValidateNested() @Type(() => Tag) extra?: Tag;
}

class ThingPage extends PageOf(Thing) {}

describe('schemas from validation rules', () => {
  it('turns each rule into its JSON Schema keyword', () => {
    const { schema, refs } = schemaOf(Thing);
    expect(schema).toEqual({
      type: 'object',
      properties: {
        id: { type: 'string', format: 'uuid' },
        name: { type: 'string', maxLength: 120, description: 'What it is called', example: '读报' },
        email: { type: 'string', format: 'email' },
        count: { type: 'integer', minimum: 1, maximum: 10 },
        amount: { type: 'integer', minimum: 0 },
        kind: { type: 'string', enum: ['a', 'b'] },
        done: { type: 'boolean' },
        at: { type: 'string', format: 'date-time' },
        note: { type: 'string', nullable: true },
        code: { type: 'string', pattern: '^\\d{6}$' },
        letters: { type: 'array', items: { type: 'string', enum: ['x', 'y'] } },
        tags: { type: 'array', items: { $ref: '#/components/schemas/Tag' }, maxItems: 3 },
        main: { allOf: [{ $ref: '#/components/schemas/Tag' }], description: 'The main tag', nullable: true },
        extra: { $ref: '#/components/schemas/Tag' },
      },
      required: ['id', 'name', 'count', 'amount', 'kind', 'done', 'at', 'note', 'code', 'letters', 'tags', 'main'],
    });
    expect(new Set(refs)).toEqual(new Set([Tag]));
  });

  it('follows references, and names a page after its own class', () => {
    const schemas = schemasFor([ThingPage]);
    expect(Object.keys(schemas).sort()).toEqual(['Tag', 'Thing', 'ThingPage']);
    expect(schemas.ThingPage).toEqual({
      type: 'object',
      properties: {
        items: { type: 'array', items: { $ref: '#/components/schemas/Thing' } },
        nextCursor: { type: 'string', nullable: true, description: 'The cursor of the next page; null on the last page' },
      },
      required: ['items', 'nextCursor'],
    });
    expect(schemas.Tag).toEqual({
      type: 'object',
      properties: { label: { type: 'string', minLength: 1, maxLength: 20 } },
      required: ['label'],
    });
  });

  it('refuses two different shapes under one name', () => {
    const Other = (() => {
      class Tag {
        @IsString() other: string;
      }
      return Tag;
    })();
    expect(() => schemasFor([Tag, Other])).toThrow('Two shapes are named Tag');
  });
});
