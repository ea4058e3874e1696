import { ServerError } from './ServerError';

/**
 * An `Encrypt` element that does not decrypt to a message for this account: the ciphertext is
 * malformed or was made with another EncodingAESKey (`invalid_ciphertext`), or it names another
 * AppID (`wrong_app_id`). Carries no key material and no plaintext.
 */
export class MsgCryptError extends ServerError<'invalid_ciphertext' | 'wrong_app_id'> {
  override readonly name = 'MsgCryptError';
  readonly code: 'invalid_ciphertext' | 'wrong_app_id';

  constructor(code: MsgCryptError['code'], message: string) {
    super(message);
    this.code = code;
  }
}
