import { errorMessageFor } from '@goodloop/contracts/error-messages';
import type { FormInstance } from 'antd';
import type { TFunction } from 'i18next';
import { isApiError } from '../api/client';
import { currentLanguage } from '../i18n';

/**
 * One line to show the person for any error a request can end with: the text of its code in the
 * UI's language (the platform's one catalogue of error codes, libs/contracts/src/error-messages.ts),
 * else a line for its status.
 */
export function errorText(t: TFunction, error: unknown): string {
  if (!isApiError(error)) return error instanceof Error ? error.message : String(error);
  // Field errors are shown beside their fields; the line says what to do about them.
  const known = error.code === 'VALIDATION_FAILED' ? undefined : errorMessageFor(error.code, currentLanguage());
  if (known !== undefined) return known;
  switch (error.statusCode) {
    case 0:
      return t('errors.network');
    case 401:
      return t('errors.unauthorized');
    case 403:
      return t('errors.forbidden');
    case 404:
      return t('errors.notFound');
    case 429:
      return error.retryAfterSeconds !== undefined
        ? t('errors.tooMany', { seconds: error.retryAfterSeconds })
        : t('errors.tooManyNoWait');
    default:
      if (error.statusCode >= 500) return t('errors.server');
      if (error.details.length > 0) return t('errors.validation');
      // Domain errors without a translation: the server's message is the most specific text.
      return error.message;
  }
}

/**
 * Puts the server's field errors next to the form's fields (`place.name` → ['place', 'name']).
 * Returns the messages for fields the form does not show, for a form-level alert.
 */
export function applyFieldErrors(form: FormInstance, error: unknown, formFields: readonly string[]): string[] {
  if (!isApiError(error) || error.details.length === 0) return [];
  const shown = error.details.filter((d) => formFields.includes(d.field));
  form.setFields(shown.map((d) => ({ name: d.field.split('.'), errors: d.errors })));
  return error.details.filter((d) => !formFields.includes(d.field)).flatMap((d) => d.errors);
}
