// The logo `hello` uploads when given none: a 32×32 PNG in WeChat green (#07c160), small
// enough to live in the CLI, real enough for media/uploadimg's type and size checks.
const SAMPLE_LOGO_PNG =
  'iVBORw0KGgoAAAANSUhEUgAAACAAAAAgCAIAAAD8GO2jAAAAKklEQVR42mNgP5hAU8QwasGoBaMWjFowasGoBaMWjFowasGoBaMWDBULAEy2oD1WC9qOAAAAAElFTkSuQmCC';

export function sampleLogo(): Uint8Array {
  return new Uint8Array(Buffer.from(SAMPLE_LOGO_PNG, 'base64'));
}
