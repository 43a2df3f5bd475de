import { isServerError } from '../platform/errors';
import { HttpError } from '../transport/http';

/**
 * A sign-in's refusals that only someone with the right password hears, as HTTP: a disabled
 * account (403 account_disabled) and a temporary password to replace (403
 * password_change_required), and a new password that breaks the rules (400). Anything else
 * passes through.
 */
export async function refusalsAsHttp<T>(signIn: () => Promise<T>): Promise<T> {
  try {
    return await signIn();
  } catch (error) {
    if (isServerError(error, 'account_disabled')) throw new HttpError(403, 'account_disabled', error.message);
    if (isServerError(error, 'password_change_required')) throw new HttpError(403, 'password_change_required', error.message);
    if (isServerError(error, 'invalid_input')) throw new HttpError(400, 'invalid_request', error.message);
    throw error;
  }
}
