/**
 * Python core metadata (Metadata-Version 1.0 - 2.4) as parsed from METADATA / PKG-INFO. Single-use fields are
 * null when absent; multiple-use fields are arrays, empty when absent.
 */
export interface CoreMetadata {
  metadataVersion: string | null;
  name: string;
  version: string;
  summary: string | null;
  description: string | null;
  descriptionContentType: string | null;
  keywords: string[];
  homePage: string | null;
  downloadUrl: string | null;
  author: string | null;
  authorEmail: string | null;
  maintainer: string | null;
  maintainerEmail: string | null;
  license: string | null;
  licenseExpression: string | null;
  licenseFiles: string[];
  classifiers: string[];
  requiresDist: string[];
  requiresPython: string | null;
  requiresExternal: string[];
  /** From "Project-URL: Label, URL"; a later entry with the same label wins, as on pypi.org. */
  projectUrls: Record<string, string>;
  providesExtra: string[];
  platforms: string[];
  supportedPlatforms: string[];
  dynamic: string[];
  /** Every header, unfolded, under its lower-cased name, in file order (the body is not included). */
  raw: Record<string, string[]>;
}
