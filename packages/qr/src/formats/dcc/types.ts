/** Public types of the EU DCC verifier. */
import type { Issue } from '../../errors.ts';

export interface DccName {
  familyName?: string;
  givenName?: string;
  /** ICAO 9303 transliterations (`fnt`, `gnt`). */
  familyNameT?: string;
  givenNameT?: string;
}

/** One vaccination entry (`v`). Codes are EU value-set codes. */
export interface DccVaccination {
  targetDisease?: string;
  vaccine?: string;
  product?: string;
  manufacturer?: string;
  doseNumber?: number;
  totalDoses?: number;
  date?: string;
  country?: string;
  issuer?: string;
  certificateId?: string;
  /** EU value-set display names of the coded fields whose code the embedded value sets know. */
  names?: Partial<Record<'targetDisease' | 'vaccine' | 'product' | 'manufacturer' | 'country', string>>;
}

/** One test entry (`t`). */
export interface DccTest {
  targetDisease?: string;
  testType?: string;
  testName?: string;
  manufacturer?: string;
  sampledAt?: string;
  result?: string;
  testingCentre?: string;
  country?: string;
  issuer?: string;
  certificateId?: string;
  /** EU value-set display names of the coded fields whose code the embedded value sets know. */
  names?: Partial<Record<'targetDisease' | 'testType' | 'manufacturer' | 'result' | 'country', string>>;
}

/** One recovery entry (`r`). */
export interface DccRecovery {
  targetDisease?: string;
  firstPositive?: string;
  country?: string;
  issuer?: string;
  validFrom?: string;
  validUntil?: string;
  certificateId?: string;
  /** EU value-set display names of the coded fields whose code the embedded value sets know. */
  names?: Partial<Record<'targetDisease' | 'country', string>>;
}

/** What a DCC says, in plain names. Times are Unix seconds. */
export interface DccFields {
  issuerCountry?: string;
  issuedAt?: number;
  expiresAt?: number;
  /** Key identifier, standard base64. */
  kid?: string;
  alg?: string;
  version?: string;
  name: DccName;
  dateOfBirth?: string;
  vaccinations?: DccVaccination[];
  tests?: DccTest[];
  recoveries?: DccRecovery[];
  certificateIds: string[];
}

/** A Document Signer Certificate's key as a trust source hands it out. */
export interface DccSigner {
  /** The signing certificate; when given, its kid must match the DCC's, its key is the one verified (`publicKey` is then unused) and it supplies missing dates and EKU. */
  certificateDer?: Uint8Array;
  /** The key, when no certificate is given (with one, the certificate's key is used). */
  publicKey?: CryptoKey | JsonWebKey;
  notBefore?: Date;
  notAfter?: Date;
  /** Extended key usage OIDs (dotted). */
  extendedKeyUsage?: string[];
}

/** Where verifyDcc finds signers: by kid (standard base64 of the 8 kid bytes). */
export interface DccKeySource {
  lookup(kidBase64: string): Promise<DccSigner[]> | DccSigner[];
}

export interface DccVerification {
  state: 'valid' | 'invalid' | 'untrusted';
  errors: Issue[];
  warnings: Issue[];
  kid?: string;
}
