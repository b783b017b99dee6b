/** TypeBox schemas of POST /v1/scan. */
import { Type } from 'typebox';

export const ScanBody = Type.Object(
  {
    text: Type.String({
      minLength: 1,
      maxLength: 8192,
      description: 'The decoded QR text (any kind a scanner accepts)',
    }),
  },
  { additionalProperties: false },
);
