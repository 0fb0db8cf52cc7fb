import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsIn, IsNotEmpty, IsOptional, IsString, Length, MaxLength } from 'class-validator';
import { Locales, type Locale } from '../../users/locale';
import { UserView } from '../../users/dto/user.dto';

/** Emails compare lower-cased and trimmed: `Wang@Example.org ` and `wang@example.org` are one account. */
export const normaliseEmail = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' ? value.trim().toLowerCase() : value;

const trim = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);

export class RegisterDto {
  @ApiProperty({ example: 'wang@example.org', maxLength: 254 })
  @Transform(normaliseEmail)
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(254)
  email: string;

  @ApiProperty({ minLength: 8, maxLength: 128, example: 'correct-horse-battery' })
  @IsString()
  @Length(8, 128)
  password: string;

  @ApiProperty({ minLength: 1, maxLength: 64, example: '居民小王' })
  @Transform(trim)
  @IsString()
  @Length(1, 64)
  displayName: string;

  @ApiPropertyOptional({ enum: Locales, default: 'zh-CN' })
  @IsOptional()
  @IsIn(Locales)
  locale?: Locale;
}

export class LoginDto {
  @ApiProperty({ example: 'resident@demo.goodloop.local' })
  @Transform(normaliseEmail)
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(254)
  email: string;

  @ApiProperty({ example: 'GoodLoop-demo-2026' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(128)
  password: string;
}

export class RefreshDto {
  @ApiProperty({ description: 'The refresh token from the last register, login or refresh answer' })
  @IsString()
  @Length(16, 256)
  refreshToken: string;
}

export class AuthResultView {
  @ApiProperty({ type: () => UserView })
  user: UserView;

  @ApiProperty({ description: 'JWT (HS256) for `Authorization: Bearer …`' })
  accessToken: string;

  @ApiProperty({ description: 'Opaque; rotates on every use; reusing a spent one revokes the session' })
  refreshToken: string;

  @ApiProperty({ description: 'Seconds until the access token expires', example: 900 })
  expiresIn: number;
}
