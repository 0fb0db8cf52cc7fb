import type { FormInstance } from 'antd';
import type { TFunction } from 'i18next';
import { isApiError } from '../api/client';

/** Domain error codes with their own translation under `errors.code`. */
const TRANSLATED_CODES = ['ACTIVITY_FULL', 'ATTENDANCE_ALREADY_VERIFIED', 'SELF_VERIFICATION', 'CHECK_IN_LOCKED'] as const;
type TranslatedCode = (typeof TRANSLATED_CODES)[number];

function isTranslatedCode(code: string | undefined): code is TranslatedCode {
  return (TRANSLATED_CODES as readonly (string | undefined)[]).includes(code);
}

/** One line to show the person for any error a request can end with. */
export function errorText(t: TFunction, error: unknown): string {
  if (!isApiError(error)) return error instanceof Error ? error.message : String(error);
  if (isTranslatedCode(error.code)) return t(`errors.code.${error.code}`);
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
