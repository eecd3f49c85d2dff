/**
 * dicomParser, imported once. The package ships a UMD bundle whose types declare named exports
 * but whose runtime shape is `module.exports = { parseDicom, … }`: Node's ESM loader and Vite's
 * CommonJS interop both put it on `default`, so take `default` when present.
 */
import * as ns from 'dicom-parser';

type DicomParserLib = typeof ns;

/** The dicomParser API object. */
export const dicomParser: DicomParserLib =
  (ns as unknown as { default?: DicomParserLib }).default ?? ns;
