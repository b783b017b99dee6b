/** TypeBox schemas of POST /v1/scan. */
import { Type } from 'typebox';

export const ScanBody = Type.Object(
  {
    text: Type.String({
      minLength: 1,
      maxLength: 8192,
      description: 'The decoded QR text (any kind a scanner accepts)',
    }),
    declaration: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 1024,
        description:
          'Checkpoint officers: a movement-declaration QR scanned with the person’s code; the answer’s `declaration` says whether it is valid and theirs',
      }),
    ),
  },
  { additionalProperties: false },
);
