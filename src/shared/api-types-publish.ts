/**
 * JSON shapes of the publishing endpoints: the open-data catalogue (DCAT-like) and the JSON form of
 * each open-data resource. The schema of every resource is documented in docs/opendata.md.
 */

export interface OpenDataFieldDto {
  /** stable English id: the JSON key, documented in docs/opendata.md */
  id: string;
  /** the CSV header (Japanese) */
  title: string;
  /** string / integer / number / boolean / date (ISO 8601) / uuid / list */
  type: string;
  description: string;
}

export interface OpenDataLicenseDto {
  /** SPDX id, e.g. CC-BY-4.0 */
  id: string;
  title: string;
  url: string;
}

export interface OpenDataPublisherDto {
  /** 全国地方公共団体コード */
  lgCode: string;
  name: string;
  prefecture: string;
}

/** dcat:Distribution */
export interface OpenDataDistributionDto {
  title: string;
  /** CSV / JSON */
  format: string;
  mediaType: string;
  /** absolute URL */
  downloadURL: string;
  characterSet: 'UTF-8';
  /** CSV only: the file starts with a BOM and lines end in CRLF */
  notes: string;
}

/** dcat:Dataset */
export interface OpenDataDatasetDto {
  /** `${lgCode}_${resource}`, stable */
  identifier: string;
  resource: string;
  title: string;
  description: string;
  keywords: string[];
  /** ISO date (Asia/Tokyo) of the latest change in the published rows; null when nothing is published yet */
  modified: string | null;
  license: OpenDataLicenseDto;
  /** 'available', or 'not_modelled' for data the system does not hold yet (no distributions) */
  status: 'available' | 'not_modelled';
  /** number of records in each distribution */
  recordCount: number;
  fields: OpenDataFieldDto[];
  distributions: OpenDataDistributionDto[];
}

/** dcat:Catalog */
export interface OpenDataCatalogDto {
  title: string;
  description: string;
  publisher: OpenDataPublisherDto;
  language: 'ja';
  license: OpenDataLicenseDto;
  modified: string | null;
  /** absolute URL of this catalogue */
  catalogURL: string;
  /** where the schema of every resource is explained */
  documentation: string;
  datasets: OpenDataDatasetDto[];
}

/** The JSON form of one resource (one file per resource). */
export interface OpenDataResourceDto {
  resource: string;
  title: string;
  description: string;
  publisher: OpenDataPublisherDto;
  license: OpenDataLicenseDto;
  modified: string | null;
  fields: OpenDataFieldDto[];
  /** one object per row; keys are the field ids, in field order */
  records: Record<string, string | number | boolean | null | string[]>[];
}
